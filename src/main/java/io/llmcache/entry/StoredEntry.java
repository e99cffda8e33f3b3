package io.llmcache.entry;

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
 * @param exactDigest the exact key's digest (base64url), compared on exact hits; not a
 * field in Redis: the entry id carries it. An entry keeps its request once (as
 * {@code requestJson}), never its canonical forms, which would hold the prompt twice more
 * @param normalizedDigest the normalized key's digest, compared on normalized hits and
 * used to remove its pointer on delete
 * @param requestJson the request as stored (JSON text), returned by {@code GET}
 * @param responseJson the response as stored (JSON text), returned on hits
 * @param semantic the entry's semantic context, text and vector, or {@code null} if it is
 * not matched semantically (only set on entries about to be stored)
 * @param continuation where a completion-form entry is indexed for continuation hits, or
 * {@code null} if it is not (only set on entries about to be stored)
 * @param tags the entry's tags
 * @param metadata the entry's metadata
 * @param createdAt when it was stored
 * @param expiresAt when it expires
 * @param usage the tokens the response cost, which a hit saves; {@code null} in entries
 * stored before it was kept
 */
public record StoredEntry(String entryId, long generation, String model, String exactDigest, String normalizedDigest,
		String requestJson, String responseJson, SemanticData semantic, ContinuationData continuation,
		List<String> tags, Map<String, String> metadata, Instant createdAt, Instant expiresAt, TokenUsage usage) {

	/**
	 * What semantic matching keeps with an entry.
	 *
	 * @param context the semantic context digest
	 * @param text the compared text (the normalized last user turn)
	 * @param vector the text's unit vector, encoded ({@code null} when read back for a
	 * lookup)
	 * @param flaggedWrong whether feedback said the entry was a wrong semantic answer
	 */
	public record SemanticData(String context, String text, String vector, boolean flaggedWrong) {

	}

	/**
	 * Where a completion-form entry is indexed for continuation hits: the field
	 * {@code name} of the hash {@code P c:<context>}.
	 *
	 * @param context the digest of the request without its prompt
	 * @param name the prompt's name (see the continuation feature's prompt cuts)
	 */
	public record ContinuationData(String context, String name) {

	}

}
