package io.llmcache.semantic;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link OnnxEmbedder} with the real default model.
 */
class OnnxEmbedderTests {

	// One model per test class: loading it is the slow part
	private static final OnnxEmbedder embedder = new OnnxEmbedder(OnnxModel.DEFAULT, 200);

	@Test
	void embedsIdenticalTextsIdentically() {
		assertThat(embedder.embed("How do I reset my password?"))
			.containsExactly(embedder.embed("How do I reset my password?"));
	}

	@Test
	void returnsUnitVectorsOfTheModelsDimensions() {
		float[] vector = embedder.embed("How do I reset my password?");
		assertThat(vector).hasSize(embedder.dimensions()).hasSize(384);
		assertThat(UnitVectors.cosine(vector, vector)).isCloseTo(1.0, within(1e-5));
	}

	@Test
	void placesAParaphraseCloserThanAnUnrelatedText() {
		float[] query = embedder.embed("How do I reset my password?");
		double paraphrase = UnitVectors.cosine(query, embedder.embed("How can I change my forgotten password?"));
		double unrelated = UnitVectors.cosine(query, embedder.embed("What is the best pizza in Naples?"));
		assertThat(paraphrase).isGreaterThan(unrelated + 0.3);
	}

	@Test
	void embedsABatchAsItEmbedsEachText() {
		List<float[]> vectors = embedder.embedAll(List.of("first text", "second text"));
		assertThat(vectors.get(0)).containsExactly(embedder.embed("first text"), within(1e-5f));
		assertThat(vectors.get(1)).containsExactly(embedder.embed("second text"), within(1e-5f));
	}

	@Test
	void refusesTextsOverTheBound() {
		assertThatExceptionOfType(EmbeddingException.class).isThrownBy(() -> embedder.embed("x".repeat(201)))
			.withMessageContaining("longer than 200");
	}

	@Test
	void namesTheModel() {
		assertThat(embedder.name()).isEqualTo("all-minilm-l6-v2-q");
	}

	@Test
	void refusesUnknownModelNames() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> OnnxModel.named("gpt-embed"))
			.withMessageContaining("all-minilm-l6-v2-q");
	}

}
