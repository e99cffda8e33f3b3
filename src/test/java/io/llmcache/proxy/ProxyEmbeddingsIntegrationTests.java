package io.llmcache.proxy;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.TestApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.llmcache.proxy.ProxyIntegrationTests.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Embeddings through the proxy, cached per input item.
 */
@IntegrationTest
class ProxyEmbeddingsIntegrationTests {

	static final FakeOpenAi upstream = FakeOpenAi.start();

	static final String EMBEDDINGS = "/openai/v1/embeddings";

	@LocalServerPort
	int port;

	ApiClient api;

	@DynamicPropertySource
	static void upstreamProperties(DynamicPropertyRegistry registry) {
		registry.add("llmcache.proxy.upstream.base-url", upstream::baseUrl);
	}

	@AfterAll
	static void stopUpstream() {
		upstream.close();
	}

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
		upstream.reset();
	}

	@Test
	void sendsOnlyUnknownItemsUpstreamAndReassemblesTheAnswerInOrder() {
		String a = "alpha " + unique();
		String b = "beta " + unique();
		String c = "gamma " + unique();
		Answer first = this.api.post(EMBEDDINGS, TestApiKeys.ACME_ADMIN, request("[\"" + a + "\",\"" + b + "\"]"));
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.headers().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(first.headers().getFirst("X-Cache-Item-Hits")).isEqualTo("0/2");
		JsonNode embeddingA = first.body().at("/data/0/embedding");
		JsonNode embeddingB = first.body().at("/data/1/embedding");

		Answer mixed = this.api.post(EMBEDDINGS, TestApiKeys.ACME_ADMIN,
				request("[\"" + b + "\",\"" + c + "\",\"" + a + "\"]"));
		assertThat(mixed.status()).isEqualTo(200);
		assertThat(mixed.headers().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(mixed.headers().getFirst("X-Cache-Item-Hits")).isEqualTo("2/3");
		// Only the unknown item went upstream
		assertThat(upstream.bodies().get(1).get("input").toString()).isEqualTo("[\"" + c + "\"]");
		JsonNode data = mixed.body().get("data");
		assertThat(data).hasSize(3);
		for (int i = 0; i < 3; i++) {
			assertThat(data.get(i).get("index").intValue()).isEqualTo(i);
			assertThat(data.get(i).get("object").stringValue()).isEqualTo("embedding");
		}
		assertThat(data.get(0).get("embedding")).isEqualTo(embeddingB);
		assertThat(data.get(2).get("embedding")).isEqualTo(embeddingA);
		assertThat(data.get(1).at("/embedding/0").intValue()).isEqualTo(("\"" + c + "\"").length());
		// Usage counts what was paid for upstream in this request: the one new item
		assertThat(mixed.body().at("/usage/prompt_tokens").intValue())
			.isEqualTo(Math.max(1, ("\"" + c + "\"").length() / 4));

		Answer known = this.api.post(EMBEDDINGS, TestApiKeys.ACME_ADMIN, request("\"" + c + "\""));
		assertThat(known.headers().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(known.body().at("/data/0/embedding")).isEqualTo(data.get(1).get("embedding"));
		assertThat(known.body().at("/usage/prompt_tokens").intValue()).isZero();
		assertThat(known.body().get("model").stringValue()).isEqualTo("text-embedding-3-small");
		assertThat(upstream.calls("/v1/embeddings")).isEqualTo(2);
	}

	@Test
	void keysItemsByModelAndOutputParametersAndCachesTokenArrays() {
		String text = "delta " + unique();
		this.api.post(EMBEDDINGS, TestApiKeys.ACME_ADMIN, request("\"" + text + "\""));
		Answer otherModel = this.api.post(EMBEDDINGS, TestApiKeys.ACME_ADMIN,
				request("\"" + text + "\"").replace("text-embedding-3-small", "text-embedding-3-large"));
		Answer otherDimensions = this.api.post(EMBEDDINGS, TestApiKeys.ACME_ADMIN,
				request("\"" + text + "\"").replace("{", "{\"dimensions\":256,"));
		assertThat(otherModel.headers().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(otherDimensions.headers().getFirst("X-Cache")).isEqualTo("MISS");

		int seed = (int) (Math.random() * 100_000);
		String tokens = "[[" + seed + ",2,3],[" + seed + ",5]]";
		assertThat(this.api.post(EMBEDDINGS, TestApiKeys.ACME_ADMIN, request(tokens)).headers().getFirst("X-Cache"))
			.isEqualTo("MISS");
		Answer tokenHit = this.api.post(EMBEDDINGS, TestApiKeys.ACME_ADMIN, request("[" + seed + ",5]"));
		assertThat(tokenHit.headers().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(upstream.calls("/v1/embeddings")).isEqualTo(4);
	}

	@Test
	void passesUpstreamErrorsThroughAndCachesNothing() {
		String body = request("[\"[[status:400]] " + unique() + "\"]");
		Answer first = this.api.post(EMBEDDINGS, TestApiKeys.ACME_ADMIN, body);
		Answer second = this.api.post(EMBEDDINGS, TestApiKeys.ACME_ADMIN, body);
		assertThat(first.status()).isEqualTo(400);
		assertThat(first.body().at("/error/code").stringValue()).isEqualTo("fake_400");
		assertThat(second.status()).isEqualTo(400);
		assertThat(upstream.calls("/v1/embeddings")).isEqualTo(2);
	}

	private static String request(String input) {
		return "{\"model\":\"text-embedding-3-small\",\"input\":" + input + "}";
	}

}
