package io.llmcache.invalidation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import io.llmcache.system.Digests;

/**
 * The opaque {@code storeToken} a lookup miss hands out: which namespace it was issued
 * for, the namespace's invalidation sequence number at that moment, and when. A store
 * that carries it is refused if an invalidation recorded since then selects the entry, so
 * a response computed from content that was invalidated meanwhile is not cached.
 * <p>
 * The token is not a secret and not signed: forging one can only let a caller store into
 * its own tenant, which its {@code write} role allows anyway.
 *
 * @param partition a fingerprint of tenant and namespace
 * @param sequence the invalidation sequence number when it was issued
 * @param issuedAt when it was issued
 */
public record StoreToken(String partition, long sequence, Instant issuedAt) {

	private static final String VERSION = "st1";

	private static final int MAX_LENGTH = 200;

	/**
	 * A new token.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @param sequence the namespace's invalidation sequence number
	 * @param now the time of the lookup
	 * @return the token
	 */
	public static StoreToken issue(String tenant, String namespace, long sequence, Instant now) {
		return new StoreToken(fingerprint(tenant, namespace), sequence, now);
	}

	/**
	 * Whether the token was issued for a namespace of a tenant.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @return {@code true} if it belongs there
	 */
	public boolean isFor(String tenant, String namespace) {
		return this.partition.equals(fingerprint(tenant, namespace));
	}

	/**
	 * The token as the caller sees it.
	 * @return opaque base64url text
	 */
	public String encode() {
		String text = VERSION + "." + this.partition + "." + this.sequence + "." + this.issuedAt.toEpochMilli();
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Reads a token a caller sent back.
	 * @param token the text
	 * @return the token, or empty if it is not one of ours
	 */
	public static Optional<StoreToken> decode(String token) {
		if (token == null || token.length() > MAX_LENGTH) {
			return Optional.empty();
		}
		try {
			String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII).split("\\.");
			if (parts.length != 4 || !VERSION.equals(parts[0])) {
				return Optional.empty();
			}
			return Optional
				.of(new StoreToken(parts[1], Long.parseLong(parts[2]), Instant.ofEpochMilli(Long.parseLong(parts[3]))));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static String fingerprint(String tenant, String namespace) {
		return Digests.shortSha256(tenant + "/" + namespace);
	}

}
