package io.llmcache.vector;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * Vectors as text in Redis. A vector is kept as int8 with its scale: the prefix
 * {@value #INT8}, then base64 of the scale (little-endian float32, the largest absolute
 * component over 127) and one signed byte per component. For 384 dimensions that is 521
 * characters instead of the 2,048 of float32; the cosine of a unit vector with a query
 * moves by about 5·10⁻⁴ (at most 2·10⁻³, measured in {@code VectorsTests}), well inside
 * the gaps between the thresholds that decide a semantic hit. Text without the prefix is
 * float32 base64, as vectors were stored before, still read.
 */
public final class Vectors {

	/** The prefix of the int8 form; ':' is not a base64 character. */
	static final String INT8 = "q8:";

	private static final float LEVELS = 127f;

	private Vectors() {
	}

	/**
	 * Encodes a vector in its int8 form.
	 * @param vector the vector
	 * @return the text
	 */
	public static String encode(float[] vector) {
		float largest = 0;
		for (float component : vector) {
			largest = Math.max(largest, Math.abs(component));
		}
		float scale = largest / LEVELS;
		ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES + vector.length).order(ByteOrder.LITTLE_ENDIAN);
		bytes.putFloat(scale);
		for (float component : vector) {
			bytes.put((scale == 0) ? 0 : (byte) Math.round(component / scale));
		}
		return INT8 + Base64.getEncoder().withoutPadding().encodeToString(bytes.array());
	}

	/**
	 * Decodes a vector in either form; an int8 vector comes back at unit length, as the
	 * index's dot product needs, unless it is all zeros.
	 * @param text the text
	 * @return the vector
	 * @throws IllegalArgumentException if the text is not one
	 */
	public static float[] decode(String text) {
		if (text.startsWith(INT8)) {
			return decodeInt8(text.substring(INT8.length()));
		}
		ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(text)).order(ByteOrder.LITTLE_ENDIAN);
		if (bytes.remaining() % Float.BYTES != 0) {
			throw new IllegalArgumentException("Not a float32 vector");
		}
		float[] vector = new float[bytes.remaining() / Float.BYTES];
		bytes.asFloatBuffer().get(vector);
		return vector;
	}

	private static float[] decodeInt8(String base64) {
		ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
		if (bytes.remaining() < Float.BYTES) {
			throw new IllegalArgumentException("Not an int8 vector");
		}
		float scale = bytes.getFloat();
		float[] vector = new float[bytes.remaining()];
		double squares = 0;
		for (int i = 0; i < vector.length; i++) {
			vector[i] = bytes.get() * scale;
			squares += (double) vector[i] * vector[i];
		}
		if (squares > 0) {
			float norm = (float) Math.sqrt(squares);
			for (int i = 0; i < vector.length; i++) {
				vector[i] /= norm;
			}
		}
		return vector;
	}

}
