package io.llmcache.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.SecondReplica;
import io.llmcache.TestApiKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Statistics are counted in Redis: traffic through two replicas adds up to the same
 * totals on both.
 */
@IntegrationTest
class StatsIntegrationTests {

	@RegisterExtension
	static final SecondReplica secondReplica = new SecondReplica();

	@LocalServerPort
	int port;

	ApiClient api;

	ApiClient other;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
		this.other = secondReplica.api();
	}

	@Test
	void trafficThroughTwoReplicasAddsUpOnBoth() {
		String namespace = "stats-" + Long.toHexString(System.nanoTime());
		store(this.api, namespace, "One");
		store(this.other, namespace, "Two");
		lookup(this.api, namespace, "One");
		lookup(this.api, namespace, "  One ");
		lookup(this.other, namespace, "Two");
		lookup(this.other, namespace, "Three");
		Answer invalidation = this.api.post("/v1/admin/invalidations", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","promptPrefix":"Two"}""".formatted(namespace));
		assertThat(invalidation.status()).isEqualTo(200);

		JsonNode stats = awaitLookups(this.api, namespace, 4);
		assertThat(stats.get("namespace").stringValue()).isEqualTo(namespace);
		assertThat(stats.get("lookups").longValue()).isEqualTo(4);
		assertThat(stats.get("hits").get("exact").longValue()).isEqualTo(2);
		assertThat(stats.get("hits").get("normalized").longValue()).isEqualTo(1);
		assertThat(stats.get("misses").longValue()).isEqualTo(1);
		assertThat(stats.get("hitRate").doubleValue()).isEqualTo(0.75);
		assertThat(stats.get("stores").longValue()).isEqualTo(2);
		assertThat(stats.get("invalidations").longValue()).isEqualTo(1);
		assertThat(stats.get("entries").longValue()).isBetween(1L, 2L);
		JsonNode fromOther = awaitLookups(this.other, namespace, 4);
		for (String field : new String[] { "lookups", "hits", "misses", "stores", "invalidations" }) {
			assertThat(fromOther.get(field)).as(field).isEqualTo(stats.get(field));
		}

		Answer all = this.api.get("/v1/admin/stats", TestApiKeys.ACME_ADMIN);
		assertThat(all.body()
			.get("namespaces")
			.valueStream()
			.anyMatch((node) -> node.get("namespace").stringValue().equals(namespace))).isTrue();
		Answer globex = this.api.get("/v1/admin/stats", TestApiKeys.GLOBEX_ADMIN);
		assertThat(globex.body()
			.get("namespaces")
			.valueStream()
			.noneMatch((node) -> node.get("namespace").stringValue().equals(namespace))).isTrue();
		assertThat(this.api.get("/v1/admin/stats?namespace=" + namespace, TestApiKeys.ACME_READER).status())
			.isEqualTo(403);
	}

	@Test
	void hitsAddTheirTokensAndWhatTheyWouldHaveCostToTheRecentWindows() {
		String namespace = "series-" + Long.toHexString(System.nanoTime());
		storeResponse(namespace, "gpt-priced", "Priced", """
				{"choices":[{"message":{"role":"assistant","content":"Hi"}}],
				 "usage":{"prompt_tokens":1200,"completion_tokens":300}}""");
		storeResponse(namespace, "gpt-unpriced", "Unpriced", """
				{"text":"abcdefgh"}""");
		lookupModel(this.api, namespace, "gpt-priced", "Priced");
		lookupModel(this.other, namespace, "gpt-priced", "Priced");
		lookupModel(this.api, namespace, "gpt-unpriced", "Unpriced");
		lookupModel(this.api, namespace, "gpt-priced", "Nothing stored");
		awaitLookups(this.api, namespace, 4);

		for (String window : new String[] { "hour", "day", "week" }) {
			Answer answer = this.api.get("/v1/admin/stats/series?namespace=%s&window=%s".formatted(namespace, window),
					TestApiKeys.ACME_ADMIN);
			assertThat(answer.status()).as(window).isEqualTo(200);
			JsonNode series = answer.body();
			assertThat(series.get("currency").stringValue()).isEqualTo("USD");
			JsonNode total = series.get("total");
			assertThat(total.get("lookups").longValue()).as(window).isEqualTo(4);
			assertThat(total.get("hits").get("exact").longValue()).isEqualTo(3);
			assertThat(total.get("misses").longValue()).isEqualTo(1);
			// Two priced hits of 1,200 + 300 tokens, and one estimated: "Unpriced" is 2
			// tokens of prompt (8 characters), "abcdefgh" 2 of completion.
			assertThat(total.get("promptTokensSaved").longValue()).isEqualTo(2 * 1200 + 2);
			assertThat(total.get("completionTokensSaved").longValue()).isEqualTo(2 * 300 + 2);
			// 2 × (1,200 × $2.50 + 300 × $10) / 10^6 = $0.012
			assertThat(total.get("estimatedSavings").decimalValue()).isEqualByComparingTo("0.012");
			assertThat(total.get("hitsUnpriced").longValue()).isEqualTo(1);
			assertThat(total.get("hitsEstimatedUsage").longValue()).isEqualTo(1);
			int buckets = Map.of("hour", 12, "day", 24, "week", 168).get(window);
			assertThat(series.get("buckets")).hasSize(buckets);
			JsonNode last = series.get("buckets").get(buckets - 1);
			// Counted in the bucket of each replica's flush: the last two, should the
			// test
			// straddle a bucket's end
			assertThat(last.get("counts").get("lookups").longValue()
					+ series.get("buckets").get(buckets - 2).get("counts").get("lookups").longValue())
				.isEqualTo(4);
			assertThat(Instant.parse(last.get("start").stringValue())).isBefore(Instant.now().plusSeconds(1))
				.isAfter(Instant.now().minusSeconds(series.get("bucketSeconds").longValue() + 5));
		}
		assertThat(this.api
			.get("/v1/admin/stats/series?namespace=%s&window=year".formatted(namespace), TestApiKeys.ACME_ADMIN)
			.status()).isEqualTo(400);
		Answer globex = this.api.get("/v1/admin/stats/series?namespace=" + namespace, TestApiKeys.GLOBEX_ADMIN);
		assertThat(globex.body().get("total").get("lookups").longValue()).isZero();
	}

	private void storeResponse(String namespace, String model, String prompt, String response) {
		Answer answer = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"%s","prompt":"%s","response":%s}""".formatted(namespace, model, prompt,
				response));
		assertThat(answer.status()).isEqualTo(201);
	}

	private static void lookupModel(ApiClient client, String namespace, String model, String prompt) {
		assertThat(client.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"%s","prompt":"%s"}""".formatted(namespace, model, prompt)).status())
			.isEqualTo(200);
	}

	private static JsonNode awaitLookups(ApiClient client, String namespace, long lookups) {
		return await("%d lookups counted in %s".formatted(lookups, namespace)).atMost(Duration.ofSeconds(5))
			.until(() -> {
				Answer answer = client.get("/v1/admin/stats?namespace=" + namespace, TestApiKeys.ACME_ADMIN);
				assertThat(answer.status()).isEqualTo(200);
				return answer.body();
			}, (stats) -> stats.get("lookups").longValue() >= lookups);
	}

	private static void store(ApiClient client, String namespace, String prompt) {
		Answer answer = client.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","prompt":"%s","response":{"text":"a"}}""".formatted(namespace, prompt));
		assertThat(answer.status()).isEqualTo(201);
	}

	private static void lookup(ApiClient client, String namespace, String prompt) {
		assertThat(client.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","prompt":"%s"}""".formatted(namespace, prompt)).status()).isEqualTo(200);
	}

}
