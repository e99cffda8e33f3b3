package io.llmcache.semantic;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a text into a vector whose direction carries its meaning.
 * <p>
 * The contract every implementation keeps:
 * <ul>
 * <li>vectors have {@link #dimensions()} components and unit length (L2-normalized), so
 * the cosine similarity of two vectors is their dot product;</li>
 * <li>the same text gives the same vector, so a stored vector stays comparable with later
 * ones as long as {@link #name()} is unchanged;</li>
 * <li>failures (a text over the size bound, a remote service that does not answer in
 * time) are {@link EmbeddingException}s: callers treat them as "no semantic match", never
 * as an error of the lookup.</li>
 * </ul>
 * Vectors of different embedders (different names) must never be compared.
 */
public interface Embedder {

	/**
	 * The name of the model, for keys and for explain: vectors are comparable only when
	 * this is equal.
	 * @return the model's name, such as {@code all-minilm-l6-v2-q}
	 */
	String name();

	/**
	 * The number of components of every vector.
	 * @return the dimensions
	 */
	int dimensions();

	/**
	 * Embeds one text.
	 * @param text the text
	 * @return a unit-length vector of {@link #dimensions()} components
	 * @throws EmbeddingException if the text cannot be embedded
	 */
	float[] embed(String text);

	/**
	 * Embeds several texts; implementations batch where that is cheaper.
	 * @param texts the texts
	 * @return their vectors, in the same order
	 * @throws EmbeddingException if any text cannot be embedded
	 */
	default List<float[]> embedAll(List<String> texts) {
		List<float[]> vectors = new ArrayList<>(texts.size());
		for (String text : texts) {
			vectors.add(embed(text));
		}
		return vectors;
	}

}
