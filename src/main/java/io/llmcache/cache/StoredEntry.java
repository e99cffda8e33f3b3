package io.llmcache.cache;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A cache entry as kept in Redis.
 *
 * @param entryId the opaque entry id
 * @param generation the namespace's invalidation sequence number when it was stored (set
 * by Redis on store; 0 in an entry about to be stored)
 * @param model the model of the request
 * @param exactCanonical the canonical form of the request as sent, compared on exact hits
 * @param normalizedCanonical the canonical form after normalization, compared on
 * normalized hits
 * @param normalizedDigest the normalized key's digest, to remove its pointer on delete
 * @param requestJson the request as stored (JSON text), returned by {@code GET}
 * @param responseJson the response as stored (JSON text), returned on hits
 * @param promptHead the start of the rendered prompt, for prompt-prefix invalidations
 * (not read by lookups)
 * @param tags the entry's tags
 * @param metadata the entry's metadata
 * @param createdAt when it was stored
 * @param expiresAt when it expires
 * @author llm-cache developers
 */
record StoredEntry(String entryId, long generation, String model, String exactCanonical, String normalizedCanonical,
		String normalizedDigest, String requestJson, String responseJson, String promptHead, List<String> tags,
		Map<String, String> metadata, Instant createdAt, Instant expiresAt) {

}
