package io.llmcache.verifier;

import io.llmcache.semantic.OnnxModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier the service ships: it loads from the class path, fits the default
 * embedder, has a threshold for the default target precision, and tells a word swap from
 * a rephrasing that the embedding alone finds about as similar.
 */
class ShippedVerifierTests {

	private final Verifier verifier = Verifier.shipped().orElseThrow();

	private final VerifierCalibration calibration = VerifierCalibration.shipped().orElseThrow();

	@Test
	void fitsTheDefaultEmbedderAndTheDefaultTarget() {
		assertThat(this.calibration.embedder()).isEqualTo(OnnxModel.DEFAULT.modelName());
		assertThat(this.calibration.thresholdFor(0.9)).hasValueSatisfying((point) -> {
			assertThat(point.judgedPrecision()).isGreaterThanOrEqualTo(0.9);
			assertThat(point.judgedHits()).isGreaterThanOrEqualTo(VerifierCalibration.MIN_JUDGED_HITS);
		});
	}

	@Test
	void asksForStricterThresholdsForHigherTargets() {
		double forNinety = this.calibration.thresholdFor(0.9).orElseThrow().threshold();
		double forNinetyFive = this.calibration.thresholdFor(0.95).orElseThrow().threshold();
		assertThat(forNinetyFive).isGreaterThan(forNinety);
		assertThat(this.calibration.thresholdFor(0.999)).isEmpty();
	}

	@Test
	void rejectsAWordSwapThatItWouldServeRephrased() {
		double threshold = this.calibration.thresholdFor(0.9).orElseThrow().threshold();
		assertThat(this.verifier.score("How do I convert Word to PDF?", "How do I convert PDF to Word?", 0.97))
			.isLessThan(threshold);
		assertThat(this.verifier.score("How can I convert a PDF file to Word?", "How do I convert PDF to Word?", 0.95))
			.isGreaterThanOrEqualTo(threshold);
	}

}
