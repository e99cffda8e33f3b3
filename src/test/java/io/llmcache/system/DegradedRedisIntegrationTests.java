package io.llmcache.system;

import java.time.Duration;
import java.util.List;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.RedisTestServer;
import io.llmcache.TestApiKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When Redis is down or slow the service degrades predictably: lookups answer a degraded
 * miss within the command timeout, stores a retryable 503, and nothing half-written is
 * ever left behind. Runs against a Redis of its own that it stops, pauses and restarts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class DegradedRedisIntegrationTests {

	private static final int REDIS_PORT = RedisTestServer.freePort();

	private static RedisTestServer redisServer = RedisTestServer.startEmbedded(REDIS_PORT);

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	MeterRegistry meters;

	ApiClient api;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> REDIS_PORT);
		// The production timeout, which the pause below outlasts several times over.
		registry.add("spring.data.redis.timeout", () -> "250ms");
	}

	@AfterAll
	static void stopRedis() {
		redisServer.stop();
	}

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
		if (redisServer == null) {
			redisServer = RedisTestServer.startEmbedded(REDIS_PORT);
		}
	}

	@Test
	void lookupAnswersADegradedMissAndStoreARetryable503WhileRedisIsDown() {
		redisServer.stop();
		redisServer = null;
		try {
			long start = System.nanoTime();
			Answer lookup = this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, request("down", ""));
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(lookup.status()).isEqualTo(200);
			assertThat(lookup.body().get("hit").booleanValue()).isFalse();
			assertThat(lookup.body().get("degraded").booleanValue()).isTrue();
			assertThat(lookup.body().get("reason").stringValue()).isEqualTo("store-unavailable");
			// Far below Lettuce's default of 60 s: the configured timeout, plus slack for
			// a slow CI.
			assertThat(took).isLessThan(Duration.ofSeconds(5));

			Answer store = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN,
					request("down", ",\"response\":{}"));
			assertThat(store.status()).isEqualTo(503);
			assertThat(store.body().get("type").stringValue()).endsWith("/store-unavailable");
			assertThat(store.body().get("retryable").booleanValue()).isTrue();
			ApiClient management = new ApiClient(this.managementPort);
			assertThat(management.get("/actuator/health/readiness", null).status()).isEqualTo(200);
			assertThat(management.get("/actuator/health", null).status()).isEqualTo(503);
			// The same on the callers' port
			assertThat(this.api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
			assertThat(this.api.get("/actuator/health", null).status()).isEqualTo(503);
			assertThat(degraded("lookup")).isPositive();
			assertThat(degraded("store")).isPositive();
		}
		finally {
			redisServer = RedisTestServer.startEmbedded(REDIS_PORT);
		}
		awaitRecovery();
		Answer store = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, request("down", ",\"response\":{}"));
		assertThat(store.status()).isEqualTo(201);
	}

	@Test
	void aStoreThatTimesOutLeavesTheWholeEntryOrNothing() {
		awaitRecovery();
		// Redis holds every write for longer than the command timeout: the store times
		// out
		// on the client, while Redis runs the script after the pause, atomically.
		this.redis.execute((RedisCallback<Object>) (connection) -> connection.execute("CLIENT", "PAUSE".getBytes(),
				"600".getBytes(), "WRITE".getBytes()));
		Answer store = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN,
				request("paused", ",\"response\":{\"v\":1}"));
		assertThat(store.status()).isEqualTo(503);
		assertThat(store.body().get("detail").asString()).contains("may still be stored",
				"Repeating the store is safe");
		// Redis runs the held script once the pause ends. It came first on the one
		// connection the service shares with this test, so a write here that succeeds
		// comes after it.
		await("the end of the pause").atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.untilAsserted(() -> this.redis.opsForValue().set("pause-probe", "written", Duration.ofMinutes(1)));
		Answer lookup = this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, request("paused", ""));
		Answer normalized = this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN,
				request("paused", "").replace("\"q\"", "\"  q \""));
		// Whole: both the exact entry and its normalized pointer answer; or nothing at
		// all.
		assertThat(normalized.body().get("hit").booleanValue()).isEqualTo(lookup.body().get("hit").booleanValue());
		if (lookup.body().get("hit").booleanValue()) {
			assertThat(lookup.body().get("response").get("v").intValue()).isEqualTo(1);
			assertThat(lookup.body().get("tags").size()).isZero();
		}
	}

	@Test
	void reconnectsWithinASecondOfRedisBeingBackAndLogsTheOutageOnce(CapturedOutput output) throws Exception {
		awaitRecovery();
		int before = output.getOut().length();
		redisServer.stop();
		redisServer = null;
		// Twelve seconds of calls that fail: long enough for a doubling reconnect backoff
		// (Lettuce's default) to wait 8 s between attempts, and to log thousands of
		// lines if each failure did
		long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
		int failures = 0;
		while (System.nanoTime() < until) {
			this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, request("outage", ""));
			this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, request("outage", ",\"response\":{}"));
			failures += 2;
			Thread.sleep(10);
		}
		redisServer = RedisTestServer.startEmbedded(REDIS_PORT);
		long ready = System.nanoTime();
		await("the first successful store").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.api
				.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, request("outage", ",\"response\":{}"))
				.status() == 201);
		Duration recovery = Duration.ofNanos(System.nanoTime() - ready);
		assertThat(recovery).isLessThan(Duration.ofSeconds(1));

		List<String> warnings = output.getOut()
			.substring(before)
			.lines()
			.filter((line) -> line.contains(" WARN ") || line.contains(" ERROR "))
			.toList();
		assertThat(failures).isGreaterThan(100);
		// The lost connection once; from each source of failures (requests, the policy
		// refresh) the first failure and then a summary at most every 10 s: not one line
		// per failure
		assertThat(warnings).hasSizeLessThanOrEqualTo(6);
		assertThat(output.getOut().substring(before)).contains("Redis connection restored");
	}

	@Test
	void aReadThatMissesTheTimeoutOnceIsAnsweredNotA503() {
		awaitRecovery();
		Answer stored = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN,
				request("hiccup", ",\"response\":{\"v\":1}"));
		assertThat(stored.status()).isEqualTo(201);
		String entry = "/v1/cache/entries/" + stored.body().get("entryId").asString();

		// Redis holds every command for 350 ms: longer than the 250 ms timeout, shorter
		// than two of them
		pauseRedis(350);
		assertThat(this.api.get(entry, TestApiKeys.ACME_ADMIN).status()).isEqualTo(200);
		pauseRedis(350);
		Answer dryRun = this.api.post("/v1/admin/invalidations", TestApiKeys.ACME_ADMIN,
				"{\"namespace\":\"hiccup\",\"model\":\"m\",\"dryRun\":true}");
		assertThat(dryRun.status()).isEqualTo(200);
		assertThat(dryRun.body().get("matched").intValue()).isEqualTo(1);
	}

	private void pauseRedis(int millis) {
		this.redis.execute((RedisCallback<Object>) (connection) -> connection.execute("CLIENT", "PAUSE".getBytes(),
				String.valueOf(millis).getBytes(), "ALL".getBytes()));
	}

	private void awaitRecovery() {
		await("the service to reconnect to Redis").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, request("probe", "")),
					(lookup) -> !lookup.body().has("degraded"));
	}

	private double degraded(String operation) {
		return this.meters.get("llmcache.degraded").tag("operation", operation).counter().count();
	}

	private static String request(String namespace, String extra) {
		return "{\"namespace\":\"" + namespace
				+ "\",\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]" + extra + "}";
	}

}
