package io.llmcache.vector;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import io.llmcache.semantic.OnnxEmbedder;
import io.llmcache.semantic.OnnxModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Vectors in their int8 text form: a fifth of the float32 text, and cosines that move by
 * far less than the gaps between the thresholds of a semantic hit; vectors stored as
 * float32 by earlier versions are still read exactly.
 */
class VectorsTests {

	private static final List<String> SENTENCES = List.of("What is the capital of France?",
			"Which city is the capital of France?", "How do I reset my password?",
			"I forgot my password, how can I change it?", "What is the boiling point of water at sea level?",
			"At what temperature does water boil?", "How many legs does a spider have?",
			"Explain the difference between TCP and UDP.", "What are the main differences between TCP and UDP?",
			"Write a haiku about autumn leaves.", "Translate 'good morning' into Spanish.",
			"How do I sort a list in Python?", "What is the best way to sort a Python list?",
			"Who wrote Pride and Prejudice?", "Recommend a good science fiction novel.", "How tall is Mount Everest?",
			"What is the height of Mount Everest in meters?", "Summarize the causes of World War I.",
			"What caused the First World War?", "How do vaccines work?", "Is it safe to eat raw cookie dough?",
			"Convert 100 Fahrenheit to Celsius.", "What is 100 degrees Fahrenheit in Celsius?",
			"Give me a recipe for pancakes.", "How do I make fluffy pancakes?", "What is the speed of light?",
			"Why is the sky blue?", "How do I cancel my subscription?",
			"I want to stop my subscription, what should I do?", "What does HTTP status 404 mean?");

	@Test
	void aVectorOf384DimensionsTakes521CharactersInsteadOf2048() {
		float[] vector = randomUnit(new Random(1), 384);
		assertThat(Vectors.encode(vector)).startsWith(Vectors.INT8).hasSize(521);
		assertThat(floatText(vector)).hasSize(2048);
	}

	@Test
	void decodesToAUnitVectorCloseToTheOriginal() {
		Random random = new Random(2);
		for (int i = 0; i < 200; i++) {
			float[] vector = randomUnit(random, 384);
			float[] decoded = Vectors.decode(Vectors.encode(vector));
			assertThat(dot(decoded, decoded)).isCloseTo(1.0, within(1e-5));
			assertThat(dot(vector, decoded)).isGreaterThan(0.9999);
		}
	}

	@Test
	void cosinesOfRealEmbeddingsMoveByLessThanTwoThousandths() {
		OnnxEmbedder embedder = new OnnxEmbedder(OnnxModel.DEFAULT, 200);
		List<float[]> vectors = new ArrayList<>();
		SENTENCES.forEach((sentence) -> vectors.add(embedder.embed(sentence)));
		double largest = 0;
		for (float[] query : vectors) {
			for (float[] stored : vectors) {
				double moved = Math.abs(dot(query, Vectors.decode(Vectors.encode(stored))) - dot(query, stored));
				largest = Math.max(largest, moved);
			}
		}
		assertThat(largest).as("largest change of a cosine over %d pairs", vectors.size() * vectors.size())
			.isLessThan(0.002);
	}

	@Test
	void readsTheFloat32FormOfEarlierVersionsExactly() {
		float[] vector = randomUnit(new Random(3), 384);
		assertThat(Vectors.decode(floatText(vector))).containsExactly(vector);
	}

	@Test
	void anAllZeroVectorStaysZero() {
		assertThat(Vectors.decode(Vectors.encode(new float[8]))).containsOnly(0f);
	}

	private static String floatText(float[] vector) {
		ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		bytes.asFloatBuffer().put(vector);
		return Base64.getEncoder().encodeToString(bytes.array());
	}

	private static float[] randomUnit(Random random, int dimensions) {
		float[] vector = new float[dimensions];
		double squares = 0;
		for (int i = 0; i < dimensions; i++) {
			vector[i] = (float) random.nextGaussian();
			squares += vector[i] * vector[i];
		}
		for (int i = 0; i < dimensions; i++) {
			vector[i] /= (float) Math.sqrt(squares);
		}
		return vector;
	}

	private static double dot(float[] a, float[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			sum += (double) a[i] * b[i];
		}
		return sum;
	}

}
