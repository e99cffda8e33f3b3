package io.llmcache.lookup;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import io.llmcache.entry.StoredEntry;
import io.llmcache.policy.MatchType;

/**
 * Answer of {@code POST /v1/cache/lookup}: a hit with the stored response, or a miss.
 *
 * @param hit whether an entry was served
 * @param matchType how the entry matched
 * @param entryId the entry's id
 * @param response the stored response, as it was stored; on a continuation hit, with its
 * completion replaced by the rest after what the request's prompt already holds
 * @param similarity 1.0 for exact and normalized matches
 * @param createdAt when the entry was stored
 * @param expiresAt when it expires
 * @param ageSeconds its age
 * @param tags its tags
 * @param metadata its metadata
 * @param reason on a miss, why: {@code not-found}, {@code candidates-rejected},
 * {@code no-match-type-allowed}, {@code store-unavailable}
 * @param degraded on a miss, {@code true} if the store could not be asked in time
 * @param storeToken on a miss, a token to send with the store of the response, so that
 * the store is refused if the namespace is invalidated meanwhile
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LookupResponse(boolean hit, MatchType matchType, String entryId, @JsonRawValue String response,
		Double similarity, Instant createdAt, Instant expiresAt, Long ageSeconds, List<String> tags,
		Map<String, String> metadata, String reason, Boolean degraded, String storeToken) {

	/**
	 * The answer for a lookup's result.
	 * @param result the result
	 * @return the answer
	 */
	public static LookupResponse of(LookupResult result) {
		if (result instanceof LookupResult.Hit hit) {
			StoredEntry entry = hit.entry();
			return new LookupResponse(true, hit.matchType(), entry.entryId(), hit.responseJson(), hit.similarity(),
					entry.createdAt(), entry.expiresAt(), hit.ageSeconds(), entry.tags(), entry.metadata(), null, null,
					null);
		}
		LookupResult.Miss miss = (LookupResult.Miss) result;
		return new LookupResponse(false, null, null, null, null, null, null, null, null, null, miss.reason(),
				miss.degraded() ? Boolean.TRUE : null, miss.storeToken());
	}

}
