package io.llmcache.semantic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link SemanticCalibration}, on a calibration of our own making
 * ({@code calibration-sample.json}): precision rises with the threshold, dips at 0.88,
 * and the 0.95 point has too few hits to count.
 */
class SemanticCalibrationTests {

	private final SemanticCalibration calibration = sample();

	@Test
	void choosesTheLowestThresholdFromWhichTheTargetHolds() {
		SemanticCalibration.Threshold threshold = this.calibration.thresholdFor(0.90, true);
		assertThat(threshold.similarity()).isEqualTo(0.86);
		assertThat(threshold.precision()).isEqualTo(0.91);
		assertThat(threshold.recall()).isEqualTo(0.42);
		assertThat(threshold.reached()).isTrue();
	}

	@Test
	void skipsAThresholdThatOnlyADipAboveItBreaks() {
		// Plain cosine reaches 0.90 at 0.86 and 0.87, but not at 0.88: only from 0.90 on
		assertThat(this.calibration.thresholdFor(0.90, false).similarity()).isEqualTo(0.90);
	}

	@Test
	void guardsOnByDefault() {
		assertThat(this.calibration.thresholdFor(0.90)).isEqualTo(this.calibration.thresholdFor(0.90, true));
	}

	@Test
	void ignoresPointsWithTooFewHits() {
		// 0.95 has precision 0.99 on 10 hits: not enough to promise 0.97
		SemanticCalibration.Threshold threshold = this.calibration.thresholdFor(0.97, true);
		assertThat(threshold.reached()).isFalse();
		assertThat(threshold.similarity()).isEqualTo(0.93);
	}

	@Test
	void describesTheSettingForExplain() {
		assertThat(this.calibration.thresholdFor(0.90).describe()).isEqualTo(
				"0.90 → similarity ≥ 0.86 with guards: measured precision 0.91 at recall 0.42 on sample-pairs (sample-model)");
		assertThat(this.calibration.thresholdFor(0.97).describe()).isEqualTo(
				"0.97 → similarity ≥ 0.93 with guards: target not reached, best measured precision 0.96 at recall 0.18 "
						+ "on sample-pairs (sample-model)");
	}

	@Test
	void shipsACalibrationForTheDefaultModel() {
		assertThat(SemanticCalibration.forModel(OnnxModel.DEFAULT.modelName())).hasValueSatisfying(
				(calibration) -> assertThat(calibration.model()).isEqualTo(OnnxModel.DEFAULT.modelName()));
	}

	@Test
	void hasNoCalibrationForARemoteModel() {
		assertThat(SemanticCalibration.forModel("openai:text-embedding-3-small")).isEmpty();
		assertThat(SemanticCalibration.forModel("never-evaluated")).isEmpty();
	}

	@Test
	void readsAConfiguredFileMeasuredForTheEmbedder(@TempDir Path dir) throws IOException {
		Path file = sampleFile(dir);
		assertThat(SemanticCalibration.forEmbedder("sample-model", file)).hasValueSatisfying(
				(calibration) -> assertThat(calibration.thresholdFor(0.90).similarity()).isEqualTo(0.86));
	}

	@Test
	void refusesAConfiguredFileMeasuredForAnotherModel(@TempDir Path dir) throws IOException {
		Path file = sampleFile(dir);
		assertThatIllegalStateException()
			.isThrownBy(() -> SemanticCalibration.forEmbedder("openai:text-embedding-3-small", file))
			.withMessageContaining("measured for sample-model, but the embedder is openai:text-embedding-3-small");
	}

	@Test
	void refusesAConfiguredFileThatIsMissingOrNotACalibration(@TempDir Path dir) throws IOException {
		assertThatIllegalStateException()
			.isThrownBy(() -> SemanticCalibration.forEmbedder("sample-model", dir.resolve("missing.json")))
			.withMessageContaining("Cannot read the calibration file");
		Path broken = Files.writeString(dir.resolve("broken.json"), "{\"model\": \"sample-model\", \"points\": [");
		assertThatIllegalStateException().isThrownBy(() -> SemanticCalibration.forEmbedder("sample-model", broken))
			.withMessageContaining("Cannot read the calibration file");
		Path empty = Files.writeString(dir.resolve("empty.json"), "{\"model\": \"sample-model\", \"points\": []}");
		assertThatIllegalStateException().isThrownBy(() -> SemanticCalibration.forEmbedder("sample-model", empty))
			.withMessageContaining("has no threshold with at least");
	}

	@Test
	void usesTheShippedCalibrationWithoutAFile() {
		assertThat(SemanticCalibration.forEmbedder(OnnxModel.DEFAULT.modelName(), null)).hasValueSatisfying(
				(calibration) -> assertThat(calibration.model()).isEqualTo(OnnxModel.DEFAULT.modelName()));
		assertThat(SemanticCalibration.forEmbedder("openai:text-embedding-3-small", null)).isEmpty();
	}

	private static Path sampleFile(Path dir) throws IOException {
		try (InputStream in = SemanticCalibrationTests.class.getResourceAsStream("calibration-sample.json")) {
			Path file = dir.resolve("calibration.json");
			Files.copy(in, file);
			return file;
		}
	}

	private static SemanticCalibration sample() {
		try (InputStream in = SemanticCalibrationTests.class.getResourceAsStream("calibration-sample.json")) {
			return SemanticCalibration.read(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
