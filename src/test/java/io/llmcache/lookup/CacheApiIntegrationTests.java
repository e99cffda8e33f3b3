package io.llmcache.lookup;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.TestApiKeys;
import io.llmcache.entry.EntryId;
import io.llmcache.entry.TenantNamespace;
import io.llmcache.system.MetricTags;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cache API end to end, against a real Redis.
 */
@IntegrationTest
class CacheApiIntegrationTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	MeterRegistry meters;

	@Autowired
	MetricTags metricTags;

	ApiClient api;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void storesThenServesExactThenNormalizedHitsAndDeletesEverywhere() {
		String namespace = unique("walk");
		Answer stored = store(namespace, "What is the capital of France?", "{\"text\":\"Paris\"}", "");
		assertThat(stored.status()).isEqualTo(201);
		String entryId = stored.body().get("entryId").stringValue();
		assertThat(stored.headers().getLocation()).hasToString("/v1/cache/entries/" + entryId);

		Answer exact = lookup(namespace, "What is the capital of France?");
		assertThat(exact.body().get("hit").booleanValue()).isTrue();
		assertThat(exact.body().get("matchType").stringValue()).isEqualTo("exact");
		assertThat(exact.body().get("entryId").stringValue()).isEqualTo(entryId);
		assertThat(exact.body().get("response").get("text").stringValue()).isEqualTo("Paris");
		assertThat(exact.body().get("similarity").doubleValue()).isEqualTo(1.0);

		Answer normalized = lookup(namespace, "  What is\tthe capital\u00A0of France?\n");
		assertThat(normalized.body().get("hit").booleanValue()).isTrue();
		assertThat(normalized.body().get("matchType").stringValue()).isEqualTo("normalized");
		assertThat(normalized.body().get("entryId").stringValue()).isEqualTo(entryId);

		Answer read = this.api.get("/v1/cache/entries/" + entryId, TestApiKeys.ACME_ADMIN);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.body().get("namespace").stringValue()).isEqualTo(namespace);
		assertThat(read.body().get("request").get("messages").get(0).get("content").stringValue())
			.isEqualTo("What is the capital of France?");
		assertThat(read.body().get("response").get("text").stringValue()).isEqualTo("Paris");
		assertThat(read.body().get("tags").get(0).stringValue()).isEqualTo("doc:42");
		assertThat(read.body().get("metadata").get("source").stringValue()).isEqualTo("test");

		assertThat(this.api.delete("/v1/cache/entries/" + entryId, TestApiKeys.ACME_ADMIN).status()).isEqualTo(204);
		assertThat(lookup(namespace, "What is the capital of France?").body().get("hit").booleanValue()).isFalse();
		assertThat(lookup(namespace, " What is the capital of France? ").body().get("hit").booleanValue()).isFalse();
		assertThat(this.api.get("/v1/cache/entries/" + entryId, TestApiKeys.ACME_ADMIN).status()).isEqualTo(404);
		assertThat(this.api.delete("/v1/cache/entries/" + entryId, TestApiKeys.ACME_ADMIN).status()).isEqualTo(404);
		// The prefix index keeps its blocks until the entry's TTL (it names entries,
		// never serves them), and the stats keep their counters for their window.
		assertThat(keysOf(namespace).stream().filter((key) -> !key.contains("}:p:") && !key.contains("}:stats:")))
			.as("nothing is left: a store writes no control hash, only invalidations do")
			.isEmpty();
	}

	@Test
	void ignoredParametersDoNotSplitTheCacheButOutputParametersDo() {
		String namespace = unique("params");
		this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","prompt":"p","params":{"temperature":0.70,"user":"a","stream":true},
				 "response":{"text":"t"}}""".formatted(namespace));
		assertThat(hit(namespace, "{\"temperature\":0.7,\"user\":\"b\",\"metadata\":{\"x\":1}}")).isEqualTo("exact");
		assertThat(hit(namespace, "{\"temperature\":7e-1}")).isEqualTo("exact");
		assertThat(hit(namespace, "{\"temperature\":0.8}")).isNull();
		assertThat(hit(namespace, "{\"temperature\":0.7,\"seed\":1}")).isNull();
		assertThat(hit(namespace, "{\"temperature\":0.7,\"some_future_param\":1}")).isNull();
	}

	@Test
	void storingTheSameRequestAgainReplacesTheEntryWithANewId() {
		String namespace = unique("replace");
		String first = store(namespace, "q", "{\"v\":1}", "").body().get("entryId").stringValue();
		String second = store(namespace, "q", "{\"v\":2}", "").body().get("entryId").stringValue();
		assertThat(second).isNotEqualTo(first);
		Answer hit = lookup(namespace, "q");
		assertThat(hit.body().get("entryId").stringValue()).isEqualTo(second);
		assertThat(hit.body().get("response").get("v").intValue()).isEqualTo(2);
		assertThat(this.api.get("/v1/cache/entries/" + first, TestApiKeys.ACME_ADMIN).status()).isEqualTo(404);
	}

	@Test
	void capsTheTimeToLiveAtThePolicyMaximumAndSaysSo() {
		Answer stored = store("short", unique("ttl"), "{}", ",\"ttlSeconds\":3600");
		assertThat(stored.body().get("ttlSeconds").longValue()).isEqualTo(60);
		assertThat(stored.body().get("ttlCapped").booleanValue()).isTrue();
		long ttl = this.redis.getExpire(entryKeyOf(stored.body().get("entryId").stringValue(), "short"));
		assertThat(ttl).isBetween(1L, 60L);
		Answer defaulted = store("short", unique("ttl"), "{}", "");
		assertThat(defaulted.body().get("ttlSeconds").longValue()).isEqualTo(30);
		assertThat(defaulted.body().get("ttlCapped").booleanValue()).isFalse();
	}

	@Test
	void expiredEntriesAreNeitherServedNorReadable() {
		String namespace = unique("expiry");
		String entryId = store(namespace, "q", "{}", ",\"ttlSeconds\":1").body().get("entryId").stringValue();
		assertThat(lookup(namespace, "q").body().get("hit").booleanValue()).isTrue();
		await("the entry to expire").atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(lookup(namespace, "q").body().get("hit").booleanValue()).isFalse());
		assertThat(this.api.get("/v1/cache/entries/" + entryId, TestApiKeys.ACME_ADMIN).status()).isEqualTo(404);
	}

	@Test
	void maxAgeSecondsRefusesOlderEntries() {
		String namespace = unique("age");
		store(namespace, "q", "{}", "");
		// Refused once the entry is older than a second, though it stays stored
		await("the entry to be older than maxAgeSeconds").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			Answer tooOld = this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, """
					{"namespace":"%s","model":"m","messages":[{"role":"user","content":"q"}],"maxAgeSeconds":1}"""
				.formatted(namespace));
			assertThat(tooOld.body().get("hit").booleanValue()).isFalse();
			assertThat(tooOld.body().get("reason").stringValue()).isEqualTo("candidates-rejected");
		});
		Answer young = this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","messages":[{"role":"user","content":"q"}],"maxAgeSeconds":60}"""
			.formatted(namespace));
		assertThat(young.body().get("hit").booleanValue()).isTrue();
	}

	@Test
	void policyAndRequestNarrowTheMatchTypes() {
		store("exact-only", "Exactly this", "{}", "");
		assertThat(lookup("exact-only", "Exactly this").body().get("hit").booleanValue()).isTrue();
		assertThat(lookup("exact-only", "Exactly  this").body().get("hit").booleanValue()).isFalse();
		String namespace = unique("narrow");
		store(namespace, "q", "{}", "");
		Answer normalizedOnly = this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","messages":[{"role":"user","content":"q"}],"matchTypes":["normalized"]}"""
			.formatted(namespace));
		assertThat(normalizedOnly.body().get("matchType").stringValue()).isEqualTo("normalized");
	}

	@Test
	void masksVolatileFragmentsWhereThePolicySaysSo() {
		store("masked", "Report for 2026-11-26T10:15:30Z, request req_8f2kLm9Q", "{\"ok\":true}", "");
		Answer hit = lookup("masked", "report for 2027-01-01T00:00:00Z, request req_Zz99aa77");
		assertThat(hit.body().get("hit").booleanValue()).isTrue();
		assertThat(hit.body().get("matchType").stringValue()).isEqualTo("normalized");
		String namespace = unique("unmasked");
		store(namespace, "Report for 2026-11-26T10:15:30Z", "{}", "");
		assertThat(lookup(namespace, "Report for 2027-01-01T00:00:00Z").body().get("hit").booleanValue()).isFalse();
	}

	@Test
	void anEntryUnderAKeyNotItsOwnIsAMissAndAMetricNeverAWrongAnswer() {
		String namespace = unique("collision");
		String entryId = store(namespace, "q", "{\"secret\":1}", "").body().get("entryId").stringValue();
		String otherId = store(namespace, "x", "{}", "").body().get("entryId").stringValue();
		// Simulate a digest collision, or a bug that wrote an entry under another key:
		// q's key holds an entry that records x's digests.
		String key = entryKeyOf(entryId, namespace);
		this.redis.opsForHash().put(key, "id", otherId);
		this.redis.opsForHash()
			.put(key, "ndigest", this.redis.opsForHash().get(entryKeyOf(otherId, namespace), "ndigest"));
		double before = collisions();
		Answer answer = lookup(namespace, "q");
		assertThat(answer.body().get("hit").booleanValue()).isFalse();
		assertThat(collisions() - before).isEqualTo(2.0);
	}

	@Test
	void everyRedisKeyLivesUnderTheTenantsPrefix() {
		String namespace = unique("layout");
		store(namespace, "q", "{}", "");
		Set<String> keys = keysOf(namespace);
		// Entry, pointer, three indexes and the prefix index's one block (a store writes
		// no
		// control hash: only invalidations do).
		assertThat(keys).hasSize(6).allMatch((key) -> key.startsWith("llmc:{acme/" + namespace + "}:"));
		assertThat(keys).allMatch((key) -> this.redis.getExpire(key) > 0, "every key has a TTL");
	}

	@Test
	void explainShowsKeysAndCandidatesWithoutOtherPrompts() {
		String namespace = unique("explain");
		String entryId = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","messages":[{"role":"user","content":"Hello  world"}],
				 "params":{"temperature":0},"response":{}}""".formatted(namespace)).body().get("entryId").stringValue();
		Answer explained = this.api.post("/v1/cache/explain", TestApiKeys.ACME_READER, """
				{"namespace":"%s","model":"m","messages":[{"role":"user","content":"Hello world"}],
				 "params":{"temperature":0,"user":"u"}}""".formatted(namespace));
		assertThat(explained.status()).isEqualTo(200);
		assertThat(explained.body().get("keyParams").get(0).stringValue()).isEqualTo("temperature");
		assertThat(explained.body().get("ignoredParams").get(0).stringValue()).isEqualTo("user");
		assertThat(explained.body().get("exact").get("canonical").stringValue()).contains("s11:Hello world");
		assertThat(explained.body().get("normalized").get("digest").stringValue()).hasSize(43);
		assertThat(explained.body().get("candidates").get(0).get("entryId").stringValue()).isEqualTo(entryId);
		assertThat(explained.body().get("candidates").get(0).get("matchType").stringValue()).isEqualTo("normalized");
		assertThat(explained.body().get("result").get("hit").booleanValue()).isTrue();
		assertThat(explained.body().toString()).doesNotContain("Hello  world");
	}

	@Test
	void rolesAreEnforced() {
		String body = "{\"model\":\"m\",\"prompt\":\"p\",\"response\":{}}";
		assertThat(this.api.post("/v1/cache/entries", null, body).status()).isEqualTo(401);
		Answer unknown = this.api.post("/v1/cache/entries", "nope", body);
		assertThat(unknown.status()).isEqualTo(401);
		assertThat(unknown.headers().getContentType()).hasToString("application/problem+json");
		assertThat(unknown.body().get("type").stringValue()).endsWith("/unauthenticated");
		Answer forbidden = this.api.post("/v1/cache/entries", TestApiKeys.ACME_READER, body);
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(forbidden.body().get("type").stringValue()).endsWith("/forbidden");
		assertThat(this.api.get("/v1/admin/namespaces/default/policy", TestApiKeys.ACME_READER).status())
			.isEqualTo(403);
		Answer policy = this.api.get("/v1/admin/namespaces/short/policy", TestApiKeys.ACME_ADMIN);
		assertThat(policy.status()).isEqualTo(200);
		assertThat(policy.body().get("maxTtlSeconds").longValue()).isEqualTo(60);
	}

	@Test
	void actuatorExposesOnlyProbesInfoAndPrometheusOnTheManagementPortOnly() {
		ApiClient management = new ApiClient(this.managementPort);
		assertThat(this.managementPort).isNotEqualTo(this.port);
		assertThat(management.get("/actuator/health/liveness", null).status()).isEqualTo(200);
		assertThat(management.get("/actuator/health/readiness", null).status()).isEqualTo(200);
		assertThat(management.get("/actuator/info", null).status()).isEqualTo(200);
		assertThat(management.get("/actuator/env", null).status()).isEqualTo(404);
		assertThat(management.get("/actuator/beans", null).status()).isEqualTo(404);
		lookup(unique("metrics"), "q");
		assertThat(management.get("/actuator/prometheus", null).status()).isEqualTo(200);
		// Health tells nothing of any tenant: on the callers' port too, as it always was
		assertThat(this.api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
		assertThat(this.api.get("/actuator/health/readiness", null).body().get("status").asString()).isEqualTo("UP");
		assertThat(this.api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
		assertThat(this.api.get("/actuator/health", null).body().get("status").asString()).isEqualTo("UP");
		assertThat(this.api.get("/actuator/health/nothing", null).status()).isEqualTo(404);
		// Callers, with a key or without, cannot read other tenants' namespace names
		for (String key : new String[] { null, TestApiKeys.ACME_READER, TestApiKeys.ACME_ADMIN }) {
			Answer metrics = this.api.get("/actuator/prometheus", key);
			assertThat(metrics.status()).isEqualTo(404);
			assertThat(metrics.body().has("type")).isTrue();
		}
	}

	@Test
	void tagsMetricsWithTenantAndCacheNamespaceNotNamespace() {
		String namespace = unique("tagged");
		assertThat(store(namespace, "q", "{\"text\":\"a\"}", "").status()).isEqualTo(201);
		assertThat(lookup(namespace, "q").body().get("hit").booleanValue()).isTrue();
		// The namespace's tag value as the service chose it (other tests' namespaces may
		// have filled the tag values up to the limit, and then it is _other)
		String cacheNamespace = this.metricTags.namespace("acme", namespace)
			.stream()
			.filter((tag) -> tag.getKey().equals(MetricTags.CACHE_NAMESPACE))
			.findFirst()
			.orElseThrow()
			.getValue();
		assertThat(this.meters.get("llmcache.lookups")
			.tag("tenant", "acme")
			.tag("cache_namespace", cacheNamespace)
			.tag("result", "hit")
			.counter()
			.count()).isPositive();
		assertThat(this.meters.get("llmcache.stores")
			.tag("tenant", "acme")
			.tag("cache_namespace", cacheNamespace)
			.counter()
			.count()).isPositive();
		String prometheus = new ApiClient(this.managementPort).get("/actuator/prometheus", null).body().stringValue();
		assertThat(prometheus.lines().filter((line) -> line.startsWith("llmcache_lookups_total{"))).anySatisfy(
				(line) -> assertThat(line).contains("cache_namespace=\"" + cacheNamespace + "\"", "tenant=\"acme\""));
		// No meter of ours carries a label that Prometheus Operator would rename
		assertThat(prometheus.lines().filter((line) -> line.startsWith("llmcache_")))
			.noneMatch((line) -> line.matches(".*[{,]namespace=.*"));
	}

	@Test
	void swaggerUiServesTheClientAndAdminGroups() {
		assertThat(this.api.get("/v3/api-docs/client", null).body().get("paths").has("/v1/cache/lookup")).isTrue();
		assertThat(this.api.get("/v3/api-docs/admin", null).body().get("paths").has("/v1/cache/lookup")).isFalse();
		assertThat(this.api.get("/v3/api-docs/client", null)
			.body()
			.at("/components/securitySchemes/apiKey/scheme")
			.stringValue()).isEqualTo("bearer");
		assertThat(this.api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
		JsonNode admin = this.api.get("/v3/api-docs/admin", null).body().get("paths");
		assertThat(admin.has("/v1/admin/stats")).isTrue();
		assertThat(admin.get("/v1/admin/invalidations").has("get")).isTrue();
		JsonNode examples = admin.at("/~1v1~1admin~1invalidations/post/requestBody/content/application~1json/examples");
		assertThat(examples.propertyNames()).anyMatch((name) -> name.startsWith("1. Dry run"));
		assertThat(examples.valueStream().map((example) -> example.get("value").toString()))
			.anyMatch((value) -> value.contains("dryRun"));
	}

	private Answer store(String namespace, String content, String response, String extra) {
		return this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","messages":[{"role":"user","content":%s}],"response":%s,
				 "tags":["doc:42"],"metadata":{"source":"test"}%s}""".formatted(namespace, quote(content), response,
				extra));
	}

	private Answer lookup(String namespace, String content) {
		return this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN,
				"{\"namespace\":\"%s\",\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":%s}]}"
					.formatted(namespace, quote(content)));
	}

	private String hit(String namespace, String params) {
		Answer answer = this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN,
				"{\"namespace\":\"%s\",\"model\":\"m\",\"prompt\":\"p\",\"params\":%s}".formatted(namespace, params));
		return answer.body().get("hit").booleanValue() ? answer.body().get("matchType").stringValue() : null;
	}

	private String entryKeyOf(String entryId, String namespace) {
		EntryId parsed = EntryId.parse(entryId).orElseThrow();
		return new TenantNamespace("acme", namespace).entryKey(parsed.exactDigest());
	}

	/**
	 * The keys of a namespace, without its statistics hash: statistics are flushed every
	 * second, so it may or may not be there yet ({@code StatsIntegrationTests} covers
	 * it).
	 */
	private Set<String> keysOf(String namespace) {
		Set<String> keys = new HashSet<>();
		try (Cursor<String> cursor = this.redis.scan(ScanOptions.scanOptions().match("*" + namespace + "*").build())) {
			cursor.forEachRemaining(keys::add);
		}
		keys.removeIf((key) -> key.endsWith("}:stats"));
		return keys;
	}

	private double collisions() {
		return this.meters.find("llmcache.key.collisions").counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	private static String quote(String text) {
		return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(text);
	}

	private static String unique(String prefix) {
		return prefix + "-" + Long.toHexString(System.nanoTime());
	}

}
