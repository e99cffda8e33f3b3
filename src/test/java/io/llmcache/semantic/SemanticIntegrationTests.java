package io.llmcache.semantic;

import java.time.Duration;
import java.util.concurrent.Callable;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.Replica;
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
 * Semantic matching end to end, with the real embedding model and a second replica on the
 * same Redis: hits across replicas within a second, guards, context, invalidation,
 * deletion, feedback, tenants, explain, and a replica that builds its index at start-up.
 */
@IntegrationTest
class SemanticIntegrationTests {

	private static final Duration PROPAGATION = Duration.ofSeconds(1);

	private static final Duration POLL = Duration.ofMillis(50);

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
	void aParaphraseStoredOnOneReplicaIsASemanticHitOnTheOtherWithinASecond() {
		String namespace = semanticNamespace("para");
		String entryId = store(namespace, "How do I reset my password?");

		JsonNode hit = awaitHit(
				() -> lookup(this.other, TestApiKeys.ACME_ADMIN, namespace, "How can I reset my password?"));

		assertThat(hit.get("hit").booleanValue()).isTrue();
		assertThat(hit.get("matchType").stringValue()).isEqualTo("semantic");
		assertThat(hit.get("entryId").stringValue()).isEqualTo(entryId);
		assertThat(hit.get("similarity").doubleValue()).isBetween(0.8, 1.0);
		assertThat(lookup(this.other, TestApiKeys.GLOBEX_ADMIN, namespace, "How can I reset my password?").get("hit")
			.booleanValue()).as("another tenant").isFalse();
		assertThat(lookup(this.api, TestApiKeys.ACME_ADMIN, namespace, "What is the capital of France?").get("hit")
			.booleanValue()).isFalse();
	}

	@Test
	void theVerifierRejectsAWordSwapAndExplainShowsItsScore() {
		String namespace = semanticNamespace("verifier");
		store(namespace, "How do I convert PDF to Word?");
		String asked = "How do I convert Word to PDF?";

		JsonNode explained = awaitCandidate(namespace, asked);

		JsonNode candidate = explained.get("candidates").get(0);
		assertThat(candidate.get("matchType").stringValue()).isEqualTo("semantic");
		assertThat(candidate.get("accepted").booleanValue()).isFalse();
		assertThat(candidate.get("similarity").doubleValue()).as("similar enough for the retrieval floor")
			.isGreaterThanOrEqualTo(explained.get("semanticThreshold").doubleValue());
		assertThat(candidate.get("verifierScore").doubleValue()).isBetween(0.0, 1.0);
		assertThat(candidate.get("reason").stringValue()).startsWith("verifier score ");
		assertThat(explained.get("semanticCalibration").stringValue()).contains("verifier score ≥")
			.contains("targetPrecision 0.9");
		assertThat(lookup(this.api, TestApiKeys.ACME_ADMIN, namespace, asked).get("hit").booleanValue()).isFalse();
	}

	@Test
	void withoutTheVerifierTheGuardsRejectASimilarQuestionThatMeansSomethingElse() {
		for (String[] question : new String[][] {
				{ "Is the store open on Sunday?", "Is the store not open on Sunday?", "guard negation" },
				{ "How do I enable dark mode in the settings?", "How do I disable dark mode in the settings?",
						"guard antonyms" } }) {
			String namespace = semanticNamespace("guard", "\"semantic\":{\"verifier\":false}");
			store(namespace, question[0]);
			String asked = question[1];
			String guard = question[2];
			JsonNode explained = awaitCandidate(namespace, asked);
			JsonNode candidate = explained.get("candidates").get(0);
			assertThat(candidate.get("matchType").stringValue()).isEqualTo("semantic");
			assertThat(candidate.get("accepted").booleanValue()).isFalse();
			assertThat(candidate.get("similarity").doubleValue()).as("similar enough for the threshold alone")
				.isGreaterThanOrEqualTo(explained.get("semanticThreshold").doubleValue());
			assertThat(candidate.get("reason").stringValue()).startsWith(guard);
			assertThat(explained.get("semanticCalibration").stringValue()).contains("minSimilarity")
				.contains("targetPrecision");
			assertThat(lookup(this.api, TestApiKeys.ACME_ADMIN, namespace, asked).get("hit").booleanValue()).isFalse();
		}
	}

	@Test
	void aNamespaceChoosesItsGuards() {
		String namespace = semanticNamespace("guardlist",
				"\"semantic\":{\"minSimilarity\":0.8,\"targetPrecision\":0.5,\"enabledGuards\":[\"numbers\"],"
						+ "\"verifier\":false}");
		store(namespace, "Is the store open on Sunday?");

		JsonNode explained = awaitCandidate(namespace, "Is the store not open on Sunday?");

		assertThat(explained.get("candidates").get(0).get("accepted").booleanValue())
			.as("negation is not among its guards: %s", explained)
			.isTrue();
		assertThat(explained.get("semanticCalibration").stringValue()).contains("runs its own guards, numbers");
		Answer policy = this.api.get("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.ACME_ADMIN);
		assertThat(policy.body().get("semantic").get("enabledGuards").get(0).stringValue()).isEqualTo("numbers");
	}

	/** Explains a request until the index proposes a semantic candidate for it. */
	private JsonNode awaitCandidate(String namespace, String prompt) {
		return await("a semantic candidate for '" + prompt + "'").atMost(PROPAGATION)
			.pollInterval(POLL)
			.until(() -> this.api.post("/v1/cache/explain", TestApiKeys.ACME_ADMIN, body(namespace, prompt)).body(),
					(explained) -> !explained.get("candidates").isEmpty());
	}

	@Test
	void aFollowUpNeverMatchesAnEntryMadeInAnotherConversation() {
		String namespace = semanticNamespace("ctx");
		Answer stored = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","messages":[{"role":"user","content":"Tell me about chlorine."},
				 {"role":"assistant","content":"Chlorine is a halogen."},
				 {"role":"user","content":"What gas does it release?"}],"response":{"text":"Cl2"}}"""
			.formatted(namespace));
		assertThat(stored.status()).isEqualTo(201);
		JsonNode sameContext = awaitHit(
				() -> this.api
					.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN,
							"""
									{"namespace":"%s","model":"m","messages":[{"role":"user","content":"Tell me about chlorine."},
									 {"role":"assistant","content":"Chlorine is a halogen."},
									 {"role":"user","content":"Which gas does it release?"}]}"""
								.formatted(namespace))
					.body());
		assertThat(sameContext.get("matchType").stringValue()).isEqualTo("semantic");

		JsonNode otherContext = this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","messages":[{"role":"user","content":"Tell me about sodium."},
				 {"role":"assistant","content":"Sodium is an alkali metal."},
				 {"role":"user","content":"What gas does it release?"}]}""".formatted(namespace)).body();
		assertThat(otherContext.get("hit").booleanValue()).isFalse();
	}

	@Test
	void invalidatedDeletedAndFlaggedEntriesAreNotServedByEitherReplica() {
		String namespace = semanticNamespace("gone");
		String invalidated = store(namespace, "How do I cancel my subscription?", "[\"billing\"]");
		String deleted = store(namespace, "Where can I download my invoices?", "[]");
		String flagged = store(namespace, "How long does shipping take?", "[]");
		awaitHit(() -> lookup(this.other, TestApiKeys.ACME_ADMIN, namespace, "How can I cancel my subscription?"));
		awaitHit(() -> lookup(this.other, TestApiKeys.ACME_ADMIN, namespace, "Where do I download my invoices?"));
		awaitHit(() -> lookup(this.other, TestApiKeys.ACME_ADMIN, namespace, "How long will shipping take?"));

		assertThat(this.api.post("/v1/admin/invalidations", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","tags":["billing"]}""".formatted(namespace)).status()).isEqualTo(200);
		assertThat(this.api.delete("/v1/cache/entries/" + deleted, TestApiKeys.ACME_ADMIN).status()).isEqualTo(204);
		assertThat(this.api.post("/v1/cache/entries/" + flagged + "/feedback", TestApiKeys.ACME_ADMIN, """
				{"verdict":"wrong","query":"How long will shipping take?"}""").status()).isEqualTo(204);

		for (ApiClient replica : new ApiClient[] { this.api, this.other }) {
			assertThat(
					lookup(replica, TestApiKeys.ACME_ADMIN, namespace, "How can I cancel my subscription?").get("hit")
						.booleanValue())
				.isFalse();
			assertThat(lookup(replica, TestApiKeys.ACME_ADMIN, namespace, "Where do I download my invoices?").get("hit")
				.booleanValue()).isFalse();
			assertThat(lookup(replica, TestApiKeys.ACME_ADMIN, namespace, "How long will shipping take?").get("hit")
				.booleanValue()).isFalse();
		}
		assertThat(lookup(this.api, TestApiKeys.ACME_ADMIN, namespace, "How long does shipping take?").get("matchType")
			.stringValue()).as("flagged entries still answer their own request").isEqualTo("exact");
		assertThat(invalidated).isNotBlank();
	}

	@Test
	void aReplicaStartedLaterBuildsItsIndexFromRedis() {
		String namespace = semanticNamespace("rebuild");
		store(namespace, "How do I reset my password?");
		try (Replica later = secondReplica.startAnother()) {
			ApiClient client = later.api();
			JsonNode hit = awaitHit(
					() -> lookup(client, TestApiKeys.ACME_ADMIN, namespace, "How can I reset my password?"),
					Duration.ofSeconds(10));
			assertThat(hit.get("matchType").stringValue()).isEqualTo("semantic");
		}
	}

	@Test
	void semanticMatchingIsOffUnlessThePolicyTurnsItOn() {
		String namespace = "plain-" + Long.toHexString(System.nanoTime());
		store(namespace, "How do I reset my password?");
		Answer answer = this.api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","prompt":"How can I reset my password?","matchTypes":["semantic"]}"""
			.formatted(namespace));
		assertThat(answer.body().get("hit").booleanValue()).isFalse();
		assertThat(answer.body().get("reason").stringValue()).isEqualTo("no-match-type-allowed");
	}

	private String semanticNamespace(String prefix) {
		return semanticNamespace(prefix, "\"semantic\":{}");
	}

	private String semanticNamespace(String prefix, String settings) {
		String namespace = prefix + "-" + Long.toHexString(System.nanoTime());
		Answer put = this.api.put("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.ACME_ADMIN, """
				{"matchTypes":["exact","normalized","semantic"],%s}""".formatted(settings));
		assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
		this.api.put("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.GLOBEX_ADMIN, """
				{"matchTypes":["exact","normalized","semantic"]}""");
		return namespace;
	}

	private String store(String namespace, String prompt) {
		return store(namespace, prompt, "[]");
	}

	private String store(String namespace, String prompt, String tags) {
		Answer answer = this.api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","prompt":"%s","response":{"text":"answer"},"tags":%s}"""
			.formatted(namespace, prompt, tags));
		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
		return answer.body().get("entryId").stringValue();
	}

	private static String body(String namespace, String prompt) {
		return """
				{"namespace":"%s","model":"m","prompt":"%s"}""".formatted(namespace, prompt);
	}

	private static JsonNode lookup(ApiClient client, String apiKey, String namespace, String prompt) {
		Answer answer = client.post("/v1/cache/lookup", apiKey, body(namespace, prompt));
		assertThat(answer.status()).isEqualTo(200);
		return answer.body();
	}

	/**
	 * Repeats a lookup until it hits, for at most the propagation time the design allows.
	 */
	private static JsonNode awaitHit(Callable<JsonNode> lookup) {
		return awaitHit(lookup, PROPAGATION);
	}

	private static JsonNode awaitHit(Callable<JsonNode> lookup, Duration limit) {
		return await("a hit").atMost(limit)
			.pollInterval(POLL)
			.until(lookup, (answer) -> answer.get("hit").booleanValue());
	}

}
