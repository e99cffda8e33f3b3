package io.llmcache.vector;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * Vectors as text in Redis: little-endian float32, base64.
 */
public final class Vectors {

	private Vectors() {
	}

	/**
	 * Encodes a vector.
	 * @param vector the vector
	 * @return base64 text
	 */
	public static String encode(float[] vector) {
		ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		bytes.asFloatBuffer().put(vector);
		return Base64.getEncoder().encodeToString(bytes.array());
	}

	/**
	 * Decodes a vector.
	 * @param text base64 text
	 * @return the vector
	 * @throws IllegalArgumentException if the text is not one
	 */
	public static float[] decode(String text) {
		ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(text)).order(ByteOrder.LITTLE_ENDIAN);
		if (bytes.remaining() % Float.BYTES != 0) {
			throw new IllegalArgumentException("Not a float32 vector");
		}
		float[] vector = new float[bytes.remaining() / Float.BYTES];
		bytes.asFloatBuffer().get(vector);
		return vector;
	}

}
