package io.llmcache.invalidation;

import java.time.Duration;
import java.time.Instant;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.SecondReplica;
import io.llmcache.TestApiKeys;
import io.llmcache.entry.EntryId;
import io.llmcache.entry.TenantNamespace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Invalidation through the API, with a second replica of the service on the same Redis:
 * selectors, dry runs, immediacy on another replica for every match type, store tokens,
 * the sweeper, index cleanup and the audit log.
 */
@IntegrationTest
class InvalidationIntegrationTests {

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
	void anInvalidationWithoutASelectorIsRefused() {
		Answer answer = this.api.post("/v1/admin/invalidations", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","dryRun":true}""".formatted(unique("none")));
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.body().get("type").stringValue()).endsWith("/validation");
		assertThat(answer.body().get("detail").stringValue()).contains("all=true");
	}

	@Test
	void onlyAdminsInvalidate() {
		Answer answer = this.api.post("/v1/admin/invalidations", TestApiKeys.ACME_READER, """
				{"all":true}""");
		assertThat(answer.status()).isEqualTo(403);
	}

	@Test
	void aDryRunCountsExactlyTheLiveMatchingEntriesAndChangesNothing() {
		String namespace = unique("dry");
		store(namespace, "one", "[\"doc:1\"]");
		store(namespace, "two", "[\"doc:1\", \"doc:2\"]");
		store(namespace, "three", "[\"doc:2\"]");
		store(namespace, "four", "[]");

		assertThat(invalidate(namespace, "\"tags\":[\"doc:1\"],\"dryRun\":true").get("matched").longValue())
			.isEqualTo(2);
		assertThat(invalidate(namespace, "\"tags\":[\"doc:1\",\"doc:2\"],\"dryRun\":true").get("matched").longValue())
			.isEqualTo(3);
		assertThat(invalidate(namespace, "\"all\":true,\"dryRun\":true").get("matched").longValue()).isEqualTo(4);
		JsonNode dryRun = invalidate(namespace, "\"tags\":[\"doc:1\"],\"dryRun\":true");
		assertThat(dryRun.get("dryRun").booleanValue()).isTrue();
		assertThat(dryRun.has("invalidationId")).isFalse();
		for (String prompt : new String[] { "one", "two", "three", "four" }) {
			assertThat(lookup(this.api, namespace, prompt).get("hit").booleanValue()).isTrue();
		}
	}

	@Test
	void anInvalidationOnOneReplicaHidesMatchedEntriesOnAnotherAtOnceForEveryMatchType() {
		String namespace = unique("now");
		String entryId = store(namespace, "What is   our refund policy?", "[\"doc:42\"]");
		store(namespace, "Untouched question", "[\"doc:7\"]");
		assertThat(lookup(this.other, namespace, "What is our refund policy?").get("matchType").stringValue())
			.isEqualTo("normalized");

		JsonNode result = invalidate(namespace, "\"tags\":[\"doc:42\"]");
		assertThat(result.get("matched").longValue()).isEqualTo(1);
		assertThat(result.get("invalidationId").stringValue()).startsWith("inv_");

		JsonNode exact = lookup(this.other, namespace, "What is   our refund policy?");
		assertThat(exact.get("hit").booleanValue()).isFalse();
		assertThat(exact.get("storeToken").stringValue()).isNotBlank();
		assertThat(lookup(this.other, namespace, "What is our refund policy?").get("hit").booleanValue()).isFalse();
		assertThat(this.other.get("/v1/cache/entries/" + entryId, TestApiKeys.ACME_ADMIN).status()).isEqualTo(404);
		assertThat(lookup(this.other, namespace, "Untouched question").get("hit").booleanValue()).isTrue();

		store(namespace, "What is   our refund policy?", "[\"doc:42\"]");
		assertThat(lookup(this.other, namespace, "What is   our refund policy?").get("hit").booleanValue())
			.as("an entry stored after the invalidation is new content")
			.isTrue();
	}

	@Test
	void aPromptPrefixSelectsEverythingBuiltOnALongSystemPromptOnTokenBoundaries() {
		String namespace = unique("tokens");
		String system = "You are SupportBot v3. Answer politely and cite the handbook. ".repeat(40).strip();
		String revised = system.substring(0, system.length() - "handbook.".length()) + "wiki.";
		assertThat(system).hasSizeGreaterThan(2000);
		storeChat(namespace, "gpt-4o", system, "Where is my order?");
		storeChat(namespace, "gpt-4o", system, "Can I return shoes?");
		storeChat(namespace, "gpt-4o", revised, "Where is my order?");
		store(namespace, "gpt-4o", "You are SupportBot v3. Hello", "[]");

		assertThat(
				invalidate(namespace, "\"promptPrefix\":\"You are Supp\",\"dryRun\":true").get("matched").longValue())
			.as("not on a token boundary of any prompt")
			.isZero();
		assertThat(invalidate(namespace, "\"promptPrefix\":\"You are SupportBot\",\"dryRun\":true").get("matched")
			.longValue()).isEqualTo(4);
		assertThat(invalidate(namespace, "\"promptPrefix\":\"" + system + "\\nWhere\",\"dryRun\":true").get("matched")
			.longValue()).as("the whole system prompt, a newline, then the start of the next message").isEqualTo(1);
		assertThat(invalidate(namespace, "\"promptPrefix\":\"" + system + "\"").get("matched").longValue())
			.isEqualTo(2);

		assertThat(lookupChat(namespace, system, "Where is my order?").get("hit").booleanValue())
			.as(() -> this.other.post("/v1/cache/explain", TestApiKeys.ACME_ADMIN,
					chatBody(namespace, "gpt-4o", system, "Where is my order?", null))
				.body()
				.toString())
			.isFalse();
		assertThat(lookupChat(namespace, system, "Can I return shoes?").get("hit").booleanValue()).isFalse();
		assertThat(lookupChat(namespace, revised, "Where is my order?").get("hit").booleanValue())
			.as("built on another system prompt")
			.isTrue();
		assertThat(lookup(this.other, namespace, "gpt-4o", "You are SupportBot v3. Hello").get("hit").booleanValue())
			.isTrue();

		String all = new TenantNamespace("acme", namespace).allIndexKey();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.redis.opsForZSet().size(all))
				.as("the sweeper deleted the two entries built on it")
				.isEqualTo(2));
	}

	private JsonNode lookupChat(String namespace, String system, String user) {
		Answer answer = this.other.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN,
				chatBody(namespace, "gpt-4o", system, user, null));
		assertThat(answer.status()).isEqualTo(200);
		return answer.body();
	}

	@Test
	void selectorsCombineWithAnd() {
		String namespace = unique("and");
		store(namespace, "gpt-a", "You are SupportBot v3. Hello", "[]");
		store(namespace, "gpt-b", "You are SupportBot v3. Hello", "[]");
		store(namespace, "gpt-a", "You are SupportBot v4. Hello", "[]");
		storeChat(namespace, "gpt-a", "You are SupportBot v3.", "Where is my order?");

		assertThat(
				invalidate(namespace, "\"model\":\"gpt-a\",\"promptPrefix\":\"You are SupportBot v3\"").get("matched")
					.longValue())
			.isEqualTo(2);
		assertThat(lookup(this.api, namespace, "gpt-a", "You are SupportBot v3. Hello").get("hit").booleanValue())
			.isFalse();
		assertThat(lookup(this.api, namespace, "gpt-b", "You are SupportBot v3. Hello").get("hit").booleanValue())
			.isTrue();
		assertThat(lookup(this.api, namespace, "gpt-a", "You are SupportBot v4. Hello").get("hit").booleanValue())
			.isTrue();
		Answer chat = this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN,
				chatBody(namespace, "gpt-a", "You are SupportBot v3.", "Where is my order?", null));
		assertThat(chat.body().get("hit").booleanValue()).as("system message first in the rendered prompt").isFalse();

		assertThat(invalidate(namespace, "\"createdBefore\":\"2000-01-01T00:00:00Z\"").get("matched").longValue())
			.isZero();
		assertThat(
				invalidate(namespace, "\"createdBefore\":\"" + Instant.now().plusSeconds(60) + "\",\"model\":\"gpt-b\"")
					.get("matched")
					.longValue())
			.isEqualTo(1);
		assertThat(lookup(this.api, namespace, "gpt-b", "You are SupportBot v3. Hello").get("hit").booleanValue())
			.isFalse();
	}

	@Test
	void aStoreCarryingATokenFromBeforeAMatchingInvalidationIsRefused() {
		String namespace = unique("token");
		JsonNode miss = lookup(this.api, namespace, "Summarize doc 42");
		String token = miss.get("storeToken").stringValue();

		invalidate(namespace, "\"tags\":[\"doc:42\"]");

		Answer refused = this.other.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN,
				storeBody(namespace, "m", "Summarize doc 42", "[\"doc:42\"]", token));
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.body().get("type").stringValue()).endsWith("/stale-store-token");
		assertThat(lookup(this.api, namespace, "Summarize doc 42").get("hit").booleanValue()).isFalse();

		Answer otherTag = this.other.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN,
				storeBody(namespace, "m", "Summarize doc 43", "[\"doc:43\"]", token));
		assertThat(otherTag.status()).as("the invalidation does not select this entry").isEqualTo(201);

		String fresh = lookup(this.api, namespace, "Summarize doc 42").get("storeToken").stringValue();
		Answer afterwards = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN,
				storeBody(namespace, "m", "Summarize doc 42", "[\"doc:42\"]", fresh));
		assertThat(afterwards.status()).isEqualTo(201);
	}

	@Test
	void aTokenFromAnotherNamespaceOrTenantIsRefused() {
		String namespace = unique("token");
		String token = lookup(this.api, namespace, "q").get("storeToken").stringValue();
		Answer otherNamespace = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN,
				storeBody(namespace + "x", "m", "q", "[]", token));
		assertThat(otherNamespace.status()).isEqualTo(400);
		Answer otherTenant = this.api.post("/v1/cache/entries", TestApiKeys.GLOBEX_ADMIN,
				storeBody(namespace, "m", "q", "[]", token));
		assertThat(otherTenant.status()).isEqualTo(400);
		Answer garbage = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN,
				storeBody(namespace, "m", "q", "[]", "not-a-token"));
		assertThat(garbage.status()).isEqualTo(400);
	}

	@Test
	void theSweeperDeletesInvalidatedEntriesWithTheirPointersAndIndexMemberships() {
		String namespace = unique("sweep");
		String invalidated = store(namespace, "Old   answer", "[\"doc:9\"]");
		String kept = store(namespace, "Kept answer", "[\"doc:8\"]");
		TenantNamespace partition = new TenantNamespace("acme", namespace);
		String digest = EntryId.parse(invalidated).orElseThrow().exactDigest();

		invalidate(namespace, "\"tags\":[\"doc:9\"]");

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.redis.hasKey(partition.entryKey(digest))).isFalse());
		assertThat(this.redis.opsForZSet().score(partition.allIndexKey(), digest)).isNull();
		assertThat(this.redis.opsForZSet().score(partition.tagIndexKey("doc:9"), digest)).isNull();
		assertThat(this.redis.opsForZSet().score(partition.modelIndexKey("m"), digest)).isNull();
		assertThat(this.redis.keys(partition.keyPrefix() + "n:*")).hasSize(1);
		String keptDigest = EntryId.parse(kept).orElseThrow().exactDigest();
		assertThat(this.redis.hasKey(partition.entryKey(keptDigest))).isTrue();
	}

	@Test
	void deletingAnEntryRemovesItFromEveryIndex() {
		String namespace = unique("delete");
		String entryId = store(namespace, "Bye", "[\"a\", \"b\"]");
		TenantNamespace partition = new TenantNamespace("acme", namespace);
		String digest = EntryId.parse(entryId).orElseThrow().exactDigest();
		assertThat(this.redis.opsForZSet().score(partition.tagIndexKey("a"), digest)).isNotNull();

		assertThat(this.api.delete("/v1/cache/entries/" + entryId, TestApiKeys.ACME_ADMIN).status()).isEqualTo(204);

		assertThat(this.redis.opsForZSet().score(partition.allIndexKey(), digest)).isNull();
		assertThat(this.redis.opsForZSet().score(partition.tagIndexKey("a"), digest)).isNull();
		assertThat(this.redis.opsForZSet().score(partition.tagIndexKey("b"), digest)).isNull();
		assertThat(this.redis.opsForZSet().score(partition.modelIndexKey("m"), digest)).isNull();
	}

	@Test
	void replacingAnEntryMovesItBetweenTagIndexes() {
		String namespace = unique("replace");
		store(namespace, "Same request", "[\"old\"]");
		String entryId = store(namespace, "Same request", "[\"new\"]");
		TenantNamespace partition = new TenantNamespace("acme", namespace);
		String digest = EntryId.parse(entryId).orElseThrow().exactDigest();
		assertThat(this.redis.opsForZSet().score(partition.tagIndexKey("old"), digest)).isNull();
		assertThat(this.redis.opsForZSet().score(partition.tagIndexKey("new"), digest)).isNotNull();
		assertThat(invalidate(namespace, "\"tags\":[\"old\"]").get("matched").longValue()).isZero();
		assertThat(lookup(this.api, namespace, "Same request").get("hit").booleanValue()).isTrue();
	}

	@Test
	void invalidationsAndPolicyChangesAreInTheAuditLogNewestFirst() {
		String namespace = unique("audit");
		store(namespace, "x", "[\"t\"]");
		JsonNode invalidation = invalidate(namespace, "\"tags\":[\"t\"]");
		this.api.put("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.ACME_ADMIN, """
				{"defaultTtlSeconds": 60}""");

		Answer log = this.other.get("/v1/admin/invalidations?namespace=" + namespace, TestApiKeys.ACME_ADMIN);
		assertThat(log.status()).isEqualTo(200);
		JsonNode records = log.body().get("records");
		assertThat(records).hasSize(2);
		assertThat(records.get(0).get("action").stringValue()).isEqualTo("policy.replace");
		assertThat(records.get(0).get("policyVersion").longValue()).isEqualTo(2);
		JsonNode record = records.get(1);
		assertThat(record.get("action").stringValue()).isEqualTo("invalidate");
		assertThat(record.get("id").stringValue()).isEqualTo(invalidation.get("invalidationId").stringValue());
		assertThat(record.get("keyId").stringValue()).isEqualTo("acme-admin");
		assertThat(record.get("matched").longValue()).isEqualTo(1);
		assertThat(record.get("selector").get("tags").get(0).stringValue()).isEqualTo("t");
		assertThat(record.get("selector").has("specified")).as("an internal check, not a field").isFalse();
		assertThat(record.get("time").stringValue()).isNotBlank();

		Answer otherTenant = this.api.get("/v1/admin/invalidations?namespace=" + namespace, TestApiKeys.GLOBEX_ADMIN);
		assertThat(otherTenant.body().get("records")).isEmpty();
	}

	@Test
	void anInvalidationInOneNamespaceOrTenantLeavesTheOthersAlone() {
		String namespace = unique("iso");
		store(namespace, "Shared prompt", "[\"t\"]");
		store(namespace + "-b", "Shared prompt", "[\"t\"]");
		Answer globexStore = this.api.post("/v1/cache/entries", TestApiKeys.GLOBEX_ADMIN,
				storeBody(namespace, "m", "Shared prompt", "[\"t\"]", null));
		assertThat(globexStore.status()).isEqualTo(201);

		invalidate(namespace, "\"all\":true");

		assertThat(lookup(this.api, namespace, "Shared prompt").get("hit").booleanValue()).isFalse();
		assertThat(lookup(this.api, namespace + "-b", "Shared prompt").get("hit").booleanValue()).isTrue();
		Answer globex = this.api.post("/v1/cache/lookup", TestApiKeys.GLOBEX_ADMIN, """
				{"namespace":"%s","model":"m","prompt":"Shared prompt"}""".formatted(namespace));
		assertThat(globex.body().get("hit").booleanValue()).isTrue();
	}

	private JsonNode invalidate(String namespace, String selectors) {
		Answer answer = this.api.post("/v1/admin/invalidations", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s",%s}""".formatted(namespace, selectors));
		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
		return answer.body();
	}

	private String store(String namespace, String prompt, String tags) {
		return store(namespace, "m", prompt, tags);
	}

	private String store(String namespace, String model, String prompt, String tags) {
		Answer answer = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN,
				storeBody(namespace, model, prompt, tags, null));
		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
		return answer.body().get("entryId").stringValue();
	}

	private void storeChat(String namespace, String model, String system, String user) {
		Answer answer = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN,
				chatBody(namespace, model, system, user, "{\"text\":\"ok\"}"));
		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
	}

	private static String storeBody(String namespace, String model, String prompt, String tags, String token) {
		return """
				{"namespace":"%s","model":"%s","prompt":"%s","response":{"text":"answer"},"tags":%s%s}"""
			.formatted(namespace, model, prompt, tags, (token != null) ? ",\"storeToken\":\"" + token + "\"" : "");
	}

	private static String chatBody(String namespace, String model, String system, String user, String response) {
		return """
				{"namespace":"%s","model":"%s","messages":[{"role":"user","content":"%s"},
				 {"role":"system","content":"%s"}]%s}""".formatted(namespace, model, user, system,
				(response != null) ? ",\"response\":" + response : "");
	}

	private static JsonNode lookup(ApiClient client, String namespace, String prompt) {
		return lookup(client, namespace, "m", prompt);
	}

	private static JsonNode lookup(ApiClient client, String namespace, String model, String prompt) {
		Answer answer = client.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"%s","prompt":"%s"}""".formatted(namespace, model, prompt));
		assertThat(answer.status()).isEqualTo(200);
		return answer.body();
	}

	private static String unique(String prefix) {
		return prefix + "-" + Long.toHexString(System.nanoTime());
	}

}
