package io.llmcache.key;

import java.util.Base64;

/**
 * One cache key: the canonical form of a request and its SHA-256 digest. The digest
 * addresses the entry in Redis, and the entry records it (in its id, and the normalized
 * one as a field), compared on every read. The canonical form itself is not stored: it
 * holds the whole prompt, which the entry keeps once, as its request.
 *
 * @param canonical the canonical, length-prefixed form (UTF-8 when hashed)
 * @param digest the SHA-256 of the canonical form, 32 bytes
 */
public record CacheKey(String canonical, byte[] digest) {

	/**
	 * The digest in unpadded base64url, as used in Redis keys and entry ids.
	 * @return 43 characters
	 */
	public String digestText() {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(this.digest);
	}

}
