package io.llmcache.prefix;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.SecondReplica;
import io.llmcache.TestApiKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prefix lookups and analytics through the API against a real Redis, with a second
 * replica of the service: shared prefixes of conversations, the index seen by every
 * replica, tenants and namespaces kept apart, verification of every claimed block, TTLs
 * of the index, roles and validation.
 */
@IntegrationTest
class PrefixIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** About 1,400 tokens: above the 1,024-token minimum of provider prompt caching. */
	private static final String SYSTEM = "You are SupportBot. Answer politely, cite the manual, never guess. "
		.repeat(100);

	@RegisterExtension
	static final SecondReplica secondReplica = new SecondReplica();

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	ApiClient api;

	ApiClient other;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
		this.other = secondReplica.api();
	}

	@Test
	void aFollowUpTurnSharesTheStoredConversationAsItsPrefix() {
		String namespace = unique("conv");
		List<String> turn1 = List.of("system", SYSTEM, "user", "How do I reset my password?");
		String entryId = store(TestApiKeys.ACME_ADMIN, namespace, turn1);
		JsonNode stored = lookup(this.api, TestApiKeys.ACME_READER, namespace, turn1);
		assertThat(stored.get("tokenizer").stringValue()).isEqualTo("o200k_base");
		assertThat(stored.get("cachedPrefixTokens").intValue()).isEqualTo(stored.get("totalTokens").intValue())
			.isGreaterThan(1024);

		List<String> turn2 = new ArrayList<>(turn1);
		turn2.addAll(List.of("assistant", "Use the 'Forgot password' link.", "user", "And my user name?"));
		JsonNode followUp = lookup(this.api, TestApiKeys.ACME_READER, namespace, turn2);
		assertThat(followUp.get("cachedPrefixTokens").intValue()).isEqualTo(stored.get("totalTokens").intValue());
		assertThat(followUp.get("totalTokens").intValue()).isGreaterThan(stored.get("totalTokens").intValue());
		JsonNode segments = followUp.get("segments");
		assertThat(segments).hasSize(4);
		assertThat(segments.get(0).get("role").stringValue()).isEqualTo("system");
		assertThat(segments.get(0).get("cached").booleanValue()).isTrue();
		assertThat(segments.get(0).get("cachedTokens").intValue()).isEqualTo(segments.get(0).get("tokens").intValue());
		assertThat(segments.get(1).get("cached").booleanValue()).isTrue();
		assertThat(segments.get(2).get("cached").booleanValue()).isFalse();
		assertThat(segments.get(2).get("cachedTokens").intValue()).isZero();
		assertThat(segments.get(3).get("cached").booleanValue()).isFalse();
		assertThat(followUp.get("entries")).hasSize(1);
		assertThat(followUp.get("entries").get(0).get("entryId").stringValue()).isEqualTo(entryId);
		assertThat(followUp.get("entries").get(0).get("sharedTokens").intValue())
			.isEqualTo(stored.get("totalTokens").intValue());
	}

	@Test
	void deletedEntriesAreNoLongerNamedThoughTheirPrefixStaysIndexed() {
		String namespace = unique("deleted");
		List<String> first = List.of("system", SYSTEM, "user", "How do I reset my password?");
		List<String> second = List.of("system", SYSTEM, "user", "How do I change my email?");
		String deleted = store(TestApiKeys.ACME_ADMIN, namespace, first);
		String kept = store(TestApiKeys.ACME_ADMIN, namespace, second);
		List<String> asked = List.of("system", SYSTEM, "user", "Something else");
		assertThat(lookup(this.api, TestApiKeys.ACME_READER, namespace, asked).get("entries"))
			.extracting((entry) -> entry.get("entryId").stringValue())
			.containsExactlyInAnyOrder(deleted, kept);

		assertThat(this.api.delete("/v1/cache/entries/" + deleted, TestApiKeys.ACME_ADMIN).status()).isEqualTo(204);

		JsonNode answer = lookup(this.other, TestApiKeys.ACME_READER, namespace, asked);
		assertThat(answer.get("entries")).extracting((entry) -> entry.get("entryId").stringValue())
			.containsExactly(kept);
		assertThat(answer.get("cachedPrefixTokens").intValue()).as("the shared system prompt is still indexed")
			.isPositive();
	}

	@Test
	void aRequestSharingOnlyTheSystemPromptSharesThatSegment() {
		String namespace = unique("sys");
		store(TestApiKeys.ACME_ADMIN, namespace, List.of("system", SYSTEM, "user", "First question"));
		JsonNode answer = lookup(this.api, TestApiKeys.ACME_ADMIN, namespace,
				List.of("system", SYSTEM, "user", "Another question"));
		JsonNode system = answer.get("segments").get(0);
		assertThat(answer.get("cachedPrefixTokens").intValue()).isEqualTo(system.get("tokens").intValue());
		assertThat(system.get("cached").booleanValue()).isTrue();
		assertThat(answer.get("segments").get(1).get("cached").booleanValue()).isFalse();

		// The same system text as a user message is another sequence.
		JsonNode asUser = lookup(this.api, TestApiKeys.ACME_ADMIN, namespace, List.of("user", SYSTEM));
		assertThat(asUser.get("cachedPrefixTokens").intValue()).isZero();
		assertThat(asUser.get("entries")).isEmpty();
	}

	@Test
	void aLongSegmentSharesItsHeadInWholeBlocks() {
		String namespace = unique("long");
		store(TestApiKeys.ACME_ADMIN, namespace, List.of("user", SYSTEM));
		JsonNode answer = lookup(this.api, TestApiKeys.ACME_ADMIN, namespace,
				List.of("user", SYSTEM + "Except on Sundays."));
		int cached = answer.get("cachedPrefixTokens").intValue();
		// All but the last block or two of the stored message, and never all of the new
		// one.
		assertThat(cached).isGreaterThan(1000).isLessThan(answer.get("totalTokens").intValue());
		assertThat(answer.get("segments").get(0).get("cachedTokens").intValue()).isEqualTo(cached);
		assertThat(answer.get("segments").get(0).get("cached").booleanValue()).isFalse();
	}

	@Test
	void theOtherReplicaSeesTheSameIndex() {
		String namespace = unique("replica");
		List<String> conversation = List.of("system", "Be brief.", "user", "Capital of France?");
		String entryId = store(TestApiKeys.ACME_ADMIN, namespace, conversation);
		JsonNode answer = lookup(this.other, TestApiKeys.ACME_ADMIN, namespace, conversation);
		assertThat(answer.get("cachedPrefixTokens").intValue()).isEqualTo(answer.get("totalTokens").intValue())
			.isPositive();
		assertThat(answer.get("entries").get(0).get("entryId").stringValue()).isEqualTo(entryId);
	}

	@Test
	void nothingIsSharedAcrossTenantsOrNamespaces() {
		String namespace = unique("iso");
		List<String> conversation = List.of("system", SYSTEM, "user", "Shared?");
		store(TestApiKeys.ACME_ADMIN, namespace, conversation);
		assertThat(
				lookup(this.api, TestApiKeys.ACME_ADMIN, namespace, conversation).get("cachedPrefixTokens").intValue())
			.isPositive();
		JsonNode globex = lookup(this.api, TestApiKeys.GLOBEX_ADMIN, namespace, conversation);
		assertThat(globex.get("cachedPrefixTokens").intValue()).isZero();
		assertThat(globex.get("entries")).isEmpty();
		JsonNode otherNamespace = lookup(this.api, TestApiKeys.ACME_ADMIN, namespace + "-b", conversation);
		assertThat(otherNamespace.get("cachedPrefixTokens").intValue()).isZero();
	}

	@Test
	void aBlockWhoseCheckDiffersIsNeverClaimed() {
		String namespace = unique("check");
		List<String> conversation = List.of("system", "Be brief.", "user", "Capital of Italy?");
		store(TestApiKeys.ACME_ADMIN, namespace, conversation);
		Set<String> blocks = this.redis.keys("llmc:{acme/" + namespace + "}:p:b:*");
		assertThat(blocks).hasSize(2);
		// As if another sequence had taken the first block's 128-bit id: its check
		// differs.
		// The second block is intact, and must not be claimed after an unverified first.
		String first = blocks.stream().min((a, b) -> Integer.compare(tokens(a), tokens(b))).orElseThrow();
		this.redis.opsForHash().put(first, "v", "AAAAAAAAAAAAAAAAAAAAAA");
		JsonNode answer = lookup(this.other, TestApiKeys.ACME_ADMIN, namespace, conversation);
		assertThat(answer.get("cachedPrefixTokens").intValue()).isZero();
		assertThat(answer.get("entries")).isEmpty();
	}

	@Test
	void theIndexLivesAsLongAsItsLongestLivedEntry() {
		String namespace = unique("ttl");
		store(TestApiKeys.ACME_ADMIN, namespace, List.of("user", "short-lived"), 60);
		store(TestApiKeys.ACME_ADMIN, namespace, List.of("user", "short-lived"), 600);
		Set<String> blocks = this.redis.keys("llmc:{acme/" + namespace + "}:p:*");
		assertThat(blocks).isNotEmpty();
		for (String key : blocks) {
			Long ttl = this.redis.getExpire(key);
			assertThat(ttl).as(key).isGreaterThan(60).isLessThanOrEqualTo(600);
		}
	}

	@Test
	void analyticsListTheMostSharedPrefixesWithProviderFigures() {
		String namespace = unique("top");
		for (String question : List.of("Q1", "Q2", "Q3")) {
			store(TestApiKeys.ACME_ADMIN, namespace, List.of("system", SYSTEM, "user", question));
		}
		int systemTokens = lookup(this.api, TestApiKeys.ACME_READER, namespace, List.of("system", SYSTEM, "user", "Q4"))
			.get("cachedPrefixTokens")
			.intValue();
		JsonNode top = await("the lookup counted for the top prefix").atMost(Duration.ofSeconds(10)).until(() -> {
			Answer answer = this.api.get("/v1/admin/prefixes?namespace=" + namespace + "&limit=5",
					TestApiKeys.ACME_ADMIN);
			assertThat(answer.status()).isEqualTo(200);
			return answer.body().get("prefixes").get(0);
		}, (prefix) -> prefix != null && prefix.get("lookups").longValue() == 1);
		assertThat(top.get("tokens").intValue()).isEqualTo(systemTokens);
		assertThat(top.get("entries").longValue()).isEqualTo(3);
		assertThat(top.get("lookups").longValue()).isEqualTo(1);
		assertThat(top.get("reusedTokens").longValue()).isEqualTo(3L * systemTokens);
		assertThat(top.get("entryIds")).hasSize(3);
		JsonNode openai = top.get("providers").get(0);
		long cacheable = 1024 + ((systemTokens - 1024) / 128) * 128;
		assertThat(openai.get("provider").stringValue()).isEqualTo("openai");
		assertThat(openai.get("cacheableTokens").longValue()).isEqualTo(cacheable);
		assertThat(openai.get("servableTokens").longValue()).isEqualTo(3 * cacheable);

		Answer otherTenant = this.api.get("/v1/admin/prefixes?namespace=" + namespace, TestApiKeys.GLOBEX_ADMIN);
		assertThat(otherTenant.body().get("prefixes")).isEmpty();
	}

	@Test
	void rolesAndBoundsAreChecked() {
		String body = requestBody(unique("v"), List.of("user", "hi"), null, false);
		assertThat(this.api.post("/v1/prefix/lookup", null, body).status()).isEqualTo(401);
		assertThat(this.api.get("/v1/admin/prefixes", TestApiKeys.ACME_READER).status()).isEqualTo(403);
		assertThat(this.api.get("/v1/admin/prefixes?limit=0", TestApiKeys.ACME_ADMIN).status()).isEqualTo(400);
		assertThat(this.api.get("/v1/admin/prefixes?limit=101", TestApiKeys.ACME_ADMIN).status()).isEqualTo(400);
		assertThat(this.api.get("/v1/admin/prefixes?namespace=Bad/NS", TestApiKeys.ACME_ADMIN).status()).isEqualTo(400);
		Answer noModel = this.api.post("/v1/prefix/lookup", TestApiKeys.ACME_READER, """
				{"messages":[{"role":"user","content":"hi"}]}""");
		assertThat(noModel.status()).isEqualTo(400);
		assertThat(noModel.body().get("type").stringValue()).endsWith("/validation");
		Answer both = this.api.post("/v1/prefix/lookup", TestApiKeys.ACME_READER, """
				{"model":"m","prompt":"p","messages":[{"role":"user","content":"hi"}]}""");
		assertThat(both.status()).isEqualTo(400);
		Answer badRole = this.api.post("/v1/prefix/lookup", TestApiKeys.ACME_READER, """
				{"model":"m","messages":[{"content":"hi"}]}""");
		assertThat(badRole.status()).isEqualTo(400);
	}

	@Test
	void completionPromptsAreLookedUpToo() {
		String namespace = unique("prompt");
		Answer stored = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"gpt-4o","prompt":"Once upon a time","response":{"text":" there"}}"""
			.formatted(namespace));
		assertThat(stored.status()).isEqualTo(201);
		Answer answer = this.api.post("/v1/prefix/lookup", TestApiKeys.ACME_READER, """
				{"namespace":"%s","model":"gpt-4o","prompt":"Once upon a time"}""".formatted(namespace));
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body().get("segments").get(0).get("role").stringValue()).isEqualTo("prompt");
		assertThat(answer.body().get("cachedPrefixTokens").intValue())
			.isEqualTo(answer.body().get("totalTokens").intValue())
			.isPositive();
	}

	@Test
	void toolCallsAndToolResultsArePartOfTheSharedPrefix() {
		String namespace = unique("tools");
		String call = """
				{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
				 "function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}""";
		String result = """
				{"role":"tool","tool_call_id":"c1","content":"18 C, sunny"}""";
		String tools = """
				[{"type":"function","function":{"name":"weather","parameters":{"type":"object"}}}]""";
		String stored = """
				{"namespace":"%s","model":"gpt-4o","tools":%s,"messages":[{"role":"user","content":"Weather?"},%s,%s],
				 "response":{"text":"It is sunny."}}""".formatted(namespace, tools, call, result);
		assertThat(this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, stored).status()).isEqualTo(201);

		Answer followUp = this.api.post("/v1/prefix/lookup", TestApiKeys.ACME_READER, """
				{"namespace":"%s","model":"gpt-4o","tools":%s,"messages":[{"role":"user","content":"Weather?"},%s,%s,
				 {"role":"assistant","content":"It is sunny."},{"role":"user","content":"Tomorrow?"}]}"""
			.formatted(namespace, tools, call, result));
		assertThat(followUp.status()).as(followUp.body().toString()).isEqualTo(200);
		JsonNode segments = followUp.body().get("segments");
		assertThat(segments.valueStream().map((segment) -> segment.get("role").stringValue())).containsExactly("tools",
				"user", "assistant", "tool", "assistant", "user");
		assertThat(segments.valueStream().map((segment) -> segment.get("cached").booleanValue())).containsExactly(true,
				true, true, true, false, false);

		// Another tool result is another sequence from that segment on.
		Answer otherResult = this.api.post("/v1/prefix/lookup", TestApiKeys.ACME_READER,
				"""
						{"namespace":"%s","model":"gpt-4o","tools":%s,"messages":[{"role":"user","content":"Weather?"},%s,%s]}"""
					.formatted(namespace, tools, call, result.replace("sunny", "rainy")));
		assertThat(otherResult.body().get("segments").get(3).get("cached").booleanValue()).isFalse();
		assertThat(otherResult.body().get("segments").get(2).get("cached").booleanValue()).isTrue();
	}

	@Test
	void theEndpointsAreInTheirOpenApiGroups() {
		assertThat(this.api.get("/v3/api-docs/client", null).body().get("paths").has("/v1/prefix/lookup")).isTrue();
		assertThat(this.api.get("/v3/api-docs/admin", null).body().get("paths").has("/v1/admin/prefixes")).isTrue();
		assertThat(this.api.get("/v3/api-docs/admin", null).body().get("paths").has("/v1/prefix/lookup")).isFalse();
	}

	private int tokens(String blockKey) {
		return Integer.parseInt((String) this.redis.opsForHash().get(blockKey, "n"));
	}

	private String store(String apiKey, String namespace, List<String> rolesAndContents) {
		return store(apiKey, namespace, rolesAndContents, null);
	}

	private String store(String apiKey, String namespace, List<String> rolesAndContents, Integer ttlSeconds) {
		Answer answer = this.api.post("/v1/cache/entries", apiKey,
				requestBody(namespace, rolesAndContents, ttlSeconds, true));
		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
		return answer.body().get("entryId").stringValue();
	}

	private static JsonNode lookup(ApiClient client, String apiKey, String namespace, List<String> rolesAndContents) {
		Answer answer = client.post("/v1/prefix/lookup", apiKey, requestBody(namespace, rolesAndContents, null, false));
		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
		return answer.body();
	}

	private static String requestBody(String namespace, List<String> rolesAndContents, Integer ttlSeconds,
			boolean forStore) {
		ObjectNode body = json.createObjectNode().put("namespace", namespace).put("model", "gpt-4o-mini");
		ArrayNode messages = body.putArray("messages");
		for (int i = 0; i < rolesAndContents.size(); i += 2) {
			messages.addObject().put("role", rolesAndContents.get(i)).put("content", rolesAndContents.get(i + 1));
		}
		if (forStore) {
			body.putObject("response").put("text", "ok");
		}
		if (ttlSeconds != null) {
			body.put("ttlSeconds", ttlSeconds);
		}
		return body.toString();
	}

	private static String unique(String prefix) {
		return prefix + "-" + Long.toHexString(System.nanoTime());
	}

}
