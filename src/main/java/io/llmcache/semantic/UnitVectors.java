package io.llmcache.semantic;

/**
 * Vector arithmetic for unit-length vectors.
 */
public final class UnitVectors {

	private UnitVectors() {
	}

	/**
	 * Scales a vector to unit length, in place.
	 * @param vector the vector
	 * @return the same array
	 * @throws EmbeddingException if the vector is zero or not finite (a model that
	 * returns such a vector is broken, and comparing with it would be meaningless)
	 */
	public static float[] normalize(float[] vector) {
		double sum = 0;
		for (float component : vector) {
			sum += (double) component * component;
		}
		double norm = Math.sqrt(sum);
		if (norm == 0 || !Double.isFinite(norm)) {
			throw new EmbeddingException("The model returned a vector that cannot be normalized");
		}
		for (int i = 0; i < vector.length; i++) {
			vector[i] = (float) (vector[i] / norm);
		}
		return vector;
	}

	/**
	 * The cosine similarity of two unit-length vectors: their dot product.
	 * @param a a unit vector
	 * @param b a unit vector of the same dimensions
	 * @return the similarity, in [-1, 1]
	 */
	public static double cosine(float[] a, float[] b) {
		if (a.length != b.length) {
			throw new IllegalArgumentException("Vectors of " + a.length + " and " + b.length + " dimensions");
		}
		double dot = 0;
		for (int i = 0; i < a.length; i++) {
			dot += (double) a[i] * b[i];
		}
		return dot;
	}

}
