package io.llmcache.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests, the one hash function of the service: for cache keys, API keys and
 * configuration fingerprints.
 */
public final class Digests {

	/**
	 * Cloned for each digest: looking the algorithm up among the security providers
	 * ({@code MessageDigest.getInstance}) took more of a lookup's time than hashing its
	 * key.
	 */
	private static final MessageDigest SHA_256 = sha256Instance();

	private Digests() {
	}

	private static MessageDigest sha256Instance() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	/**
	 * The SHA-256 digest of some bytes.
	 * @param bytes the bytes
	 * @return the 32-byte digest
	 */
	public static byte[] sha256(byte[] bytes) {
		return newSha256().digest(bytes);
	}

	/**
	 * A fresh SHA-256 digest, for hashing in several updates.
	 * @return it
	 */
	public static MessageDigest newSha256() {
		try {
			return (MessageDigest) SHA_256.clone();
		}
		catch (CloneNotSupportedException ex) {
			// Only with a provider whose SHA-256 cannot be cloned: look it up each time.
			return sha256Instance();
		}
	}

	/**
	 * The lower-case hex SHA-256 of a text's UTF-8 bytes.
	 * @param text the text
	 * @return 64 hex digits
	 */
	public static String sha256Hex(String text) {
		return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * A short fingerprint of a text: the first twelve hex digits of its SHA-256.
	 * @param text the text
	 * @return the fingerprint
	 */
	public static String shortSha256(String text) {
		return sha256Hex(text).substring(0, 12);
	}

}
