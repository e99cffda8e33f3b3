package io.llmcache.invalidation;

import java.util.List;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.RedisTestServer;
import io.llmcache.Replica;
import io.llmcache.TestApiKeys;
import io.llmcache.entry.EntryId;
import io.llmcache.entry.TenantNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invalidations are rules in Redis, not deletions: with the sweeper held back, the
 * entries are still there, yet no replica serves them, including one started after the
 * invalidation. And the count of a large invalidation is the size of its index, marked as
 * an estimate unless it is exact. Runs on a Redis of its own, so that the sweepers of
 * other test contexts stay out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llmcache.invalidation.sweep-interval=1h", "llmcache.invalidation.exact-count-limit=3" })
@ActiveProfiles("test")
class InvalidationDurabilityIntegrationTests {

	private static final int REDIS_PORT = RedisTestServer.freePort();

	private static final RedisTestServer redisServer = RedisTestServer.startEmbedded(REDIS_PORT);

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	ApplicationContext context;

	ApiClient api;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> REDIS_PORT);
	}

	@AfterAll
	static void stopRedis() {
		redisServer.stop();
	}

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void anInvalidationHoldsOnAReplicaStartedAfterIt() {
		String entryId = store("durable", "Question", "[\"doc:1\"]");
		invalidate("durable", "\"tags\":[\"doc:1\"]");
		String digest = EntryId.parse(entryId).orElseThrow().exactDigest();
		assertThat(this.redis.hasKey(new TenantNamespace("acme", "durable").entryKey(digest)))
			.as("not swept: the rule alone hides it")
			.isTrue();

		try (Replica restarted = Replica.startBeside(this.context,
				List.of("llmcache.invalidation.sweep-interval=1h"))) {
			ApiClient other = restarted.api();
			assertThat(lookup(other, "durable", "Question").get("hit").booleanValue()).isFalse();
			assertThat(other.get("/v1/cache/entries/" + entryId, TestApiKeys.ACME_ADMIN).status()).isEqualTo(404);
		}
	}

	@Test
	void aLargeInvalidationReportsTheLiveSizeOfItsIndexAndSaysWhenThatIsAnEstimate() {
		for (int i = 0; i < 5; i++) {
			store("large", "Question " + i, "[\"big\"]");
		}
		store("large", "Other", "[\"small\"]");

		JsonNode dryRun = invalidate("large", "\"tags\":[\"big\"],\"model\":\"m\",\"dryRun\":true");
		assertThat(dryRun.get("matched").longValue()).isEqualTo(5);
		assertThat(dryRun.get("matchedEstimated").booleanValue()).isFalse();

		JsonNode combined = invalidate("large", "\"tags\":[\"big\"],\"model\":\"m\"");
		assertThat(combined.get("matched").longValue()).isEqualTo(5);
		assertThat(combined.get("matchedEstimated").booleanValue()).isTrue();

		for (int i = 0; i < 4; i++) {
			store("large-2", "Question " + i, "[\"big\"]");
		}
		JsonNode singleTag = invalidate("large-2", "\"tags\":[\"big\"]");
		assertThat(singleTag.get("matched").longValue()).isEqualTo(4);
		assertThat(singleTag.get("matchedEstimated").booleanValue()).as("one tag and nothing pending: exact").isFalse();
	}

	private JsonNode invalidate(String namespace, String selectors) {
		Answer answer = this.api.post("/v1/admin/invalidations", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s",%s}""".formatted(namespace, selectors));
		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
		return answer.body();
	}

	private String store(String namespace, String prompt, String tags) {
		Answer answer = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","prompt":"%s","response":{"text":"a"},"tags":%s}""".formatted(namespace,
				prompt, tags));
		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
		return answer.body().get("entryId").stringValue();
	}

	private static JsonNode lookup(ApiClient client, String namespace, String prompt) {
		return client.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","prompt":"%s"}""".formatted(namespace, prompt)).body();
	}

}
