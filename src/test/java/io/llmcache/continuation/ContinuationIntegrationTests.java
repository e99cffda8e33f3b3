package io.llmcache.continuation;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.TestApiKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Continuation hits end to end, against a real Redis: a completion prompt that is a
 * cached prompt followed by the start of its completion is served the rest, and nothing
 * else is.
 */
@IntegrationTest
class ContinuationIntegrationTests {

	private static final String PROMPT = "def add(a, b):";

	private static final String COMPLETION = "\n    \"\"\"Add two numbers.\"\"\"\n    return a + b\n";

	/** The start of the completion, not white space (a normalized hit otherwise). */
	private static final String TYPED = "\n    \"\"\"Add";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	ApiClient api;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void servesTheRestOfTheCompletionWhenThePromptContinuesACachedOneWithIt() {
		String namespace = continuationNamespace("rest");
		String entryId = store(namespace, PROMPT, openAiCompletion(COMPLETION, "stop"), "{\"temperature\":0}");

		JsonNode hit = lookup(namespace, PROMPT + "\n    \"\"\"Add two", "{\"temperature\":0}");

		assertThat(hit.get("hit").booleanValue()).as(hit.toString()).isTrue();
		assertThat(hit.get("matchType").stringValue()).isEqualTo("continuation");
		assertThat(hit.get("entryId").stringValue()).isEqualTo(entryId);
		assertThat(hit.get("similarity").doubleValue()).isEqualTo(1.0);
		JsonNode response = hit.get("response");
		assertThat(response.get("choices").get(0).get("text").stringValue())
			.isEqualTo(" numbers.\"\"\"\n    return a + b\n");
		assertThat(response.get("choices").get(0).get("finish_reason").stringValue()).isEqualTo("stop");
		assertThat(response.get("object").stringValue()).isEqualTo("text_completion");
		assertThat(response.has("usage")).as("the provider's counts were for the whole completion").isFalse();
		assertThat(lookup(namespace, PROMPT, "{\"temperature\":0}").get("matchType").stringValue())
			.as("the cached prompt itself")
			.isEqualTo("exact");
	}

	@Test
	void servesThePlainTextShapeAcrossCharactersOutsideTheBasicPlane() {
		String namespace = continuationNamespace("plain");
		store(namespace, "Greet the user: ", "{\"text\":\"\uD83D\uDE00 Hello there!\"}", "{}");

		JsonNode hit = lookup(namespace, "Greet the user: \uD83D\uDE00", "{}");

		assertThat(hit.get("matchType").stringValue()).as(hit.toString()).isEqualTo("continuation");
		assertThat(hit.get("response").get("text").stringValue()).isEqualTo(" Hello there!");
	}

	@Test
	void prefersTheLongestCachedPromptThatTheRequestContinues() {
		String namespace = continuationNamespace("longest");
		store(namespace, "a", "{\"text\":\"bcdef\"}", "{}");
		String longer = store(namespace, "abc", "{\"text\":\"dXYZ\"}", "{}");

		JsonNode hit = lookup(namespace, "abcd", "{}");

		assertThat(hit.get("entryId").stringValue()).isEqualTo(longer);
		assertThat(hit.get("response").get("text").stringValue()).isEqualTo("XYZ");
		assertThat(lookup(namespace, "abcde", "{}").get("response").get("text").stringValue())
			.as("'abc' + 'de' is not its completion; 'a' + 'bcde' is")
			.isEqualTo("f");
	}

	@Test
	void neverServesAcrossDifferingTextParametersOrModels() {
		String namespace = continuationNamespace("differ");
		store(namespace, PROMPT, openAiCompletion(COMPLETION, "stop"), "{\"temperature\":0,\"max_tokens\":64}");

		assertThat(
				lookup(namespace, PROMPT + "\n    \"\"\"Subtract", "{\"temperature\":0,\"max_tokens\":64}").get("hit")
					.booleanValue())
			.as("the text after the cached prompt differs from the completion")
			.isFalse();
		JsonNode explained = this.api
			.post("/v1/cache/explain", TestApiKeys.ACME_ADMIN,
					body(namespace, PROMPT + "\n    \"\"\"Subtract", "{\"temperature\":0,\"max_tokens\":64}"))
			.body();
		assertThat(explained.get("candidates").get(0).get("matchType").stringValue()).isEqualTo("continuation");
		assertThat(explained.get("candidates").get(0).get("reason").stringValue())
			.isEqualTo("the text after its prompt differs from its completion");
		assertThat(lookup(namespace, PROMPT + TYPED, "{\"temperature\":0,\"max_tokens\":32}").get("hit").booleanValue())
			.as("other parameters")
			.isFalse();
		assertThat(
				lookup(namespace, PROMPT + TYPED, "{\"temperature\":0,\"max_tokens\":64,\"suffix\":\"x\"}").get("hit")
					.booleanValue())
			.as("other text after the cursor")
			.isFalse();
		assertThat(lookup(namespace, PROMPT + TYPED, "{\"temperature\":0,\"max_tokens\":64,\"echo\":true}").get("hit")
			.booleanValue()).as("an echoed prompt").isFalse();
		assertThat(lookup(namespace, PROMPT + COMPLETION, "{\"temperature\":0,\"max_tokens\":64}").get("hit")
			.booleanValue()).as("the whole completion typed: nothing left").isFalse();
		Answer otherModel = this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"other","prompt":%s,"params":{"temperature":0,"max_tokens":64}}"""
			.formatted(namespace, JSON.writeValueAsString(PROMPT + TYPED)));
		assertThat(otherModel.body().get("hit").booleanValue()).as("another model").isFalse();
		Answer otherTenant = this.api.post("/v1/cache/lookup", TestApiKeys.GLOBEX_ADMIN, """
				{"namespace":"%s","model":"m","prompt":%s,"params":{"temperature":0,"max_tokens":64}}"""
			.formatted(namespace, JSON.writeValueAsString(PROMPT + TYPED)));
		assertThat(otherTenant.body().get("hit").booleanValue()).as("another tenant").isFalse();
		assertThat(lookup(namespace, PROMPT + TYPED, "{\"temperature\":0,\"max_tokens\":64}").get("matchType")
			.stringValue()).as("the same request does hit").isEqualTo("continuation");
	}

	@Test
	void neverContinuesACompletionCutShortOrNotAllowed() {
		String namespace = continuationNamespace("cut");
		store(namespace, PROMPT, openAiCompletion(COMPLETION, "length"), "{}");
		JsonNode explained = this.api
			.post("/v1/cache/explain", TestApiKeys.ACME_ADMIN, body(namespace, PROMPT + TYPED, "{}"))
			.body();
		assertThat(explained.get("result").get("hit").booleanValue()).isFalse();
		assertThat(explained.get("candidates")).as("a completion cut short is not even indexed").isEmpty();

		String plain = "plain-" + Long.toHexString(System.nanoTime());
		store(plain, PROMPT, openAiCompletion(COMPLETION, "stop"), "{}");
		assertThat(lookup(plain, PROMPT + TYPED, "{}").get("hit").booleanValue())
			.as("the default policy does not allow continuation")
			.isFalse();
		Answer excluded = this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","prompt":%s,"matchTypes":["exact","normalized"]}""".formatted(namespace,
				JSON.writeValueAsString(PROMPT + TYPED)));
		assertThat(excluded.body().get("hit").booleanValue()).isFalse();
	}

	@Test
	void deletedAndInvalidatedEntriesAreNotContinuedAndLeaveNoIndexBehind() {
		String namespace = continuationNamespace("gone");
		String deleted = store(namespace, "one ", "{\"text\":\"two three\"}", "{}");
		store(namespace, "uno ", "{\"text\":\"dos tres\"}", "{}");
		assertThat(lookup(namespace, "one two", "{}").get("hit").booleanValue()).isTrue();

		assertThat(this.api.delete("/v1/cache/entries/" + deleted, TestApiKeys.ACME_ADMIN).status()).isEqualTo(204);
		assertThat(lookup(namespace, "one two", "{}").get("hit").booleanValue()).isFalse();
		TenantNamespace partition = new TenantNamespace("acme", namespace);
		assertThat(this.redis.keys(partition.keyPrefix() + "c:*")).hasSize(1);
		String key = this.redis.keys(partition.keyPrefix() + "c:*").iterator().next();
		assertThat(this.redis.opsForHash().size(key)).as("the deleted entry's field went with it").isEqualTo(1);
		assertThat(this.redis.getExpire(key)).isPositive();

		Answer invalidation = this.api.post("/v1/admin/invalidations", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m"}""".formatted(namespace));
		assertThat(invalidation.status()).as(invalidation.body().toString()).isLessThan(300);
		JsonNode explained = this.api
			.post("/v1/cache/explain", TestApiKeys.ACME_ADMIN, body(namespace, "uno dos", "{}"))
			.body();
		assertThat(explained.get("result").get("hit").booleanValue()).isFalse();
		// The sweeper may already have deleted the invalidated entry; if not, it was
		// found and refused.
		explained.get("candidates")
			.forEach((candidate) -> assertThat(candidate.get("reason").stringValue()).startsWith("invalidated by"));
	}

	private String continuationNamespace(String prefix) {
		String namespace = prefix + "-" + Long.toHexString(System.nanoTime());
		Answer put = this.api.put("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.ACME_ADMIN, """
				{"matchTypes":["exact","normalized","continuation"]}""");
		assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
		this.api.put("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.GLOBEX_ADMIN, """
				{"matchTypes":["exact","normalized","continuation"]}""");
		return namespace;
	}

	private String store(String namespace, String prompt, String response, String params) {
		Answer answer = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","prompt":%s,"params":%s,"response":%s}""".formatted(namespace,
				JSON.writeValueAsString(prompt), params, response));
		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
		return answer.body().get("entryId").stringValue();
	}

	private JsonNode lookup(String namespace, String prompt, String params) {
		Answer answer = this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, body(namespace, prompt, params));
		assertThat(answer.status()).isEqualTo(200);
		return answer.body();
	}

	private static String body(String namespace, String prompt, String params) {
		return """
				{"namespace":"%s","model":"m","prompt":%s,"params":%s}""".formatted(namespace,
				JSON.writeValueAsString(prompt), params);
	}

	private static String openAiCompletion(String text, String finishReason) {
		return """
				{"id":"cmpl-1","object":"text_completion","created":1700000000,"model":"m",
				 "choices":[{"index":0,"text":%s,"logprobs":null,"finish_reason":"%s"}],
				 "usage":{"prompt_tokens":5,"completion_tokens":12,"total_tokens":17}}"""
			.formatted(JSON.writeValueAsString(text), finishReason);
	}

}
