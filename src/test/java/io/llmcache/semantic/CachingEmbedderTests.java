package io.llmcache.semantic;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CachingEmbedder}.
 */
class CachingEmbedderTests {

	private final CountingEmbedder counting = new CountingEmbedder();

	private final CachingEmbedder embedder = new CachingEmbedder(this.counting, 100);

	@Test
	void embedsIdenticalTextsOnce() {
		float[] first = this.embedder.embed("What is the capital of France?");
		float[] second = this.embedder.embed("What is the capital of France?");
		assertThat(second).containsExactly(first);
		assertThat(this.counting.embedded).containsExactly("What is the capital of France?");
	}

	@Test
	void embedsEachDistinctTextOfABatchOnce() {
		this.embedder.embed("one");
		List<float[]> vectors = this.embedder.embedAll(List.of("one", "two", "two", "three"));
		assertThat(vectors).hasSize(4);
		assertThat(vectors.get(1)).containsExactly(vectors.get(2));
		assertThat(this.counting.embedded).containsExactly("one", "two", "three");
	}

	@Test
	void givesEveryCallerItsOwnCopy() {
		float[] first = this.embedder.embed("text");
		first[0] = 42;
		assertThat(this.embedder.embed("text")[0]).isNotEqualTo(42);
	}

	@Test
	void doesNotCacheFailures() {
		this.counting.failNext = true;
		assertThatExceptionOfType(EmbeddingException.class).isThrownBy(() -> this.embedder.embed("text"));
		assertThat(this.embedder.embed("text")).hasSize(2);
		assertThat(this.embedder.size()).isEqualTo(1);
	}

	@Test
	void keepsTheDelegatesNameAndDimensions() {
		assertThat(this.embedder.name()).isEqualTo("counting");
		assertThat(this.embedder.dimensions()).isEqualTo(2);
	}

	/**
	 * Records what it embeds; a text's vector depends on its length.
	 */
	static class CountingEmbedder implements Embedder {

		final List<String> embedded = new ArrayList<>();

		boolean failNext;

		@Override
		public String name() {
			return "counting";
		}

		@Override
		public int dimensions() {
			return 2;
		}

		@Override
		public synchronized float[] embed(String text) {
			if (this.failNext) {
				this.failNext = false;
				throw new EmbeddingException("failed");
			}
			this.embedded.add(text);
			return UnitVectors.normalize(new float[] { text.length(), 1 });
		}

	}

}
