package io.llmcache.prefix;

import io.llmcache.entry.TenantNamespace;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import bench.InterleavedRounds;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import io.llmcache.key.LlmRequest;
import io.llmcache.system.Digests;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The prefix benchmark's driver (see {@code bench/README.md}, {@code bench/prefix.sh}):
 * fills a real Redis with {@code BENCH_PREFIX_BLOCKS} blocks (1,000,000 by default)
 * through the index's own store script, stores one 8,000-token conversation through the
 * indexer, then measures the in-process cost of a prefix lookup of that conversation
 * (canonical token sequence from the segment cache, chained hashes, the index walk) with
 * the block cache warm (the text was seen on this replica; the cache's default 2 s TTL
 * applies, so a walk of Redis every 2 s is included) and cold (every lookup walks Redis),
 * beside two baselines of the same run: one Redis {@code GET} on the same connection and
 * one SHA-256 of the request's text. It reports memory per block in Redis
 * ({@code used_memory}) and in the JVM (heap held by the block cache and the segment
 * cache). It asserts no time limit: it prints figures, as Markdown, on standard output.
 */
public final class PrefixBenchmark {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TENANT = "bench";

	private static final String NAMESPACE = "prefix";

	private PrefixBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String host = System.getenv().getOrDefault("REDIS_HOST", "127.0.0.1");
		int port = Integer.parseInt(System.getenv().getOrDefault("REDIS_PORT", "6379"));
		int blocks = Integer.parseInt(System.getenv().getOrDefault("BENCH_PREFIX_BLOCKS", "1000000"));
		int iterations = Integer.parseInt(System.getenv().getOrDefault("BENCH_PREFIX_ITERATIONS", "20000"));
		LettuceConnectionFactory connections = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(host, port));
		connections.afterPropertiesSet();
		connections.start();
		try {
			new PrefixBenchmark().run(new StringRedisTemplate(connections), blocks, iterations);
		}
		finally {
			connections.destroy();
		}
	}

	private void run(StringRedisTemplate redis, int blockCount, int iterations) throws Exception {
		PrefixProperties properties = properties(blockCount + 10_000);
		PrefixIndexRepository repository = new PrefixIndexRepository(redis);
		TenantNamespace partition = new TenantNamespace(TENANT, NAMESPACE);
		long ttl = Duration.ofHours(1).toMillis();

		// 1. Fill: conversations of 8,000 random tokens (125 blocks each), stored as the
		// indexer stores them; their hashes are as random as real text's.
		long memoryBefore = usedMemory(redis);
		Random random = new Random(42);
		List<List<Block>> filled = new ArrayList<>();
		int stored = 0;
		long fillStart = System.nanoTime();
		while (stored < blockCount) {
			int[] ids = new int[Math.min(8_000, (blockCount - stored) * BlockChain.BLOCK_IDS)];
			ids[0] = Markers.ROLES.get("user");
			for (int i = 1; i < ids.length; i++) {
				ids[i] = random.nextInt(200_000);
			}
			List<Block> chain = BlockChain.of(TENANT, NAMESPACE, new TokenSequence("o200k_base",
					List.of(new TokenSequence.Tokenized("user", ids, ids.length - 1)), false));
			long now = System.currentTimeMillis();
			repository.store(partition, chain, "entry-" + filled.size(), now, now + ttl, 4, 1000);
			stored += chain.size();
			if (filled.size() < 2_000) {
				filled.add(chain);
			}
			else {
				filled.add(null);
			}
		}
		double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
		long memoryAfter = usedMemory(redis);
		System.err.printf("filled %,d blocks in %.1f s%n", stored, fillSeconds);

		// 2. The conversation under test: 8,000 tokens of text in 9 segments, stored
		// once.
		TokenSequenceFactory sequences = new TokenSequenceFactory(new Tokenizers(properties),
				new SegmentTokenCache(properties), properties);
		PrefixIndex warmIndex = new PrefixIndex(repository, properties);
		LlmRequest request = conversation(8_000);
		TokenSequence sequence = sequences.of(request);
		List<Block> requestBlocks = BlockChain.of(TENANT, NAMESPACE, sequence);
		long now = System.currentTimeMillis();
		warmIndex.record(partition, requestBlocks, "the-entry", now, now + ttl);

		String text = JSON.writeValueAsString(request.messages());
		byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
		redis.opsForValue().set("bench:floor", "x".repeat(100));

		Supplier<Integer> warm = () -> lookup(sequences, warmIndex, partition, request);
		// What PrefixIndex.match does when no block is cached: one walk of every block.
		Supplier<Integer> cold = () -> {
			List<IndexedBlock> found = repository.walk(partition,
					BlockChain.of(TENANT, NAMESPACE, sequences.of(request)));
			return found.isEmpty() ? 0 : found.get(found.size() - 1).endTokens();
		};
		Supplier<Integer> redisGet = () -> redis.opsForValue().get("bench:floor").length();
		Supplier<Integer> sha256 = () -> Digests.sha256(textBytes).length;
		int expected = warm.get();
		if (expected != sequence.totalTokens() || cold.get() != expected) {
			throw new IllegalStateException("the stored conversation was not found whole: " + expected + " of "
					+ sequence.totalTokens() + " tokens");
		}

		// 3. Measure, interleaved in rounds so that drift in machine load falls on all.
		String[] names = { "prefix lookup, block cache warm (seen on this replica)",
				"prefix lookup, block cache cold (walks Redis)", "baseline: one Redis GET",
				"baseline: SHA-256 of the request text" };
		List<Supplier<Integer>> scenarios = List.of(warm, cold, redisGet, sha256);
		long[][] samples = InterleavedRounds.measure(
				scenarios.stream().<IntConsumer>map((scenario) -> (call) -> scenario.get()).toList(),
				Math.min(iterations, 5_000), iterations);

		// 4. JVM memory: the heap held by a block cache of every filled block we kept.
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		PrefixIndex jvmIndex = new PrefixIndex(repository, properties);
		long heapBefore = heapAfterGc(memory);
		int cachedBlocks = 0;
		for (List<Block> chain : filled) {
			if (chain != null) {
				cachedBlocks += jvmIndex.match(partition, chain).size();
			}
		}
		long heapAfter = heapAfterGc(memory);
		if (jvmIndex.match(partition, requestBlocks).isEmpty()) {
			throw new IllegalStateException("unreachable: keeps the cache alive until measured");
		}

		System.out.println("| scenario | p50 µs | p99 µs | max µs |");
		System.out.println("|---|---:|---:|---:|");
		for (int s = 0; s < scenarios.size(); s++) {
			long[] sorted = samples[s].clone();
			Arrays.sort(sorted);
			System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", names[s], micros(sorted, 0.50),
					micros(sorted, 0.99), sorted[sorted.length - 1] / 1e3);
		}
		System.out.println();
		System.out.printf(Locale.ROOT,
				"- Request: %,d tokens in %d segments (%d blocks), tokenizer %s; %,d lookups per scenario.%n",
				sequence.totalTokens(), sequence.segments().size(), requestBlocks.size(), sequence.encoding(),
				iterations);
		System.out.printf(Locale.ROOT, "- Index: %,d blocks in Redis (filled in %.1f s, %,.0f blocks/s).%n", stored,
				fillSeconds, stored / fillSeconds);
		System.out.printf(Locale.ROOT, "- Redis memory: %,d bytes for %,d blocks: **%.0f bytes per block**.%n",
				memoryAfter - memoryBefore, stored, (memoryAfter - memoryBefore) / (double) stored);
		System.out.printf(Locale.ROOT,
				"- JVM memory (block cache): %,d bytes of heap for %,d cached blocks: **%.0f bytes per block**.%n",
				heapAfter - heapBefore, cachedBlocks, (heapAfter - heapBefore) / (double) cachedBlocks);
		System.out.printf(Locale.ROOT,
				"- Segment cache: 4 bytes per id plus about 100 bytes per segment (key and entry); this request's %,d ids "
						+ "take about %,d bytes.%n",
				Arrays.stream(sequence.segments().toArray(TokenSequence.Tokenized[]::new))
					.mapToInt((t) -> t.ids().length)
					.sum(),
				Arrays.stream(sequence.segments().toArray(TokenSequence.Tokenized[]::new))
					.mapToInt((t) -> t.ids().length * 4 + 100)
					.sum());
		System.out.printf(Locale.ROOT, "- Measured at %s.%n", Instant.now(Clock.systemUTC()));
	}

	private static int lookup(TokenSequenceFactory sequences, PrefixIndex index, TenantNamespace partition,
			LlmRequest request) {
		TokenSequence sequence = sequences.of(request);
		List<IndexedBlock> matched = index.match(partition, BlockChain.of(TENANT, NAMESPACE, sequence));
		return matched.isEmpty() ? 0 : matched.get(matched.size() - 1).endTokens();
	}

	/**
	 * A system prompt (40 %), then user and assistant turns, each cut to its share of
	 * {@code tokens} by decoding its first tokens, so the whole is {@code tokens} give or
	 * take the few tokens that re-tokenizing a cut text can change.
	 */
	private static LlmRequest conversation(int tokens) {
		Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
		String[] words = ("the service caches answers of large language models for platform teams and keeps every "
				+ "tenant apart while replicas share one index")
			.split(" ");
		Random random = new Random(7);
		List<JsonNode> messages = new ArrayList<>();
		int[] shares = { 40, 8, 7, 8, 7, 8, 7, 8, 7 };
		for (int m = 0; m < shares.length; m++) {
			int target = tokens * shares[m] / 100;
			StringBuilder text = new StringBuilder();
			while (text.length() < target * 8) {
				text.append(words[random.nextInt(words.length)]).append((random.nextInt(10) == 0) ? ". " : " ");
			}
			IntArrayList ids = encoding.encodeOrdinary(text.toString());
			IntArrayList head = new IntArrayList(target);
			for (int i = 0; i < target; i++) {
				head.add(ids.get(i));
			}
			String role = (m == 0) ? "system" : (m % 2 == 1) ? "user" : "assistant";
			messages.add(JSON.createObjectNode().put("role", role).put("content", encoding.decode(head)));
		}
		return new LlmRequest("gpt-4o", messages, null, null, null);
	}

	private static PrefixProperties properties(long blockCacheSize) {
		return new PrefixProperties(true, "o200k_base",
				List.of(PrefixProperties.ModelEncoding.valueOf("gpt-4o=o200k_base")), 131_072, 4_000_000,
				blockCacheSize, Duration.ofSeconds(2), 4, 1000, Duration.ofSeconds(1),
				List.of(PrefixProperties.ProviderCaching.valueOf("openai:1024:128")));
	}

	private static long usedMemory(StringRedisTemplate redis) {
		return Long.parseLong(String.valueOf(redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) (
				connection) -> connection.serverCommands().info("memory").getProperty("used_memory"))));
	}

	private static long heapAfterGc(MemoryMXBean memory) throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

	private static double micros(long[] sorted, double quantile) {
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e3;
	}

}
