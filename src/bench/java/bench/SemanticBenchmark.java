package bench;

import io.llmcache.store.StoreRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import io.llmcache.LlmCacheApplication;
import io.llmcache.entry.TenantNamespace;
import io.llmcache.key.CacheKeyFactory;
import io.llmcache.key.LlmRequest;
import io.llmcache.key.SemanticKey;
import io.llmcache.lookup.Lookup;
import io.llmcache.lookup.LookupResult;
import io.llmcache.lookup.LookupService;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;
import io.llmcache.policy.PolicyService;
import io.llmcache.semantic.Embedder;
import io.llmcache.store.NewEntry;
import io.llmcache.store.StoreService;
import io.llmcache.vector.Neighbour;
import io.llmcache.vector.StoredVector;
import io.llmcache.vector.VectorIndex;
import io.llmcache.vector.VectorScope;
import io.llmcache.vector.VectorSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The semantic benchmark's driver (see {@code bench/README.md},
 * {@code bench/semantic.sh}). Runs the service's own application context in process
 * against a real Redis, fills one partition ({@value #TENANT}/{@value #NAMESPACE},
 * semantic matching on) through {@link StoreService#store} with entries whose vectors the
 * service's embedder computed (the in-process ONNX model), and at each size of
 * {@code BENCH_SEMANTIC_SIZES} (10,000 and 100,000 by default) measures, one call at a
 * time and interleaved in rounds:
 * <ul>
 * <li>the embedding of a text not seen before, alone (the service's embedder bean, its
 * cache missing);</li>
 * <li>the index search alone ({@link VectorIndex#nearest} with as many candidates as a
 * lookup asks for, the query's vector computed beforehand);</li>
 * <li>the whole semantic lookup ({@link LookupService#lookup} of a text not stored: exact
 * and normalized miss, embedding, index, candidates read back and checked);</li>
 * <li>a baseline lookup that tries only the exact and normalized keys.</li>
 * </ul>
 * It also computes the index's recall@1 against brute-force cosine over the same vectors,
 * and the heap an index of the partition holds per vector. With {@code startup} as its
 * argument it instead watches a service jar that the script started: the time to HTTP
 * readiness and until semantic lookups of stored entries hit. It asserts no time limit:
 * it prints figures, as Markdown, on standard output.
 */
public final class SemanticBenchmark {

	static final String TENANT = "bench";

	static final String NAMESPACE = "semantic";

	static final String MODEL = "gpt-4o-mini";

	/** As many candidates as {@code SemanticMatcher} asks the index for. */
	private static final int CANDIDATES = 5;

	/**
	 * Turns one question into several distinct texts, as users ask the same thing in
	 * other words; the stored partition and the queries both use them.
	 */
	private static final List<String> TEMPLATES = List.of("%s", "Quick question: %s", "%s Please keep it short.",
			"Could you explain this? %s", "%s Explain it to a beginner.", "I was wondering: %s");

	private static final int HELD_OUT_QUESTIONS = 3_000;

	private static final int FILL_BATCH = 64;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final LookupService lookups;

	private final StoreService stores;

	private final Embedder embedder;

	private final VectorIndex index;

	private final VectorSource source;

	private final CacheKeyFactory keyFactory;

	private final NamespacePolicy policy;

	private final StringRedisTemplate redis;

	private final ExecutorService embedding = Executors.newSingleThreadExecutor();

	private final JsonNode response = JSON
		.readTree("{\"text\":\"" + "An answer of about two hundred bytes. ".repeat(5) + "\"}");

	private final PrintStream out;

	private SemanticBenchmark(ConfigurableApplicationContext context, PrintStream out) {
		this.out = out;
		this.lookups = context.getBean(LookupService.class);
		this.stores = context.getBean(StoreService.class);
		this.embedder = context.getBean(Embedder.class);
		this.index = context.getBean(VectorIndex.class);
		this.source = context.getBean(VectorSource.class);
		this.keyFactory = context.getBean(CacheKeyFactory.class);
		this.redis = context.getBean(StringRedisTemplate.class);
		this.policy = context.getBean(PolicyService.class).policyFor(TENANT, NAMESPACE);
		if (!this.policy.matchTypes().contains(MatchType.SEMANTIC)) {
			throw new IllegalStateException("namespace " + NAMESPACE + " does not match semantically");
		}
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && "startup".equals(args[0])) {
			SemanticStartup.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		Map<String, String> env = System.getenv();
		List<Integer> sizes = Stream.of(env.getOrDefault("BENCH_SEMANTIC_SIZES", "10000 100000").trim().split("\\s+"))
			.map(Integer::parseInt)
			.toList();
		int iterations = Integer.parseInt(env.getOrDefault("BENCH_SEMANTIC_ITERATIONS", "1000"));
		int recallQueries = Integer.parseInt(env.getOrDefault("BENCH_SEMANTIC_RECALL_QUERIES", "2000"));
		Path evalDir = Path.of(env.getOrDefault("BENCH_SEMANTIC_EVAL_DIR", "../shared/eval"));
		Path probes = Path.of(env.getOrDefault("BENCH_SEMANTIC_PROBES", "semantic-probes.jsonl"));
		// The tables alone go to standard output; the application's log goes with the
		// driver's to standard error.
		PrintStream tables = System.out;
		System.setOut(System.err);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(LlmCacheApplication.class).run(
				"--server.port=0", "--spring.main.banner-mode=off",
				"--spring.data.redis.host=" + env.getOrDefault("REDIS_HOST", "127.0.0.1"),
				"--spring.data.redis.port=" + env.getOrDefault("REDIS_PORT", "6379"),
				"--llmcache.policy.namespaces." + NAMESPACE + ".match-types=exact,normalized,semantic");
		try {
			new SemanticBenchmark(context, tables).run(sizes, iterations, recallQueries, evalDir, probes);
		}
		finally {
			context.close();
		}
		System.exit(0); // the embedding thread
	}

	private void run(List<Integer> sizes, int iterations, int recallQueries, Path evalDir, Path probes)
			throws Exception {
		// Texts: distinct questions of the evaluation data, each in several wordings;
		// some questions are held out, never stored, and asked as queries.
		List<String> questions = questions(evalDir);
		Collections.shuffle(questions, new Random(42));
		List<String> heldOut = questions.subList(0, HELD_OUT_QUESTIONS);
		List<String> storedQuestions = questions.subList(HELD_OUT_QUESTIONS, questions.size());
		int largest = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
		List<String> stored = variants(storedQuestions, new Random(43));
		List<String> queries = variants(heldOut, new Random(44));
		int warmup = Math.max(100, iterations / 5);
		int queriesNeeded = sizes.size() * (recallQueries + 2 * (warmup + iterations));
		if (stored.size() < largest || queries.size() < queriesNeeded) {
			throw new IllegalStateException("not enough texts: " + stored.size() + " to store (" + largest
					+ " needed), " + queries.size() + " to ask (" + queriesNeeded + " needed)");
		}
		log("%,d distinct questions: %,d texts to store, %,d held-out texts to ask", questions.size(), stored.size(),
				queries.size());
		int nextQuery = 0;

		SemanticKey anyKey = semanticKey(stored.get(0));
		VectorScope scope = new VectorScope(TENANT, NAMESPACE, anyKey.contextDigest());
		this.embedder.embed("warm up"); // loads the model, not measured
		long redisBefore = usedMemory();

		List<String> latencyRows = new ArrayList<>();
		List<String> summaryRows = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		int filled = 0;
		double fillSeconds = 0;
		double embedSeconds = 0;
		for (int size : sizes) {
			// 1. Fill up to this size, as the service stores: embeddings are computed in
			// batches first (they land in the embedder's cache, where the store finds
			// them).
			long fillStart = System.nanoTime();
			long embedNanos = 0;
			// The next batch is embedded while this one is stored, as concurrent requests
			// would keep both busy.
			CompletableFuture<Long> embedded = embedAsync(stored.subList(filled, Math.min(size, filled + FILL_BATCH)));
			while (filled < size) {
				List<String> batch = stored.subList(filled, Math.min(size, filled + FILL_BATCH));
				embedNanos += embedded.join();
				int next = filled + batch.size();
				embedded = (next < size) ? embedAsync(stored.subList(next, Math.min(size, next + FILL_BATCH)))
						: CompletableFuture.completedFuture(0L);
				for (String text : batch) {
					store(text);
				}
				if (next / 10_000 > filled / 10_000) {
					log("stored %,d entries (%.0f s)", next, (System.nanoTime() - fillStart) / 1e9);
				}
				filled = next;
			}
			fillSeconds += (System.nanoTime() - fillStart) / 1e9;
			embedSeconds += embedNanos / 1e9;
			awaitIndexed(size);
			List<StoredVector> vectors = new ArrayList<>(size);
			this.source.forEach(TENANT, NAMESPACE, vectors::add);
			if (vectors.size() != size) {
				throw new IllegalStateException("Redis holds " + vectors.size() + " vectors, not " + size);
			}
			int segments = this.index.segments();
			log("%,d entries stored and indexed (%d segments); measuring", size, segments);

			// 2. Queries: held-out texts, never stored and never embedded before.
			List<String> recallTexts = queries.subList(nextQuery, nextQuery += recallQueries);
			List<float[]> recallVectors = this.embedder.embedAll(recallTexts);
			List<String> embedTexts = queries.subList(nextQuery, nextQuery += warmup + iterations);
			List<String> lookupTexts = queries.subList(nextQuery, nextQuery += warmup + iterations);
			int[] hits = new int[1];
			int[] degraded = new int[1];
			Set<MatchType> withoutSemantic = EnumSet.of(MatchType.EXACT, MatchType.NORMALIZED);
			String[] names = { "embedding alone (text not seen before)",
					"index search alone (" + CANDIDATES + " nearest, vector given)",
					"semantic lookup (LookupService.lookup, not stored: exact, normalized, semantic)",
					"baseline: lookup, exact and normalized only (same texts)" };
			List<IntConsumer> scenarios = List.of((i) -> this.embedder.embed(embedTexts.get(i)),
					(i) -> this.index.nearest(scope, recallVectors.get(i % recallVectors.size()), CANDIDATES), (i) -> {
						LookupResult answer = this.lookups.lookup(lookup(lookupTexts.get(i), null));
						hits[0] += (i >= warmup && answer instanceof LookupResult.Hit) ? 1 : 0;
						degraded[0] += (answer instanceof LookupResult.Miss miss && miss.degraded()) ? 1 : 0;
					}, (i) -> this.lookups.lookup(lookup(lookupTexts.get(i), withoutSemantic)));
			long[][] samples = InterleavedRounds.measure(scenarios, warmup, iterations);
			double[] p50 = new double[scenarios.size()];
			for (int s = 0; s < scenarios.size(); s++) {
				long[] sorted = samples[s].clone();
				Arrays.sort(sorted);
				p50[s] = millis(sorted, 0.50);
				latencyRows.add(String.format(Locale.ROOT, "| %,d | %s | %.3f | %.3f | %.3f |", size, names[s], p50[s],
						millis(sorted, 0.99), sorted[sorted.length - 1] / 1e6));
			}

			// 3. Recall@1 of the index against brute force over the same vectors.
			Recall recall = recall(scope, vectors, recallVectors);
			long[] exactTimes = recall.exactNanos().clone();
			Arrays.sort(exactTimes);
			latencyRows.add(String.format(Locale.ROOT,
					"| %,d | baseline: exact search, brute-force cosine over every vector (one thread, %,d queries, not interleaved) | %.3f | %.3f | %.3f |",
					size, exactTimes.length, millis(exactTimes, 0.50), millis(exactTimes, 0.99),
					exactTimes[exactTimes.length - 1] / 1e6));

			// 4. Heap held by an index of this partition's vectors.
			Memory memory = memory(vectors);

			summaryRows.add(
					String.format(Locale.ROOT, "| %,d | %.3f | %.3f | %.3f | %.4f (%,d of %,d) | %.4f | %,.0f | %.1f |",
							size, p50[1], p50[2] - p50[0], p50[2] - p50[0] - p50[3], recall.atOne(), recall.found(),
							recallVectors.size(), recall.atFive(), memory.bytesPerVector(), memory.buildSeconds()));
			notes.add(String.format(Locale.ROOT,
					"- %,d entries (the service's index: %d Lucene segments): %,d of the %,d measured semantic lookups hit (a held-out wording close enough to a stored one), %d degraded. "
							+ "Heap after GC: %,d bytes before a second index of the %,d vectors was built, %,d with it, %,d once it was closed "
							+ "(%,.0f bytes per vector against the heap before, %,.0f against the heap after). "
							+ "Redis `used_memory` grew by %,.0f bytes per entry stored (entry, vector, indexes, change record).",
					size, segments, hits[0], iterations, degraded[0], memory.before(), size, memory.after(),
					memory.released(), memory.bytesPerVector(), memory.bytesPerVectorReleased(),
					(usedMemory() - redisBefore) / (double) size));
			log("%,d: index p50 %.3f ms, recall@1 %.4f, %,.0f bytes per vector", size, p50[1], recall.atOne(),
					memory.bytesPerVector());
			if (size == largest) {
				writeProbes(probes, stored.subList(0, size));
			}
		}

		this.out.println("### Latency, one call at a time");
		this.out.println();
		this.out.println("| entries | scenario | p50 ms | p99 ms | max ms |");
		this.out.println("|---:|---|---:|---:|---:|");
		latencyRows.forEach(this.out::println);
		this.out.println();
		this.out.println("### Summary");
		this.out.println();
		this.out.println("| entries | index search p50 ms (target ≤ 1 at 100,000) | lookup − embedding, p50 ms "
				+ "| lookup − embedding − exact/normalized baseline, p50 ms | recall@1 (target ≥ 0.99) "
				+ "| recall@5 | JVM heap per indexed entry, bytes | index build from memory, s |");
		this.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
		summaryRows.forEach(this.out::println);
		this.out.println();
		notes.forEach(this.out::println);
		this.out.printf(Locale.ROOT,
				"- Fill: %,d entries stored through `StoreService.store` in %.1f s (%,.0f entries/s), of which %.1f s "
						+ "embedding (the ONNX model, batches of %d, embedded while the previous batch was stored); texts: %,d distinct questions of `shared/eval` "
						+ "(%,d held out as queries) in %d wordings.%n",
				filled, fillSeconds, filled / fillSeconds, embedSeconds, FILL_BATCH, questions.size(),
				HELD_OUT_QUESTIONS, TEMPLATES.size());
		this.out.printf(Locale.ROOT,
				"- %,d measured calls per scenario and size after %,d unmeasured, in 10 interleaved rounds; "
						+ "recall over %,d held-out queries; embedder %s (%d dimensions).%n",
				iterations, warmup, recallQueries, this.embedder.name(), this.embedder.dimensions());
		this.out.printf(Locale.ROOT, "- Measured at %s.%n", Instant.now(Clock.systemUTC()));
	}

	/**
	 * Embeds texts in the background; the vectors land in the embedder's cache, where the
	 * store finds them.
	 * @return the time it took, in nanoseconds
	 */
	private CompletableFuture<Long> embedAsync(List<String> texts) {
		return CompletableFuture.supplyAsync(() -> {
			long start = System.nanoTime();
			this.embedder.embedAll(texts.stream().map((text) -> semanticKey(text).text()).toList());
			return System.nanoTime() - start;
		}, this.embedding);
	}

	private long usedMemory() {
		return Long.parseLong(String.valueOf(this.redis.execute((RedisCallback<Object>) (
				connection) -> connection.serverCommands().info("memory").getProperty("used_memory"))));
	}

	private void store(String text) {
		NewEntry request = new NewEntry(new TenantNamespace(TENANT, NAMESPACE),
				new LlmRequest(MODEL, null, text, null, null), this.response, null, null, null, null);
		for (int attempt = 1;; attempt++) {
			try {
				this.stores.store(request);
				return;
			}
			catch (RuntimeException ex) {
				// A store that times out on a busy machine is tried again, not lost.
				if (attempt == 3) {
					throw ex;
				}
				log("store failed (%s); retrying", ex.getMessage());
			}
		}
	}

	private static Lookup lookup(String text, Set<MatchType> matchTypes) {
		return new Lookup(new TenantNamespace(TENANT, NAMESPACE), new LlmRequest(MODEL, null, text, null, null),
				matchTypes, null, null);
	}

	private SemanticKey semanticKey(String text) {
		return this.keyFactory
			.semanticKeyFor(TENANT, this.policy,
					new StoreRequest(NAMESPACE, MODEL, null, text, null, null, this.response, null, null, null, null)
						.toLlmRequest())
			.orElseThrow();
	}

	/**
	 * Waits until the service's index holds every stored vector, and searches see them.
	 */
	private void awaitIndexed(int size) throws InterruptedException {
		long deadline = System.nanoTime() + 60_000_000_000L;
		while (this.index.size() != size) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the index holds " + this.index.size() + " vectors, not " + size);
			}
			Thread.sleep(100);
		}
		// Let the sync catch up, the index's compaction check (every 5 s) start a
		// compaction that is due, and Lucene finish merging, which would compete for the
		// CPUs.
		Thread.sleep(6_000);
		awaitMerges();
		this.index.refresh();
	}

	/** Waits until no Lucene merge thread is running (for at most 5 minutes). */
	private static void awaitMerges() throws InterruptedException {
		long start = System.nanoTime();
		while (Thread.getAllStackTraces()
			.keySet()
			.stream()
			.anyMatch((thread) -> thread.getName().startsWith("Lucene Merge"))
				&& System.nanoTime() - start < 300_000_000_000L) {
			Thread.sleep(200);
		}
		log("merges done after %.1f s", (System.nanoTime() - start) / 1e9);
	}

	/**
	 * The index's answers against exact search: the first candidate counts as found if it
	 * is the true nearest vector, or as similar to the query as that one (a tie).
	 */
	private Recall recall(VectorScope scope, List<StoredVector> vectors, List<float[]> queries) {
		int found = 0;
		int foundOfFive = 0;
		long[] exactNanos = new long[queries.size()];
		for (int q = 0; q < queries.size(); q++) {
			float[] query = queries.get(q);
			long start = System.nanoTime();
			List<Scored> exact = exactNearest(vectors, query, CANDIDATES);
			exactNanos[q] = System.nanoTime() - start;
			List<Neighbour> approximate = this.index.nearest(scope, query, CANDIDATES);
			if (!approximate.isEmpty() && (approximate.get(0).entryDigest().equals(exact.get(0).digest())
					|| approximate.get(0).similarity() >= exact.get(0).similarity() - 1e-5)) {
				found++;
			}
			Set<String> truth = new HashSet<>();
			exact.forEach((scored) -> truth.add(scored.digest()));
			foundOfFive += (int) approximate.stream().filter((n) -> truth.contains(n.entryDigest())).count();
		}
		return new Recall(found, found / (double) queries.size(), foundOfFive / (double) (queries.size() * CANDIDATES),
				exactNanos);
	}

	private static List<Scored> exactNearest(List<StoredVector> vectors, float[] query, int count) {
		Scored[] best = new Scored[count];
		for (StoredVector candidate : vectors) {
			float[] vector = candidate.vector();
			double dot = 0;
			for (int d = 0; d < vector.length; d++) {
				dot += vector[d] * query[d];
			}
			if (best[count - 1] == null || dot > best[count - 1].similarity()) {
				int at = count - 1;
				while (at > 0 && (best[at - 1] == null || dot > best[at - 1].similarity())) {
					best[at] = best[at - 1];
					at--;
				}
				best[at] = new Scored(candidate.entryDigest(), dot);
			}
		}
		return Arrays.stream(best).filter((scored) -> scored != null).toList();
	}

	/**
	 * The heap (after GC) that a second index of the same vectors holds, as the service's
	 * index holds them after its rebuild from Redis.
	 */
	private static Memory memory(List<StoredVector> vectors) throws Exception {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long before = heapAfterGc(memory);
		long[] built = buildAndClose(vectors, memory);
		// Measured again once the index is gone (and unreachable: it was a local of the
		// method that returned): if the rest of the heap drifted meanwhile, the two
		// differences disagree.
		long released = heapAfterGc(memory);
		return new Memory(before, built[0], released, (built[0] - before) / (double) vectors.size(),
				(built[0] - released) / (double) vectors.size(), built[1] / 1e9);
	}

	/**
	 * Builds a second index of the vectors, measures the heap with it, and closes it.
	 * @return the heap after GC with the index, and the time the build took in
	 * nanoseconds
	 */
	private static long[] buildAndClose(List<StoredVector> vectors, MemoryMXBean memory) throws Exception {
		long start = System.nanoTime();
		VectorIndex second = new VectorIndex();
		vectors.forEach(second::put);
		second.refresh();
		long buildNanos = System.nanoTime() - start;
		awaitMerges();
		long after = heapAfterGc(memory);
		if (second.size() != vectors.size()) {
			throw new IllegalStateException("unreachable: keeps the index alive until measured");
		}
		// close() is package-private (the container calls it); without it the reopen
		// thread keeps the index, and its heap, alive.
		Method close = VectorIndex.class.getDeclaredMethod("close");
		close.setAccessible(true);
		close.invoke(second);
		return new long[] { after, buildNanos };
	}

	private static long heapAfterGc(MemoryMXBean memory) throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(300);
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

	/** Distinct questions of the evaluation files, in file order. */
	private static List<String> questions(Path evalDir) throws IOException {
		Map<String, String> distinct = new LinkedHashMap<>();
		for (String file : List.of("qqp-dev.jsonl", "stsb-dev.jsonl", "paraphrase-positives.jsonl",
				"llm-paraphrases-with-context.jsonl")) {
			for (String line : Files.readAllLines(evalDir.resolve(file), StandardCharsets.UTF_8)) {
				if (line.isBlank()) {
					continue;
				}
				JsonNode pair = JSON.readTree(line);
				for (String field : List.of("q1", "q2")) {
					String text = pair.path(field).asString("").replaceAll("\\s+", " ").strip();
					if (text.length() >= 10 && text.length() <= 500) {
						distinct.putIfAbsent(text.toLowerCase(Locale.ROOT), text);
					}
				}
			}
		}
		return new ArrayList<>(distinct.values());
	}

	/** Every question in every wording, shuffled. */
	private static List<String> variants(List<String> questions, Random random) {
		List<String> texts = new ArrayList<>(questions.size() * TEMPLATES.size());
		for (String question : questions) {
			for (String template : TEMPLATES) {
				texts.add(String.format(Locale.ROOT, template, question));
			}
		}
		Collections.shuffle(texts, random);
		return texts;
	}

	/** Stored texts, spread over the fill, for the start-up run to look up. */
	private static void writeProbes(Path file, List<String> stored) throws IOException {
		List<String> lines = new ArrayList<>();
		int count = 20;
		for (int i = 0; i < count; i++) {
			lines.add(JSON.writeValueAsString(stored.get((int) ((long) i * (stored.size() - 1) / (count - 1)))));
		}
		Files.write(file, lines, StandardCharsets.UTF_8);
	}

	private static double millis(long[] sorted, double quantile) {
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
	}

	static void log(String format, Object... args) {
		System.err.printf(Locale.ROOT, "[semantic %s] %s%n",
				Instant.now(Clock.systemUTC()).toString().substring(11, 19), String.format(Locale.ROOT, format, args));
	}

	private record Scored(String digest, double similarity) {

	}

	private record Recall(int found, double atOne, double atFive, long[] exactNanos) {

	}

	private record Memory(long before, long after, long released, double bytesPerVector, double bytesPerVectorReleased,
			double buildSeconds) {

	}

}
