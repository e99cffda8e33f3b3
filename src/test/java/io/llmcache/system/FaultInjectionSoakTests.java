package io.llmcache.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.RedisTestServer;
import io.llmcache.TestApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service under steady load while its Redis fails in each way Redis fails: paused,
 * killed (SIGKILL) and restarted, slow (a command that holds it 400 ms at a time), and
 * full ({@code maxmemory} reached); and while another tenant stores 500 KB prompts, which
 * must cost this tenant nothing it can see. Whatever happens, callers get answers the API
 * documents (200, 201, 503), never a 500; no store that was acknowledged is lost (the
 * Redis here writes its append-only file before it answers, as a durable deployment
 * does); and the service serves again within a second of Redis. Prints, per fault and
 * beside the same load without one, the answers by status, the recovery time (from the
 * end of the fault to the first acknowledged store) and the acknowledged stores lost,
 * which {@code bench/faults.sh} collects.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class FaultInjectionSoakTests {

	private static final int REDIS_PORT = RedisTestServer.freePort();

	private static final Path REDIS_DIRECTORY = directory();

	private static RedisTestServer redisServer = RedisTestServer.startDurable(REDIS_PORT, REDIS_DIRECTORY);

	private static final Duration FAULT = Duration.ofSeconds(2);

	private static final int CLIENTS = 4;

	/** Counted apart from the 200s: a lookup answered as a degraded miss. */
	private static final int DEGRADED = 299;

	@LocalServerPort
	int port;

	private final Queue<String> acknowledged = new ConcurrentLinkedQueue<>();

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> REDIS_PORT);
		registry.add("spring.data.redis.timeout", () -> "250ms");
	}

	@AfterAll
	static void stopRedis() {
		redisServer.stop();
	}

	@Test
	void everyFaultIsAnsweredAsDocumentedAndLosesNoAcknowledgedStore() throws Exception {
		List<Outcome> outcomes = new ArrayList<>();
		for (Fault fault : Fault.values()) {
			outcomes.add(underLoad(fault));
		}
		long lost = this.acknowledged.stream()
			.filter((entryId) -> new ApiClient(this.port).get("/v1/cache/entries/" + entryId, TestApiKeys.ACME_ADMIN)
				.status() != 200)
			.count();
		System.out.println(table(outcomes, lost, this.acknowledged.size()));

		for (Outcome outcome : outcomes) {
			assertThat(outcome.statuses().keySet()).as(outcome.fault() + ": statuses")
				.isSubsetOf(200, DEGRADED, 201, 503);
			assertThat(outcome.statuses().get(201)).as(outcome.fault() + ": acknowledged stores").isPositive();
			if (outcome.fault() == Fault.NONE || outcome.fault() == Fault.BIG_PROMPTS_OF_ANOTHER_TENANT) {
				// Another tenant's big prompts are not a fault of this tenant's
				assertThat(outcome.statuses().keySet()).as(outcome.fault() + ": statuses").containsOnly(200, 201);
			}
			else {
				// Each fault was felt: some operations answered 503 (a full Redis refuses
				// stores, and lookups still answer)
				assertThat(outcome.statuses()).as(outcome.fault() + ": retryable refusals").containsKey(503);
			}
			assertThat(outcome.recovery()).as(outcome.fault() + ": recovery").isLessThan(Duration.ofSeconds(1));
		}
		assertThat(this.acknowledged).hasSizeGreaterThan(100);
		assertThat(lost).as("acknowledged stores lost").isZero();
	}

	/**
	 * Load before, during and after the fault; answers counted until the first store
	 * after it.
	 */
	private Outcome underLoad(Fault fault) throws Exception {
		Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong firstStoreAfter = new AtomicLong();
		AtomicLong faultEnded = new AtomicLong(Long.MAX_VALUE);
		Queue<Long> lookupNanos = new ConcurrentLinkedQueue<>();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<?>> load = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				load.add(clients.submit(() -> {
					ApiClient api = new ApiClient(this.port);
					while (running.get()) {
						String question = fault.name() + " " + ThreadLocalRandom.current().nextLong();
						Answer store = api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN,
								request(question, ",\"response\":{\"text\":\"answer\"}"));
						statuses.computeIfAbsent(store.status(), (key) -> new LongAdder()).increment();
						if (store.status() == 201) {
							this.acknowledged.add(store.body().get("entryId").asString());
							if (System.nanoTime() > faultEnded.get()) {
								firstStoreAfter.compareAndSet(0, System.nanoTime());
							}
						}
						long asked = System.nanoTime();
						Answer lookup = api.post("/v1/cache/lookup", TestApiKeys.ACME_READER, request(question, ""));
						lookupNanos.add(System.nanoTime() - asked);
						boolean degraded = lookup.body().path("degraded").asBoolean(false);
						statuses.computeIfAbsent(degraded ? DEGRADED : lookup.status(), (key) -> new LongAdder())
							.increment();
					}
					return null;
				}));
			}
			Thread.sleep(500);
			RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", REDIS_PORT));
			client.setDefaultTimeout(Duration.ofSeconds(10));
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				fault.inject(connection.sync(), new ApiClient(this.port));
			}
			finally {
				client.shutdown();
			}
			faultEnded.set(System.nanoTime());
			await(fault + ": the first store after it").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> firstStoreAfter.get() != 0);
			Thread.sleep(300);
			running.set(false);
			for (Future<?> loader : load) {
				loader.get();
			}
		}
		finally {
			running.set(false);
			clients.shutdownNow();
		}
		Map<Integer, Long> counted = new TreeMap<>();
		statuses.forEach((status, count) -> counted.put(status, count.sum()));
		List<Long> sorted = lookupNanos.stream().sorted().toList();
		return new Outcome(fault, counted, Duration.ofNanos(firstStoreAfter.get() - faultEnded.get()),
				Duration.ofNanos(sorted.get(sorted.size() / 2)),
				Duration.ofNanos(sorted.get(sorted.size() * 99 / 100)));
	}

	/** The ways Redis fails, each lasting about {@link #FAULT}. */
	enum Fault {

		/** The baseline: the same load, Redis untouched. */
		NONE {
			@Override
			void inject(RedisCommands<String, String> redis, ApiClient other) throws InterruptedException {
				Thread.sleep(FAULT.toMillis());
			}
		},

		PAUSED {
			@Override
			void inject(RedisCommands<String, String> redis, ApiClient other) throws InterruptedException {
				redis.clientPause(FAULT.toMillis());
				Thread.sleep(FAULT.toMillis());
			}
		},

		KILLED_AND_RESTARTED {
			@Override
			void inject(RedisCommands<String, String> redis, ApiClient other) throws InterruptedException {
				long pid = Long.parseLong(field(redis.info("server"), "process_id"));
				ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
				await("redis-server to die").atMost(Duration.ofSeconds(10))
					.until(() -> ProcessHandle.of(pid).map((process) -> !process.isAlive()).orElse(true));
				Thread.sleep(FAULT.toMillis());
				redisServer = RedisTestServer.startDurable(REDIS_PORT, REDIS_DIRECTORY);
			}
		},

		SLOW {
			@Override
			void inject(RedisCommands<String, String> redis, ApiClient other) {
				// Commands that hold Redis 400 ms each, one after the other, as a slow
				// KEYS or a big script of another client would
				long end = System.nanoTime() + FAULT.toNanos();
				while (System.nanoTime() < end) {
					redis.eval(BUSY, ScriptOutputType.INTEGER, new String[0], "400000");
				}
			}
		},

		/** Another tenant storing 500 KB prompts, one after the other, two at a time. */
		BIG_PROMPTS_OF_ANOTHER_TENANT {
			@Override
			void inject(RedisCommands<String, String> redis, ApiClient other) throws Exception {
				String prompt = "p".repeat(500 * 1024);
				long end = System.nanoTime() + FAULT.toNanos();
				ExecutorService writers = Executors.newFixedThreadPool(2);
				try {
					List<Future<?>> running = new ArrayList<>();
					for (int i = 0; i < 2; i++) {
						running.add(writers.submit(() -> {
							while (System.nanoTime() < end) {
								other.post("/v1/cache/entries", TestApiKeys.GLOBEX_ADMIN,
										"{\"namespace\":\"faults-big\",\"model\":\"m\",\"messages\":[{\"role\":\"user\","
												+ "\"content\":\"" + ThreadLocalRandom.current().nextLong() + prompt
												+ "\"}],\"response\":{\"text\":\"big\"}}");
							}
							return null;
						}));
					}
					for (Future<?> writer : running) {
						writer.get();
					}
				}
				finally {
					writers.shutdownNow();
				}
			}
		},

		FULL {
			@Override
			void inject(RedisCommands<String, String> redis, ApiClient other) throws InterruptedException {
				// Below what Redis already holds: every write is refused (noeviction), as
				// when the cache has filled its memory
				redis.configSet("maxmemory", "1");
				Thread.sleep(FAULT.toMillis());
				redis.configSet("maxmemory", "0");
			}
		};

		/**
		 * Makes Redis fail for about {@link #FAULT}, then lets it recover.
		 * @param redis a connection of the test's own (the service's commands time out
		 * after 250 ms)
		 * @throws Exception if the fault could not be made
		 */
		abstract void inject(RedisCommands<String, String> redis, ApiClient other) throws Exception;

		private static String field(String info, String name) {
			return info.lines()
				.filter((line) -> line.startsWith(name + ":"))
				.findFirst()
				.orElseThrow()
				.substring(name.length() + 1)
				.strip();
		}

	}

	private static final String BUSY = """
			local start = redis.call('TIME')
			local micros = tonumber(ARGV[1])
			while true do
			  local now = redis.call('TIME')
			  if (now[1] - start[1]) * 1000000 + (now[2] - start[2]) >= micros then
			    return 1
			  end
			end
			""";

	private record Outcome(Fault fault, Map<Integer, Long> statuses, Duration recovery, Duration lookupP50,
			Duration lookupP99) {

	}

	private static String table(List<Outcome> outcomes, long lost, int acknowledged) {
		StringBuilder table = new StringBuilder(
				"FAULTS | fault | answers by status | recovery (ms) | lookup p50 / p99 (ms) |\n");
		table.append("FAULTS |---|---|---:|---:|\n");
		for (Outcome outcome : outcomes) {
			table.append(String.format(Locale.ROOT, "FAULTS | %s | %s | %d | %.1f / %.1f |%n",
					outcome.fault().name().toLowerCase(Locale.ROOT).replace('_', ' '),
					outcome.statuses().toString().replace(DEGRADED + "=", "200 degraded="),
					outcome.recovery().toMillis(), outcome.lookupP50().toNanos() / 1e6,
					outcome.lookupP99().toNanos() / 1e6));
		}
		table.append("FAULTS acknowledged stores lost: ").append(lost).append(" of ").append(acknowledged).append('\n');
		return table.toString();
	}

	private static String request(String question, String extra) {
		return "{\"namespace\":\"faults\",\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question
				+ "\"}]" + extra + "}";
	}

	private static Path directory() {
		try {
			return Files.createTempDirectory("llmcache-faults-redis");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
