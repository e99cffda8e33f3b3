package io.llmcache.semantic;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.TestApiKeys;
import io.llmcache.key.CacheKeyFactory;
import io.llmcache.key.LlmRequest;
import io.llmcache.key.SemanticKey;
import io.llmcache.policy.PolicyService;
import io.llmcache.vector.StoredVector;
import io.llmcache.vector.VectorIndex;
import io.llmcache.vector.VectorScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the remote embedder unreachable, a semantic namespace still stores and serves
 * exact and normalized matches, and a semantic lookup is a plain miss, never an error.
 * And the remote model's calibration comes from the configured file.
 */
@IntegrationTest
@TestPropertySource(properties = { "llmcache.semantic.embedder=openai",
		"llmcache.semantic.openai.base-url=http://127.0.0.1:9/v1", "llmcache.semantic.openai.dimensions=8",
		"llmcache.semantic.openai.timeout=300ms", "llmcache.semantic.openai.connect-timeout=300ms",
		"llmcache.semantic.calibration-file=src/test/resources/io/llmcache/cache/calibration-remote.json" })
class SemanticEmbedderDownIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	CacheKeyFactory keyFactory;

	@Autowired
	PolicyService policies;

	@Autowired
	VectorIndex index;

	@Autowired
	MeterRegistry meters;

	@Test
	void storesAndLooksUpWithoutEmbeddings() {
		ApiClient api = new ApiClient(this.port);
		String namespace = "down-" + Long.toHexString(System.nanoTime());
		assertThat(api.put("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.ACME_ADMIN, """
				{"matchTypes":["exact","normalized","semantic"]}""").status()).isEqualTo(200);

		Answer stored = api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","prompt":"How do I reset my password?","response":{"text":"a"}}"""
			.formatted(namespace));
		assertThat(stored.status()).isEqualTo(201);

		Answer exact = api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","prompt":"How do I  reset my password?"}""".formatted(namespace));
		assertThat(exact.body().get("matchType").stringValue()).isEqualTo("normalized");

		// A vector from before the embedder went down, so that the lookup has to embed.
		LlmRequest request = new LlmRequest("m", null, "How can I reset my password?", null, null);
		SemanticKey key = this.keyFactory.semanticKeyFor("acme", this.policies.policyFor("acme", namespace), request)
			.orElseThrow();
		this.index.put(new StoredVector(new VectorScope("acme", namespace, key.contextDigest()), "some-digest",
				new float[] { 1, 0, 0, 0, 0, 0, 0, 0 }, Long.MAX_VALUE / 2));
		this.index.refresh();
		double degradedBefore = degradedEmbeddings();

		Answer paraphrase = api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","prompt":"How can I reset my password?"}""".formatted(namespace));
		assertThat(paraphrase.status()).isEqualTo(200);
		assertThat(paraphrase.body().get("hit").booleanValue()).isFalse();
		assertThat(degradedEmbeddings() - degradedBefore).isEqualTo(1.0);
	}

	@Test
	void translatesTheTargetPrecisionWithTheConfiguredCalibrationOfTheRemoteModel() {
		ApiClient api = new ApiClient(this.port);
		String namespace = "calibrated-" + Long.toHexString(System.nanoTime());
		assertThat(api.put("/v1/admin/namespaces/" + namespace + "/policy", TestApiKeys.ACME_ADMIN,
				"""
						{"matchTypes":["exact","normalized","semantic"],"semantic":{"minSimilarity":0.5,"targetPrecision":0.9}}""")
			.status()).isEqualTo(200);

		Answer explained = api.post("/v1/cache/explain", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","prompt":"How can I reset my password?"}""".formatted(namespace));

		assertThat(explained.status()).isEqualTo(200);
		assertThat(explained.body().get("semanticThreshold").doubleValue()).isEqualTo(0.86);
		assertThat(explained.body().get("semanticCalibration").stringValue())
			.contains("targetPrecision 0.90 → similarity ≥ 0.86 with guards: measured precision 0.91 at recall 0.42 "
					+ "on sample-pairs (openai:text-embedding-3-small)");
	}

	private double degradedEmbeddings() {
		Counter counter = this.meters.find("llmcache.degraded").tag("operation", "embed").counter();
		return (counter != null) ? counter.count() : 0;
	}

}
