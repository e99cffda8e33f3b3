package io.llmcache.semantic;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Semantic matching's meters: {@code llmcache.semantic.similarity} and
 * {@code llmcache.semantic.verifier.score} (histograms; {@code outcome} hit or rejected),
 * the similarity of semantic candidates and the verifier's score of those it read.
 */
@Component
class SemanticMetrics {

	private final MeterRegistry registry;

	SemanticMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Records the similarity of a semantic candidate that was served or turned down, to
	 * show where hits and near-misses fall against the threshold.
	 * @param similarity the cosine similarity
	 * @param served whether it was served
	 */
	void candidate(double similarity, boolean served) {
		DistributionSummary.builder("llmcache.semantic.similarity")
			.description("Similarity of semantic candidates, served or rejected")
			.tag("outcome", served ? "hit" : "rejected")
			.serviceLevelObjectives(0.5, 0.6, 0.7, 0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.96, 0.98, 1.0)
			.register(this.registry)
			.record(similarity);
	}

	/**
	 * Records the verifier's score of a candidate, to show where hits and near-misses
	 * fall against the verifier threshold.
	 * @param score the score, from 0 to 1
	 * @param served whether it was served
	 */
	void verifierScore(double score, boolean served) {
		DistributionSummary.builder("llmcache.semantic.verifier.score")
			.description("The verifier's score of semantic candidates, served or rejected")
			.tag("outcome", served ? "hit" : "rejected")
			.serviceLevelObjectives(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0)
			.register(this.registry)
			.record(score);
	}

}
