package io.llmcache.policy;

import java.time.Duration;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.SecondReplica;
import io.llmcache.TestApiKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Namespace policies set at runtime: validated, versioned, kept in Redis and in force on
 * another replica within two seconds. The second replica is a second instance of the
 * service on the same Redis.
 */
@IntegrationTest
class PolicyIntegrationTests {

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
	void aPolicySetOnOneReplicaIsInForceOnAnotherWithinTwoSeconds() {
		String namespace = unique("runtime");
		Answer put = this.api.put("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.ACME_ADMIN, """
				{"normalization": {"caseFold": true, "builtinMasks": ["timestamp"]}, "maxTtlSeconds": 120,
				 "defaultTtlSeconds": 60}""");
		assertThat(put.status()).isEqualTo(200);
		assertThat(put.body().get("version").longValue()).isEqualTo(2);
		assertThat(put.body().get("source").stringValue()).isEqualTo("runtime");
		assertThat(put.body().get("normalization").get("collapseWhitespace").booleanValue()).isTrue();

		Answer stored = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","prompt":"Report for 2026-01-01T00:00:00Z","response":{},
				 "ttlSeconds":3600}""".formatted(namespace));
		assertThat(stored.body().get("ttlSeconds").longValue()).isEqualTo(120);

		String lookup = """
				{"namespace":"%s","model":"m","prompt":"REPORT for 2027-02-02T10:00:00Z"}""".formatted(namespace);
		Answer hit = await("a hit on the other replica").atMost(Duration.ofSeconds(2))
			.until(() -> this.other.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, lookup),
					(answer) -> answer.body().get("hit").booleanValue());
		assertThat(hit.body().get("matchType").stringValue()).isEqualTo("normalized");
		assertThat(this.other.get("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.ACME_ADMIN)
			.body()
			.get("version")
			.longValue()).isEqualTo(2);
	}

	@Test
	void everyChangeGetsTheNextVersionAndKeyChangesLeaveOldEntriesBehind() {
		String namespace = unique("versions");
		this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","prompt":"q","response":{}}""".formatted(namespace));
		String lookup = """
				{"namespace":"%s","model":"m","prompt":"q"}""".formatted(namespace);
		assertThat(this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, lookup).body().get("hit").booleanValue())
			.isTrue();
		String before = this.api.get("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.ACME_ADMIN)
			.body()
			.get("keyVersion")
			.stringValue();

		Answer first = this.api.put("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.ACME_ADMIN,
				"{\"ignoredParams\": [\"user\"]}");
		Answer second = this.api.put("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.ACME_ADMIN,
				"{\"ignoredParams\": [\"user\"], \"defaultTtlSeconds\": 30}");
		assertThat(first.body().get("version").longValue()).isEqualTo(2);
		assertThat(second.body().get("version").longValue()).isEqualTo(3);
		assertThat(first.body().get("keyVersion").stringValue()).isNotEqualTo(before);
		// Entries keyed under the old rules are never mixed with the new ones.
		assertThat(this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, lookup).body().get("hit").booleanValue())
			.isFalse();
	}

	@Test
	void policiesBelongToTheTenantThatSetThem() {
		String namespace = unique("owned");
		this.api.put("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.ACME_ADMIN,
				"{\"matchTypes\": [\"exact\"]}");
		Answer globex = this.api.get("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.GLOBEX_ADMIN);
		assertThat(globex.body().get("source").stringValue()).isEqualTo("defaults");
		assertThat(globex.body().get("matchTypes").size()).isEqualTo(2);
		assertThat(
				this.api.put("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.ACME_READER, "{}").status())
			.isEqualTo(403);
	}

	@Test
	void refusesNonsenseWithAProblem() {
		String path = "/v1/admin/namespaces/" + unique("bad") + "/policy";
		for (String body : new String[] { "{\"defaultTtlSeconds\": 600, \"maxTtlSeconds\": 60}",
				"{\"defaultTtlSeconds\": 0}", "{\"matchTypes\": []}", "{\"matchTypes\": [\"prefix\"]}",
				"{\"semantic\": {\"minSimilarity\": 1.5}}", "{\"semantic\": {\"enabledGuards\": [\"telepathy\"]}}",
				"{\"semantic\": {\"compare\": \"everything\"}}",
				"{\"normalization\": {\"masks\": [{\"pattern\": \"(a\", \"replacement\": \"<a>\"}]}}",
				"{\"normalization\": {\"masks\": [{\"pattern\": \"a*\", \"replacement\": \"<a>\"}]}}",
				"{\"normalization\": {\"unicode\": \"NFX\"}}", "{\"normalization\": {\"builtinMasks\": [\"ssn\"]}}" }) {
			Answer answer = this.api.put(path, TestApiKeys.ACME_ADMIN, body);
			assertThat(answer.status()).as(body).isEqualTo(400);
			assertThat(answer.headers().getContentType()).hasToString("application/problem+json");
		}
		assertThat(this.api.get(path, TestApiKeys.ACME_ADMIN).body().get("source").stringValue()).isEqualTo("defaults");
	}

	private static String unique(String prefix) {
		return prefix + "-" + Long.toHexString(System.nanoTime());
	}

}
