package io.llmcache.cache;

import java.time.Instant;
import java.util.List;

import io.llmcache.invalidation.EntryFacts;

/**
 * An entry as an invalidation scan sees it.
 *
 * @param exactDigest its exact digest, the member of the indexes
 * @param entryId its id, or {@code null} if the entry is gone
 * @param generation the invalidation sequence number it was stored at
 * @param model its model
 * @param tags its tags
 * @param createdAt when it was stored
 * @param expiresAt when it expires
 * @param requestJson its stored request, or {@code null} if it was not read
 * @author llm-cache developers
 */
record ScannedEntry(String exactDigest, String entryId, long generation, String model, List<String> tags,
		Instant createdAt, Instant expiresAt, String requestJson) {

	boolean isPresent() {
		return this.entryId != null;
	}

	boolean isLive(Instant now) {
		return isPresent() && now.isBefore(this.expiresAt);
	}

	EntryFacts facts(EntryPrompts prompts) {
		return new EntryFacts(this.generation, this.model, this.tags, this.createdAt,
				prompts.startsWith(this.model, this::requestJson));
	}

}
