package bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.llmcache.entry.TenantNamespace;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The invalidation benchmark's driver (see {@code bench/README.md}): measures, against
 * one running service and its Redis, what an invalidation by tag costs as the tag grows,
 * beside baselines measured in the same run.
 * <p>
 * For each size N and each trial, in one namespace: it stores N entries with a fresh tag
 * and N/10 entries with another tag (which must survive) through the HTTP API, with a
 * bounded number of requests in flight; invalidates a fresh 10-entry tag and reads the
 * namespace's policy a few times (the baselines, at the same moment and in the same state
 * of the namespace); sends a dry run for the big tag, then the real invalidation; checks
 * at once that an invalidated prompt misses and a surviving one hits; then watches Redis
 * until the tag's index and every entry key it held are gone, and reads
 * {@code used_memory} before the fill, after it and after the reclaim.
 * <p>
 * Settings come from the environment: {@code LLMCACHE_URL}, {@code LLMCACHE_KEY} (admin,
 * read and write), {@code REDIS_HOST}, {@code REDIS_PORT} and the {@code BENCH_INV_*}
 * variables of {@link Settings}. Progress goes to standard error, the Markdown report to
 * standard output. The exit status is 1 when a correctness check fails (the run stops
 * there) and 2 when a count or the reclaim was not as expected (the report says where).
 * It asserts no time limit: it only prints figures.
 */
public final class InvalidationBenchmark {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String MODEL = "bench-inv-model";

	/** About 200 bytes of response text, the same in every entry. */
	private static final String ANSWER = "The cached answer of the invalidation benchmark. ".repeat(4);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

	private static final int EXISTS_BATCH = 1000;

	private static final long POLL_MILLIS = 10;

	private final Settings settings;

	private final RedisCommands<String, String> redis;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/** Keeps the tags of this run apart from those of earlier runs on the same Redis. */
	private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

	private InvalidationBenchmark(Settings settings, RedisCommands<String, String> redis) {
		this.settings = settings;
		this.redis = redis;
	}

	public static void main(String[] args) throws Exception {
		Settings settings = Settings.fromEnvironment();
		RedisClient client = RedisClient.create(RedisURI.create(settings.redisHost(), settings.redisPort()));
		int status;
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			InvalidationBenchmark benchmark = new InvalidationBenchmark(settings, connection.sync());
			List<Trial> trials = benchmark.run();
			System.out.print(new InvalidationReport(settings, trials).markdown());
			System.out.flush();
			status = trials.stream().allMatch((trial) -> trial.problems().isEmpty()) ? 0 : 2;
		}
		catch (CheckFailed ex) {
			log("FAILED: " + ex.getMessage());
			status = 1;
		}
		finally {
			client.shutdown();
		}
		System.exit(status);
	}

	private List<Trial> run() throws Exception {
		if (this.settings.warmup()) {
			warmUp();
		}
		List<Trial> trials = new ArrayList<>();
		for (int i = 0; i < this.settings.sizes().size(); i++) {
			int size = this.settings.sizes().get(i);
			for (int trial = 1; trial <= this.settings.trials().get(i); trial++) {
				trials.add(trial(size, trial));
			}
		}
		return trials;
	}

	/**
	 * Runs every call the trials measure, in a namespace of its own, so that the JIT has
	 * compiled them and the namespace measured holds only what the trials put there.
	 */
	private void warmUp() throws Exception {
		log("warming up in namespace " + this.settings.namespace() + "-warmup");
		String namespace = this.settings.namespace() + "-warmup";
		for (int round = 0; round < 6; round++) {
			// 1,500 is above the service's default exact-count limit (1,000), 20 below.
			int size = (round == 0) ? 1500 : 20;
			String tag = "warm:" + round + ":" + this.runId;
			fill(namespace, List.of(new Batch(tag, size)));
			for (int i = 0; i < 10; i++) {
				policy(namespace);
				lookup(namespace, prompt(tag, i));
			}
			invalidate(namespace, tag, true);
			Timed<JsonNode> real = invalidate(namespace, tag, false);
			lookup(namespace, prompt(tag, 0));
			awaitReclaim(new Partition(this.settings.tenant(), namespace).tagKey(tag), List.of(), size,
					System.nanoTime(), real.value());
		}
	}

	private Trial trial(int size, int trial) throws Exception {
		String id = size + ":" + trial + ":" + this.runId;
		String tag = "bulk:" + id;
		String keepTag = "keep:" + id;
		String smallTag = "ten:" + id;
		int keep = Math.max(1, size / 10);
		String namespace = this.settings.namespace();
		Partition partition = new Partition(this.settings.tenant(), namespace);
		List<String> problems = new ArrayList<>();
		log(String.format(Locale.ROOT, "%,d entries, trial %d: filling tag %s (+ %,d to keep)", size, trial, tag,
				keep));

		Memory before = memory();
		double fillSeconds = fill(namespace, List.of(new Batch(tag, size), new Batch(keepTag, keep)));
		expectIndexSize(partition.tagKey(tag), size, tag);
		expectIndexSize(partition.tagKey(keepTag), keep, keepTag);
		Memory afterFill = memory();

		// Baselines, in the namespace's current state: a trivial admin call, and a dry
		// run
		// and an invalidation of 10 entries, sent as those of the big tag are (the
		// reclaim
		// awaited, so that the sweeper is idle again).
		fill(namespace, List.of(new Batch(smallTag, 10)));
		List<String> smallMembers = this.redis.zrange(partition.tagKey(smallTag), 0, -1);
		double[] policyMillis = new double[this.settings.policyCalls()];
		for (int i = 0; i < policyMillis.length; i++) {
			policyMillis[i] = policy(namespace).millis();
		}
		Timed<JsonNode> smallDryRun = invalidate(namespace, smallTag, true);
		expectMatched("dry run of the 10-entry tag", smallDryRun.value(), 10, problems);
		Timed<JsonNode> small = invalidate(namespace, smallTag, false);
		expectMatched("invalidation of the 10-entry tag", small.value(), 10, problems);
		Reclaim smallReclaim = awaitReclaim(partition.tagKey(smallTag), smallMembers, 10, small.endNanos(),
				small.value());
		if (!smallReclaim.done()) {
			problems.add(String.format(Locale.ROOT, "the 10-entry tag was not reclaimed within %d s",
					this.settings.reclaimTimeout().toSeconds()));
		}

		Timed<JsonNode> dryRun = invalidate(namespace, tag, true);
		expectMatched("dry run", dryRun.value(), size, problems);
		List<String> members = this.redis.zrange(partition.tagKey(tag), 0, -1);
		List<String> keepMembers = this.redis.zrange(partition.tagKey(keepTag), 0, -1);
		long rules = this.redis.hlen(partition.rulesKey());
		double sweptBefore = sweptCounter();

		Timed<JsonNode> real = invalidate(namespace, tag, false);
		expectMatched("invalidation", real.value(), size, problems);
		boolean estimated = real.value().path("matchedEstimated").asBoolean(false);
		// Right after the answer, on the same replica: invalidated entries miss, others
		// hit.
		expectLookup(namespace, prompt(tag, 0), false, "an invalidated prompt");
		expectLookup(namespace, prompt(tag, size - 1), false, "an invalidated prompt");
		expectLookup(namespace, prompt(keepTag, 0), true, "a prompt with another tag");

		Reclaim reclaim = awaitReclaim(partition.tagKey(tag), members, size, real.endNanos(), real.value());
		if (!reclaim.done()) {
			problems
				.add(String.format(Locale.ROOT, "not reclaimed within %d s: %,d index members and %,d entry keys left",
						this.settings.reclaimTimeout().toSeconds(), reclaim.membersLeft(), reclaim.keysLeft()));
		}
		long survivors = existing(partition, keepMembers);
		if (survivors != keep || this.redis.zcard(partition.tagKey(keepTag)) != keep) {
			throw new CheckFailed(String.format(Locale.ROOT,
					"%,d entries with tag %s should have survived the invalidation of %s; %,d entry keys and %,d index "
							+ "members are left",
					keep, keepTag, tag, survivors, this.redis.zcard(partition.tagKey(keepTag))));
		}
		expectLookup(namespace, prompt(keepTag, keep - 1), true, "a prompt with another tag, after the sweep");
		Memory afterReclaim = memory();
		problems.addAll(inconsistencies(partition));
		double swept = awaitSweptCounter(sweptBefore, size) - sweptBefore;
		if (reclaim.done() && swept != size) {
			problems.add(String.format(Locale.ROOT, "llmcache_invalidation_swept_total grew by %,.0f, not %,d", swept,
					size));
		}

		Trial result = new Trial(size, trial, keep, (size + keep) / fillSeconds, policyMillis, smallDryRun.millis(),
				small.millis(), smallReclaim.seconds(), dryRun.millis(), real.millis(),
				real.value().path("matched").asLong(-1), estimated, rules, reclaim, swept, before, afterFill,
				afterReclaim, problems);
		log(String.format(Locale.ROOT,
				"%,d entries, trial %d: fill %,.0f/s, invalidate %.1f ms (10 entries: %.1f ms), dry run %.1f ms, "
						+ "sweep from %.2f s, reclaimed after %.2f s%s",
				size, trial, result.fillRate(), result.invalidateMillis(), result.smallMillis(), result.dryRunMillis(),
				reclaim.sweepStartSeconds(), reclaim.seconds(), problems.isEmpty() ? "" : "; PROBLEMS: " + problems));
		return result;
	}

	// ------------------------------------------------------------------ HTTP

	/**
	 * Stores the entries of some batches, interleaved, with at most
	 * {@link Settings#concurrency()} requests in flight.
	 * @return the seconds it took
	 */
	private double fill(String namespace, List<Batch> batches) throws Exception {
		int total = batches.stream().mapToInt(Batch::count).sum();
		Semaphore inFlight = new Semaphore(this.settings.concurrency());
		AtomicReference<String> failure = new AtomicReference<>();
		int[] next = new int[batches.size()];
		long start = System.nanoTime();
		for (int sent = 0; sent < total && failure.get() == null; sent++) {
			// Spread the batches evenly: the one furthest behind its share goes next.
			int pick = 0;
			double behind = Double.MAX_VALUE;
			for (int b = 0; b < batches.size(); b++) {
				double share = (double) next[b] / batches.get(b).count();
				if (next[b] < batches.get(b).count() && share < behind) {
					behind = share;
					pick = b;
				}
			}
			Batch batch = batches.get(pick);
			int index = next[pick]++;
			String body = String.format(Locale.ROOT,
					"{\"namespace\":\"%s\",\"model\":\"%s\",\"prompt\":\"%s\",\"response\":{\"text\":\"%s\"},"
							+ "\"tags\":[\"%s\"]}",
					namespace, MODEL, prompt(batch.tag(), index), index + ": " + ANSWER, batch.tag());
			inFlight.acquire();
			this.http.sendAsync(post("/v1/cache/entries", body), HttpResponse.BodyHandlers.ofString())
				.whenComplete((response, ex) -> {
					if (ex != null) {
						failure.compareAndSet(null, "store failed: " + ex);
					}
					else if (response.statusCode() != 201) {
						failure.compareAndSet(null,
								"store answered HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
					}
					inFlight.release();
				});
		}
		inFlight.acquire(this.settings.concurrency());
		inFlight.release(this.settings.concurrency());
		if (failure.get() != null) {
			throw new CheckFailed(failure.get());
		}
		return (System.nanoTime() - start) / 1e9;
	}

	private Timed<JsonNode> invalidate(String namespace, String tag, boolean dryRun) throws Exception {
		String body = String.format(Locale.ROOT, "{\"namespace\":\"%s\",\"tags\":[\"%s\"],\"dryRun\":%s}", namespace,
				tag, dryRun);
		Timed<JsonNode> answer = send(post("/v1/admin/invalidations", body), 200,
				(dryRun ? "dry run" : "invalidation"));
		if (answer.value().path("dryRun").asBoolean(!dryRun) != dryRun) {
			throw new CheckFailed(
					"the invalidation answered dryRun=" + answer.value().path("dryRun") + ": " + answer.value());
		}
		if (!dryRun && !answer.value().path("invalidationId").asString("").startsWith("inv_")) {
			throw new CheckFailed("the invalidation answered no invalidationId: " + answer.value());
		}
		return answer;
	}

	private Timed<JsonNode> policy(String namespace) throws Exception {
		return send(request("/v1/admin/namespaces/" + namespace + "/policy").GET().build(), 200, "policy read");
	}

	private boolean lookup(String namespace, String prompt) throws Exception {
		String body = String.format(Locale.ROOT, "{\"namespace\":\"%s\",\"model\":\"%s\",\"prompt\":\"%s\"}", namespace,
				MODEL, prompt);
		JsonNode answer = send(post("/v1/cache/lookup", body), 200, "lookup").value();
		if (answer.path("degraded").asBoolean(false)) {
			throw new CheckFailed("a lookup answered a degraded miss (Redis too slow): " + answer);
		}
		return answer.path("hit").asBoolean(false);
	}

	private void expectLookup(String namespace, String prompt, boolean hit, String what) throws Exception {
		if (lookup(namespace, prompt) != hit) {
			throw new CheckFailed(String.format(Locale.ROOT, "a lookup of %s (\"%s\") answered a %s", what, prompt,
					hit ? "miss" : "hit"));
		}
	}

	private Timed<JsonNode> send(HttpRequest request, int status, String what) throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		long end = System.nanoTime();
		if (response.statusCode() != status) {
			throw new CheckFailed(
					what + " answered HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
		}
		return new Timed<>(JSON.readTree(response.body()), start, end);
	}

	private HttpRequest post(String path, String json) {
		return request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.settings.url() + path))
			.timeout(REQUEST_TIMEOUT)
			.header("Authorization", "Bearer " + this.settings.apiKey());
	}

	/**
	 * The service's {@code llmcache_invalidation_swept_total}, summed over its labels.
	 */
	private double sweptCounter() throws IOException, InterruptedException {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create(this.settings.url() + "/actuator/prometheus"))
				.timeout(REQUEST_TIMEOUT)
				.build(), HttpResponse.BodyHandlers.ofString());
		return response.body()
			.lines()
			.filter((line) -> line.startsWith("llmcache_invalidation_swept_total"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	/**
	 * The counter grows when the sweeper is done with a rule, which may be a moment after
	 * the last entry key is gone.
	 */
	private double awaitSweptCounter(double before, int expected) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		double now = sweptCounter();
		while (now - before < expected && System.nanoTime() < deadline) {
			Thread.sleep(50);
			now = sweptCounter();
		}
		return now;
	}

	// ------------------------------------------------------------------ Redis

	/**
	 * Waits until an index is gone and no entry key of its former members is left.
	 * @param since when the invalidation answered
	 */
	private Reclaim awaitReclaim(String indexKey, List<String> members, int size, long since, JsonNode answer)
			throws InterruptedException {
		Partition partition = Partition.ofIndexKey(indexKey);
		long deadline = since + this.settings.reclaimTimeout().toNanos();
		double sweepStart = Double.NaN;
		while (true) {
			long card = this.redis.zcard(indexKey);
			long now = System.nanoTime();
			if (Double.isNaN(sweepStart) && card < size) {
				sweepStart = (now - since) / 1e9;
			}
			if (card == 0) {
				long left = existing(partition, members);
				if (left == 0) {
					return new Reclaim(true, sweepStart, (now - since) / 1e9, 0, 0);
				}
				if (now > deadline) {
					return new Reclaim(false, sweepStart, Double.NaN, 0, left);
				}
			}
			else if (now > deadline) {
				log("not reclaimed in time after " + answer + ": " + card + " index members left");
				return new Reclaim(false, sweepStart, Double.NaN, card, existing(partition, members));
			}
			Thread.sleep(POLL_MILLIS);
		}
	}

	/** How many of the entries with these exact digests still have an entry key. */
	private long existing(Partition partition, List<String> digests) {
		long found = 0;
		for (int from = 0; from < digests.size(); from += EXISTS_BATCH) {
			String[] keys = digests.subList(from, Math.min(digests.size(), from + EXISTS_BATCH))
				.stream()
				.map(partition::entryKey)
				.toArray(String[]::new);
			found += this.redis.exists(keys);
		}
		return found;
	}

	/**
	 * Reads the whole namespace and checks that what the sweeper left agrees with itself:
	 * every entry has its normalized pointer and no pointer is left without its entry
	 * (prompts are unique), and the namespace, model and tag indexes each hold every
	 * entry once (one model, one tag per entry, no TTL has run out).
	 */
	private List<String> inconsistencies(Partition partition) {
		long entries = 0;
		long pointers = 0;
		long all = 0;
		long byModel = 0;
		long byTag = 0;
		ScanArgs args = ScanArgs.Builder.matches(partition.keys().keyPrefix() + "*").limit(1000);
		KeyScanCursor<String> cursor = this.redis.scan(args);
		while (true) {
			for (String key : cursor.getKeys()) {
				String rest = key.substring(partition.keys().keyPrefix().length());
				if (rest.startsWith("e:")) {
					entries++;
				}
				else if (rest.startsWith("n:")) {
					pointers++;
				}
				else if (rest.equals("x:all")) {
					all += this.redis.zcard(key);
				}
				else if (rest.startsWith("x:m:")) {
					byModel += this.redis.zcard(key);
				}
				else if (rest.startsWith("x:t:")) {
					byTag += this.redis.zcard(key);
				}
			}
			if (cursor.isFinished()) {
				break;
			}
			cursor = this.redis.scan(cursor, args);
		}
		if (entries == pointers && entries == all && entries == byModel && entries == byTag) {
			return List.of();
		}
		String problem = String.format(Locale.ROOT,
				"after the sweep the namespace has %,d entries, %,d normalized pointers, %,d members in x:all, %,d in "
						+ "its model index and %,d in its tag indexes",
				entries, pointers, all, byModel, byTag);
		log(problem);
		return List.of(problem);
	}

	private void expectIndexSize(String key, int expected, String tag) {
		long size = this.redis.zcard(key);
		if (size != expected) {
			throw new CheckFailed(String.format(Locale.ROOT,
					"%,d entries were stored with tag %s but its index %s has %,d members (is BENCH_INV_TENANT the "
							+ "API key's tenant?)",
					expected, tag, key, size));
		}
	}

	private void expectMatched(String what, JsonNode answer, int expected, List<String> problems) {
		long matched = answer.path("matched").asLong(-1);
		if (matched != expected) {
			String problem = String.format(Locale.ROOT, "%s matched %,d, not %,d%s", what, matched, expected,
					answer.path("matchedEstimated").asBoolean(false) ? " (estimated)" : "");
			log(problem + ": " + answer);
			problems.add(problem);
		}
	}

	private Memory memory() {
		Map<String, String> info = Arrays.stream(this.redis.info("memory").split("\r?\n"))
			.filter((line) -> line.contains(":"))
			.collect(Collectors.toMap((line) -> line.substring(0, line.indexOf(':')),
					(line) -> line.substring(line.indexOf(':') + 1), (a, b) -> b));
		return new Memory(Long.parseLong(info.get("used_memory")), this.redis.dbsize());
	}

	// ------------------------------------------------------------------ helpers

	private static String prompt(String tag, int index) {
		return "Invalidation benchmark, " + tag + ", entry " + index + ": summarise document " + index
				+ " in one sentence.";
	}

	private static String abbreviate(String text) {
		return (text.length() <= 300) ? text : text.substring(0, 300) + "...";
	}

	static void log(String message) {
		System.err.printf(Locale.ROOT, "[invalidation %tT] %s%n", System.currentTimeMillis(), message);
	}

	static double median(double[] values) {
		return percentile(values, 50);
	}

	/**
	 * Nearest rank; the median of an even number of values is the mean of the middle two.
	 */
	static double percentile(double[] values, int percent) {
		if (values.length == 0) {
			return Double.NaN;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		if (percent == 50 && sorted.length % 2 == 0) {
			return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
		}
		int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
		return sorted[Math.max(0, rank - 1)];
	}

	static double max(double[] values) {
		return Arrays.stream(values).max().orElse(Double.NaN);
	}

	static <T> double[] each(List<T> items, ToDoubleFunction<T> value) {
		return items.stream().mapToDouble(value).toArray();
	}

	/**
	 * The benchmark's settings.
	 *
	 * @param url the service ({@code LLMCACHE_URL}, default
	 * {@code http://localhost:8080})
	 * @param apiKey an API key with the roles read, write and admin
	 * ({@code LLMCACHE_KEY})
	 * @param tenant the key's tenant, for the Redis key names ({@code BENCH_INV_TENANT},
	 * default {@code bench})
	 * @param redisHost the service's Redis ({@code REDIS_HOST}, default
	 * {@code 127.0.0.1})
	 * @param redisPort its port ({@code REDIS_PORT}, default 6379)
	 * @param namespace the namespace measured ({@code BENCH_INV_NAMESPACE}, default
	 * {@code bench-inv}); warm-up uses {@code <namespace>-warmup}
	 * @param sizes entries per invalidated tag ({@code BENCH_INV_SIZES}, default
	 * {@code 10 10000 100000})
	 * @param trials trials per size ({@code BENCH_INV_TRIALS}: one number for all sizes
	 * or one per size; default {@code 5 3 2})
	 * @param concurrency stores in flight while filling ({@code BENCH_INV_CONCURRENCY},
	 * default 32)
	 * @param policyCalls policy reads per trial, the trivial admin call's baseline
	 * ({@code BENCH_INV_POLICY_CALLS}, default 10)
	 * @param reclaimTimeout how long to wait for the sweeper per trial
	 * ({@code BENCH_INV_RECLAIM_TIMEOUT} in seconds, default 600)
	 * @param warmup whether to warm the service up first ({@code BENCH_INV_WARMUP}, 1 or
	 * 0, default 1)
	 */
	record Settings(String url, String apiKey, String tenant, String redisHost, int redisPort, String namespace,
			List<Integer> sizes, List<Integer> trials, int concurrency, int policyCalls, Duration reclaimTimeout,
			boolean warmup) {

		static Settings fromEnvironment() {
			String apiKey = env("LLMCACHE_KEY", "");
			if (apiKey.isEmpty()) {
				throw new IllegalArgumentException(
						"Set LLMCACHE_KEY to an API key with the roles read, write and admin");
			}
			List<Integer> sizes = numbers(env("BENCH_INV_SIZES", "10 10000 100000"));
			List<Integer> given = numbers(env("BENCH_INV_TRIALS", "5 3 2"));
			List<Integer> trials = (given.size() == 1) ? sizes.stream().map((size) -> given.get(0)).toList() : given;
			if (trials.size() != sizes.size()) {
				throw new IllegalArgumentException(
						"BENCH_INV_TRIALS needs one number, or one per size of BENCH_INV_SIZES");
			}
			return new Settings(env("LLMCACHE_URL", "http://localhost:8080").replaceAll("/+$", ""), apiKey,
					env("BENCH_INV_TENANT", "bench"), env("REDIS_HOST", "127.0.0.1"),
					Integer.parseInt(env("REDIS_PORT", "6379")), env("BENCH_INV_NAMESPACE", "bench-inv"), sizes, trials,
					Integer.parseInt(env("BENCH_INV_CONCURRENCY", "32")),
					Integer.parseInt(env("BENCH_INV_POLICY_CALLS", "10")),
					Duration.ofSeconds(Long.parseLong(env("BENCH_INV_RECLAIM_TIMEOUT", "600"))),
					!"0".equals(env("BENCH_INV_WARMUP", "1")));
		}

		private static String env(String name, String fallback) {
			String value = System.getenv(name);
			return (value != null && !value.isBlank()) ? value.trim() : fallback;
		}

		private static List<Integer> numbers(String text) {
			return Arrays.stream(text.split("[\\s,]+")).map((n) -> Integer.parseInt(n.replace("_", ""))).toList();
		}

	}

	/**
	 * The Redis keys of a namespace, as the service's {@link TenantNamespace} makes them.
	 */
	record Partition(String tenant, String namespace) {

		TenantNamespace keys() {
			return new TenantNamespace(this.tenant, this.namespace);
		}

		String entryKey(String exactDigest) {
			return keys().entryKey(exactDigest);
		}

		String tagKey(String tag) {
			return keys().tagIndexKey(tag);
		}

		String rulesKey() {
			return keys().rulesKey();
		}

		static Partition ofIndexKey(String key) {
			String inside = key.substring(key.indexOf('{') + 1, key.indexOf('}'));
			return new Partition(inside.substring(0, inside.indexOf('/')), inside.substring(inside.indexOf('/') + 1));
		}

	}

	/** Entries to store: {@code count} prompts with one tag. */
	record Batch(String tag, int count) {

	}

	/**
	 * An answer and when its request was sent and answered ({@link System#nanoTime()}).
	 */
	record Timed<T>(T value, long startNanos, long endNanos) {

		double millis() {
			return (this.endNanos - this.startNanos) / 1e6;
		}

	}

	/**
	 * How the sweeper reclaimed an invalidated tag, in seconds from the invalidation's
	 * answer.
	 *
	 * @param done whether the index and every entry key were gone in time
	 * @param sweepStartSeconds when the index first shrank
	 * @param seconds when the index was gone, with no entry key left
	 * @param membersLeft index members left when the wait ended unreclaimed
	 * @param keysLeft entry keys left when the wait ended unreclaimed
	 */
	record Reclaim(boolean done, double sweepStartSeconds, double seconds, long membersLeft, long keysLeft) {

	}

	/** Redis {@code used_memory} (bytes) and {@code DBSIZE}. */
	record Memory(long usedBytes, long keys) {

		double mib() {
			return this.usedBytes / 1048576.0;
		}

	}

	/**
	 * What one trial measured.
	 *
	 * @param size entries with the invalidated tag
	 * @param trial the trial's number for its size
	 * @param kept entries with another tag, which survive
	 * @param fillRate entries stored per second while filling
	 * @param policyMillis the policy reads of this trial
	 * @param smallDryRunMillis the dry run for a 10-entry tag, just before
	 * @param smallMillis the invalidation of a 10-entry tag, just before
	 * @param smallReclaimSeconds its reclaim
	 * @param dryRunMillis the dry run for the tag
	 * @param invalidateMillis the invalidation of the tag
	 * @param matched what the invalidation answered as {@code matched}
	 * @param estimated what it answered as {@code matchedEstimated}
	 * @param rules rules already in force in the namespace when it was sent
	 * @param reclaim the sweeper's work afterwards
	 * @param swept how much {@code llmcache_invalidation_swept_total} grew meanwhile
	 * @param before Redis memory before the fill
	 * @param afterFill after the fill
	 * @param afterReclaim after the reclaim
	 * @param problems counts or reclaims that were not as expected
	 */
	record Trial(int size, int trial, int kept, double fillRate, double[] policyMillis, double smallDryRunMillis,
			double smallMillis, double smallReclaimSeconds, double dryRunMillis, double invalidateMillis, long matched,
			boolean estimated, long rules, Reclaim reclaim, double swept, Memory before, Memory afterFill,
			Memory afterReclaim, List<String> problems) {

	}

	/** A check of the service's behaviour failed: the run stops. */
	static final class CheckFailed extends RuntimeException {

		CheckFailed(String message) {
			super(message);
		}

	}

}
