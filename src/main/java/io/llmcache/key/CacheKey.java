package io.llmcache.key;

import java.util.Base64;

/**
 * One cache key: the canonical form of a request and its SHA-256 digest. The digest
 * addresses the entry in Redis; the canonical form is stored with the entry and compared
 * on every read, so a digest collision can cost a miss but never serve a wrong answer.
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
