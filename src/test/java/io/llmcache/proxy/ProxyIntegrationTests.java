package io.llmcache.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.TestApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAI-compatible proxy end to end, plain answers: a real Redis, the fake upstream
 * speaking the OpenAI protocol.
 */
@IntegrationTest
class ProxyIntegrationTests {

	static final FakeOpenAi upstream = FakeOpenAi.start();

	static final String CHAT = "/openai/v1/chat/completions";

	final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	ApiClient api;

	@DynamicPropertySource
	static void upstreamProperties(DynamicPropertyRegistry registry) {
		registry.add("llmcache.proxy.upstream.base-url", upstream::baseUrl);
		registry.add("llmcache.proxy.upstream.api-key", () -> "upstream-secret");
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
	void forwardsAMissWithTheConfiguredKeyThenServesTheSameRequestAsAHit() {
		String body = chat("What is the capital of France? " + unique());
		Answer miss = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body);
		assertThat(miss.status()).isEqualTo(200);
		assertThat(miss.headers().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(miss.headers().getFirst("X-Cache-Entry-Id")).isNotBlank();
		assertThat(miss.headers().getFirst("x-request-id")).startsWith("req_fake_");
		assertThat(miss.body().get("object").stringValue()).isEqualTo("chat.completion");
		assertThat(miss.body().at("/choices/0/message/content").stringValue()).startsWith("Echo: What is");
		// The upstream sees its own key, never the caller's cache key, and the body as
		// sent
		assertThat(upstream.authorizations()).containsExactly("Bearer upstream-secret");
		assertThat(upstream.bodies().get(0)).isEqualTo(this.json.readTree(body));

		Answer hit = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body);
		assertThat(hit.status()).isEqualTo(200);
		assertThat(hit.headers().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(hit.headers().getFirst("X-Cache-Match")).isEqualTo("exact");
		assertThat(hit.headers().getFirst("X-Cache-Entry-Id")).isEqualTo(miss.headers().getFirst("X-Cache-Entry-Id"));
		assertThat(hit.headers().getFirst("X-Cache-Similarity")).isEqualTo("1.0000");
		assertThat(hit.headers().getFirst("Age")).matches("\\d+");
		assertThat(hit.body()).isEqualTo(miss.body());
		assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(1);
	}

	@Test
	void servesLegacyCompletionsThroughTheCache() {
		String body = "{\"model\":\"gpt-3.5-turbo-instruct\",\"temperature\":0,\"prompt\":\"Say hi " + unique() + "\"}";
		Answer miss = this.api.post("/openai/v1/completions", TestApiKeys.ACME_ADMIN, body);
		Answer hit = this.api.post("/openai/v1/completions", TestApiKeys.ACME_ADMIN, body);
		assertThat(miss.headers().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(hit.headers().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(hit.body().get("object").stringValue()).isEqualTo("text_completion");
		assertThat(hit.body()).isEqualTo(miss.body());
		assertThat(upstream.calls("/v1/completions")).isEqualTo(1);
	}

	@Test
	void continuesACompletionThatTheUserTypedFromTheCache() {
		String namespace = "proxy-continue-" + unique().substring(0, 8);
		assertThat(this.api
			.put("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.ACME_ADMIN,
					"{\"matchTypes\":[\"exact\",\"normalized\",\"continuation\"]}")
			.status()).isEqualTo(200);
		Map<String, String> headers = Map.of("X-Cache-Namespace", namespace);
		String prompt = "Say hi " + unique();
		Answer miss = this.api.post("/openai/v1/completions", TestApiKeys.ACME_ADMIN,
				"{\"model\":\"gpt-3.5-turbo-instruct\",\"temperature\":0,\"prompt\":\"" + prompt + "\"}", headers);
		assertThat(miss.body().get("choices").get(0).get("text").stringValue()).isEqualTo("Echo: " + prompt);

		Answer hit = this.api.post("/openai/v1/completions", TestApiKeys.ACME_ADMIN,
				"{\"model\":\"gpt-3.5-turbo-instruct\",\"temperature\":0,\"prompt\":\"" + prompt + "Echo: Say\"}",
				headers);

		assertThat(hit.headers().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(hit.headers().getFirst("X-Cache-Match")).isEqualTo("continuation");
		assertThat(hit.body().get("object").stringValue()).isEqualTo("text_completion");
		assertThat(hit.body().get("choices").get(0).get("text").stringValue())
			.isEqualTo(prompt.substring("Say".length()));
		assertThat(upstream.calls("/v1/completions")).isEqualTo(1);
	}

	@Test
	void passesUpstreamErrorsThroughWithTheirStatusAndNeverCachesThem() {
		String body = chat("[[status:429]] " + unique());
		for (int i = 0; i < 2; i++) {
			Answer answer = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body);
			assertThat(answer.status()).isEqualTo(429);
			assertThat(answer.headers().getFirst("Retry-After")).isEqualTo("1");
			assertThat(answer.headers().getFirst("X-Cache")).isEqualTo("MISS");
			assertThat(answer.body().at("/error/code").stringValue()).isEqualTo("fake_429");
		}
		Answer badRequest = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, chat("[[status:400]] " + unique()));
		assertThat(badRequest.status()).isEqualTo(400);
		assertThat(badRequest.body().at("/error/type").stringValue()).isEqualTo("invalid_request_error");
		assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(3);
	}

	@Test
	void keepsNamespacesApartAndHonoursNoStoreNoCacheAndMaxAge() {
		String body = chat("Namespaces " + unique());
		Answer first = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body, Map.of("X-Cache-Namespace", "proxy-a"));
		Answer other = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body, Map.of("X-Cache-Namespace", "proxy-b"));
		Answer same = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body, Map.of("X-Cache-Namespace", "proxy-a"));
		assertThat(first.headers().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(other.headers().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(same.headers().getFirst("X-Cache")).isEqualTo("HIT");

		Answer noStore = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body,
				Map.of("X-Cache-Namespace", "proxy-c", "Cache-Control", "no-store"));
		assertThat(noStore.headers().getFirst("X-Cache")).isEqualTo("BYPASS");
		Answer afterNoStore = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body, Map.of("X-Cache-Namespace", "proxy-c"));
		assertThat(afterNoStore.headers().getFirst("X-Cache")).isEqualTo("MISS");

		Answer noCache = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body,
				Map.of("X-Cache-Namespace", "proxy-a", "Cache-Control", "no-cache"));
		assertThat(noCache.headers().getFirst("X-Cache")).isEqualTo("MISS");
		// no-cache stores the fresh answer: the next plain request is served that entry
		Answer afterNoCache = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body, Map.of("X-Cache-Namespace", "proxy-a"));
		assertThat(afterNoCache.headers().getFirst("X-Cache-Entry-Id"))
			.isEqualTo(noCache.headers().getFirst("X-Cache-Entry-Id"));

		Answer tooOld = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body,
				Map.of("X-Cache-Namespace", "proxy-a", "Cache-Control", "max-age=0"));
		assertThat(tooOld.headers().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(6);
	}

	@Test
	void storesWithTheTagsAndTtlOfTheHeaders() {
		Answer miss = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, chat("Tagged " + unique()),
				Map.of("X-Cache-Namespace", "proxy-tags", "X-Cache-Tags", "doc:42, faq", "X-Cache-TTL", "120"));
		Answer entry = this.api.get("/v1/cache/entries/" + miss.headers().getFirst("X-Cache-Entry-Id"),
				TestApiKeys.ACME_ADMIN);
		assertThat(entry.status()).isEqualTo(200);
		assertThat(entry.body().get("tags").toString()).isEqualTo("[\"doc:42\",\"faq\"]");
		assertThat(entry.body().get("namespace").stringValue()).isEqualTo("proxy-tags");
		long ttl = java.time.Duration
			.between(java.time.Instant.parse(entry.body().get("createdAt").stringValue()),
					java.time.Instant.parse(entry.body().get("expiresAt").stringValue()))
			.toSeconds();
		assertThat(ttl).isEqualTo(120);
		// The entry is the upstream's answer, so an invalidation by tag reaches the proxy
		// too
		Answer invalidation = this.api.post("/v1/admin/invalidations", TestApiKeys.ACME_ADMIN,
				"{\"namespace\":\"proxy-tags\",\"tags\":[\"doc:42\"]}");
		assertThat(invalidation.body().get("matched").intValue()).isEqualTo(1);
	}

	@Test
	void refusesCacheHeadersItCannotHonour() {
		Answer badNamespace = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, chat("x"),
				Map.of("X-Cache-Namespace", "Not Valid"));
		Answer badTtl = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, chat("x"), Map.of("X-Cache-TTL", "-1"));
		Answer badTag = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, chat("x"), Map.of("X-Cache-Tags", "a b"));
		for (Answer answer : List.of(badNamespace, badTtl, badTag)) {
			assertThat(answer.status()).isEqualTo(400);
			assertThat(answer.body().get("type").stringValue()).endsWith("/validation");
		}
		assertThat(upstream.calls("/v1/chat/completions")).isZero();
	}

	@Test
	void authenticatesWithCacheKeysAndStoresOnlyForKeysThatMayWrite() {
		assertThat(this.api.post(CHAT, null, chat("x")).status()).isEqualTo(401);
		assertThat(this.api.post(CHAT, "not-a-key", chat("x")).status()).isEqualTo(401);
		String body = chat("Read only " + unique());
		Answer first = this.api.post(CHAT, TestApiKeys.ACME_READER, body);
		Answer second = this.api.post(CHAT, TestApiKeys.ACME_READER, body);
		assertThat(first.status()).isEqualTo(200);
		assertThat(second.headers().getFirst("X-Cache")).isEqualTo("MISS");
		// A writer fills the cache, and then the reader is served from it
		this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body);
		assertThat(this.api.post(CHAT, TestApiKeys.ACME_READER, body).headers().getFirst("X-Cache")).isEqualTo("HIT");
		// Another tenant never sees it
		assertThat(this.api.post(CHAT, TestApiKeys.GLOBEX_ADMIN, body).headers().getFirst("X-Cache")).isEqualTo("MISS");
	}

	@Test
	void forwardsWhatTheCacheCannotKeyAsABypass() {
		String tokens = "{\"model\":\"m\",\"prompt\":[[1,2,3]],\"temperature\":0}";
		Answer answer = this.api.post("/openai/v1/completions", TestApiKeys.ACME_ADMIN, tokens);
		assertThat(answer.headers().getFirst("X-Cache")).isEqualTo("BYPASS");
		assertThat(upstream.bodies().get(0)).isEqualTo(this.json.readTree(tokens));
	}

	@Test
	void doesNotServeEntriesStoredThroughTheCacheApiAsOpenAiAnswers() {
		String text = "Stored elsewhere " + unique();
		this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN,
				"{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text
						+ "\"}],\"params\":{\"temperature\":0},\"response\":{\"text\":\"not an OpenAI answer\"}}");
		Answer answer = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, chat(text));
		assertThat(answer.headers().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(answer.body().get("object").stringValue()).isEqualTo("chat.completion");
	}

	@Test
	void forwardsRequestsWhoseAnswersVaryUncachedByDefault() {
		String text = "[[vary]] Surprise me " + unique();
		for (String body : List.of(chat(text).replace("\"temperature\":0", "\"temperature\":0.7"),
				chat(text).replace("\"temperature\":0,", ""),
				chat(text).replace("\"temperature\":0", "\"temperature\":0,\"n\":2"))) {
			for (int i = 0; i < 2; i++) {
				assertThat(this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body).headers().getFirst("X-Cache")).as(body)
					.isEqualTo("BYPASS");
			}
		}
		assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(6);
	}

	@Test
	void cachesRequestsWhoseAnswersVaryWhenThePolicySaysCache() {
		String namespace = "nd-cache-" + unique().substring(0, 8);
		Answer policy = this.api.put("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.ACME_ADMIN,
				"{\"nonDeterministic\": {\"mode\": \"cache\"}}");
		assertThat(policy.body().at("/nonDeterministic/mode").stringValue()).isEqualTo("cache");
		String body = chat("[[vary]] Once " + unique()).replace("\"temperature\":0", "\"temperature\":1");
		Answer first = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body, Map.of("X-Cache-Namespace", namespace));
		Answer second = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body, Map.of("X-Cache-Namespace", namespace));
		assertThat(first.headers().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(second.headers().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(second.body()).isEqualTo(first.body());
	}

	@Test
	void keepsABucketOfDifferentAnswersAndServesAmongThem() {
		String namespace = "nd-bucket-" + unique().substring(0, 8);
		this.api.put("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.ACME_ADMIN,
				"{\"nonDeterministic\": {\"mode\": \"bucket\", \"bucketSize\": 3}}");
		String body = chat("[[vary]] Tell a joke " + unique()).replace("\"temperature\":0", "\"temperature\":1.2");
		java.util.Set<String> contents = new java.util.HashSet<>();
		int hits = 0;
		for (int i = 0; i < 40; i++) {
			Answer answer = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body, Map.of("X-Cache-Namespace", namespace));
			assertThat(answer.headers().getFirst("X-Cache-Bucket")).matches("[123]/3");
			contents.add(answer.body().at("/choices/0/message/content").stringValue());
			hits += "HIT".equals(answer.headers().getFirst("X-Cache")) ? 1 : 0;
		}
		// Three slots, each filled once (40 random picks leave one empty with
		// probability 3 * (2/3)^40, about 3e-7): three answers, the rest hits
		assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(3);
		assertThat(contents).hasSize(3);
		assertThat(hits).isEqualTo(37);
	}

	@Test
	void validatesTheNonDeterministicPolicy() {
		String path = "/v1/admin/namespaces/nd-" + unique().substring(0, 8) + "/policy";
		assertThat(this.api.get(path, TestApiKeys.ACME_ADMIN).body().get("nonDeterministic").toString())
			.isEqualTo("{\"mode\":\"bypass\",\"bucketSize\":3}");
		for (String body : List.of("{\"nonDeterministic\": {\"mode\": \"random\"}}",
				"{\"nonDeterministic\": {\"mode\": \"bucket\", \"bucketSize\": 0}}",
				"{\"nonDeterministic\": {\"bucketSize\": 17}}")) {
			assertThat(this.api.put(path, TestApiKeys.ACME_ADMIN, body).status()).as(body).isEqualTo(400);
		}
		Answer partial = this.api.put(path, TestApiKeys.ACME_ADMIN, "{\"nonDeterministic\": {\"mode\": \"bucket\"}}");
		assertThat(partial.body().get("nonDeterministic").toString())
			.isEqualTo("{\"mode\":\"bucket\",\"bucketSize\":3}");
	}

	@Test
	void documentsTheProxyInAnOpenApiGroupOfItsOwn() {
		JsonNode paths = this.api.get("/v3/api-docs/proxy", null).body().get("paths");
		assertThat(paths.has("/openai/v1/chat/completions")).isTrue();
		assertThat(paths.has("/openai/v1/completions")).isTrue();
		assertThat(paths.has("/openai/v1/embeddings")).isTrue();
		assertThat(this.api.get("/v3/api-docs/client", null).body().get("paths").has("/openai/v1/chat/completions"))
			.isFalse();
	}

	static String chat(String text) {
		return "{\"model\":\"gpt-4o-mini\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"" + text
				+ "\"}]}";
	}

	static String unique() {
		return UUID.randomUUID().toString();
	}

	static List<JsonNode> dataEvents(JsonMapper json, String sse) {
		List<JsonNode> events = new ArrayList<>();
		for (String block : sse.split("\n\n")) {
			for (String line : block.split("\n")) {
				if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
					events.add(json.readTree(line.substring(6)));
				}
			}
		}
		return events;
	}

}
