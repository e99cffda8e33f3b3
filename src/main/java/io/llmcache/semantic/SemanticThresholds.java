package io.llmcache.semantic;

import io.llmcache.guard.GuardVerdict;
import io.llmcache.guard.SemanticGuards;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.llmcache.policy.SemanticSettings;
import io.llmcache.verifier.VerifierCalibration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What a semantic candidate must reach in a namespace: a {@link Gate}. With the verifier
 * (the default, when the service ships one for its embedder), the verifier's retrieval
 * floor or a stricter {@code minSimilarity}, then the verifier score that the calibration
 * gives for the namespace's {@code targetPrecision}. Without it, the policy's
 * {@code minSimilarity}, the similarity threshold calibrated for its
 * {@code targetPrecision}, and the lookup's own {@code minSimilarity}, whichever is
 * strictest.
 */
@Component
class SemanticThresholds {

	private final String embedderName;

	private final Optional<SemanticCalibration> calibration;

	private final SemanticVerifier verifier;

	@Autowired
	SemanticThresholds(Embedder embedder, SemanticProperties properties, SemanticVerifier verifier) {
		this(embedder.name(), SemanticCalibration.forEmbedder(embedder.name(), properties.calibrationFile()), verifier);
	}

	SemanticThresholds(String embedderName, Optional<SemanticCalibration> calibration, SemanticVerifier verifier) {
		this.embedderName = embedderName;
		this.calibration = calibration;
		this.verifier = verifier;
	}

	/**
	 * What a candidate must reach.
	 * @param settings the namespace's semantic settings
	 * @param requested the lookup's minimum similarity, or {@code null}
	 * @return the gate
	 */
	Gate gateFor(SemanticSettings settings, Double requested) {
		Optional<VerifierCalibration> verifying = Boolean.FALSE.equals(settings.verifier()) ? Optional.empty()
				: this.verifier.calibration();
		if (verifying.isPresent()) {
			return verifierGate(settings, requested, verifying.get());
		}
		double threshold = (settings.minSimilarity() != null) ? settings.minSimilarity()
				: SemanticSettings.MIN_SIMILARITY_WITHOUT_VERIFIER;
		Optional<SemanticCalibration.Threshold> calibrated = calibratedThreshold(settings);
		if (calibrated.isPresent()) {
			threshold = Math.max(threshold, calibrated.get().similarity());
		}
		return new Gate((requested != null) ? Math.max(threshold, requested) : threshold, null, describe(settings));
	}

	/**
	 * Whether a candidate read back passes the gate: its similarity, then the verifier's
	 * score or, without the verifier, the guards in force.
	 * @param gate the gate of the lookup
	 * @param settings the namespace's semantic settings
	 * @param query the text looked up
	 * @param candidate the text stored
	 * @param similarity their similarity
	 * @return the verdict
	 */
	Verdict judge(Gate gate, SemanticSettings settings, String query, String candidate, double similarity) {
		if (similarity < gate.minSimilarity()) {
			return new Verdict(String.format(Locale.ROOT, "similarity %.3f below the threshold %.3f", similarity,
					gate.minSimilarity()), null);
		}
		if (gate.verifying()) {
			// The guards' verdicts are among the verifier's features: it weighs them
			double score = this.verifier.score(query, candidate, similarity);
			String rejection = (score >= gate.verifierThreshold()) ? null : String.format(Locale.ROOT,
					"verifier score %.3f below the threshold %.2f", score, gate.verifierThreshold());
			return new Verdict(rejection, score);
		}
		GuardVerdict verdict = settings.guardsInForce().check(query, candidate);
		return new Verdict(verdict.accepted() ? null : "guard " + verdict.guard() + ": " + verdict.reason(), null);
	}

	private Gate verifierGate(SemanticSettings settings, Double requested, VerifierCalibration calibration) {
		double similarity = calibration.floor();
		String floor = "similarity ≥ " + calibration.floor() + " (the verifier's retrieval floor)";
		if (settings.minSimilarity() != null && settings.minSimilarity() > similarity) {
			similarity = settings.minSimilarity();
			floor = "similarity ≥ " + similarity + " (minSimilarity of the policy)";
		}
		if (requested != null && requested > similarity) {
			similarity = requested;
			floor = "similarity ≥ " + similarity + " (minSimilarity of the lookup)";
		}
		Optional<VerifierCalibration.Point> point = calibration.thresholdFor(settings.targetPrecision());
		if (point.isEmpty()) {
			return new Gate(similarity, Double.POSITIVE_INFINITY,
					floor + "; no verifier threshold reached targetPrecision " + settings.targetPrecision()
							+ " on qqp-dev, so no candidate is served");
		}
		VerifierCalibration.Point measured = point.get();
		return new Gate(similarity, measured.threshold(),
				String.format(Locale.ROOT,
						"%s, then verifier score ≥ %.2f for targetPrecision %s (measured on qqp-dev as a cache: "
								+ "judged precision %.3f, recall %.3f)",
						floor, measured.threshold(), settings.targetPrecision(), measured.judgedPrecision(),
						measured.recall()));
	}

	private String describe(SemanticSettings settings) {
		double minSimilarity = (settings.minSimilarity() != null) ? settings.minSimilarity()
				: SemanticSettings.MIN_SIMILARITY_WITHOUT_VERIFIER;
		String policy = "minSimilarity " + minSimilarity + " of the policy";
		List<String> guards = settings.guardsInForce().names();
		String guardNote = (guards.isEmpty() || guards.equals(SemanticGuards.DEFAULT_NAMES)) ? ""
				: " (calibration without guards: the namespace runs its own guards, " + String.join(", ", guards) + ")";
		return calibratedThreshold(settings)
			.map((calibrated) -> "targetPrecision " + calibrated.describe() + guardNote + "; the stricter of that and "
					+ policy + " applies")
			.orElse(policy + " (no calibration for " + this.embedderName
					+ ", so targetPrecision is not applied: see llmcache.semantic.calibration-file)");
	}

	private Optional<SemanticCalibration.Threshold> calibratedThreshold(SemanticSettings settings) {
		return this.calibration.map((measured) -> measured.thresholdFor(settings.targetPrecision(),
				settings.guardsInForce().names().equals(SemanticGuards.DEFAULT_NAMES)));
	}

	/**
	 * What a candidate must reach.
	 *
	 * @param minSimilarity the least similarity
	 * @param verifierThreshold the least verifier score, or {@code null} when no verifier
	 * reads candidates (similarity and guards decide)
	 * @param description how it was chosen, for explain
	 */
	record Gate(double minSimilarity, Double verifierThreshold, String description) {

		boolean verifying() {
			return this.verifierThreshold != null;
		}

	}

	/**
	 * What was decided about a candidate.
	 *
	 * @param rejection why it may not be served, or {@code null} if it may
	 * @param verifierScore the verifier's score, when the verifier read it
	 */
	record Verdict(String rejection, Double verifierScore) {

		boolean accepted() {
			return this.rejection == null;
		}

	}

}
