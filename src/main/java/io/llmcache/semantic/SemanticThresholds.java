package io.llmcache.semantic;

import io.llmcache.guard.SemanticGuards;
import java.util.List;
import java.util.Optional;

import io.llmcache.policy.SemanticSettings;

import org.springframework.stereotype.Component;

/**
 * The least similarity a semantic candidate needs in a namespace: the policy's
 * {@code minSimilarity}, the threshold calibrated for its {@code targetPrecision} on the
 * evaluation data, and the lookup's own {@code minSimilarity}, whichever is strictest.
 */
@Component
class SemanticThresholds {

	private final String embedderName;

	private final Optional<SemanticCalibration> calibration;

	SemanticThresholds(Embedder embedder, SemanticProperties properties) {
		this.embedderName = embedder.name();
		this.calibration = SemanticCalibration.forEmbedder(embedder.name(), properties.calibrationFile());
	}

	/**
	 * The threshold in force.
	 * @param settings the namespace's semantic settings
	 * @param requested the lookup's minimum, or {@code null}
	 * @return the threshold
	 */
	double thresholdFor(SemanticSettings settings, Double requested) {
		double threshold = settings.minSimilarity();
		Optional<SemanticCalibration.Threshold> calibrated = calibratedThreshold(settings);
		if (calibrated.isPresent()) {
			threshold = Math.max(threshold, calibrated.get().similarity());
		}
		return (requested != null) ? Math.max(threshold, requested) : threshold;
	}

	/**
	 * How the threshold was chosen, for explain.
	 * @param settings the namespace's semantic settings
	 * @return a description
	 */
	String describe(SemanticSettings settings) {
		String policy = "minSimilarity " + settings.minSimilarity() + " of the policy";
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

}
