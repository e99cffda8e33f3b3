package io.llmcache.lookup;

import io.llmcache.entry.StoredEntry;
import io.llmcache.policy.MatchType;

/**
 * What a lookup answers: a {@link Hit} or a {@link Miss}.
 */
public sealed interface LookupResult {

	/**
	 * An entry to serve.
	 *
	 * @param matchType how it matched
	 * @param entry the entry
	 * @param responseJson the response to serve (on a continuation hit, the rest of the
	 * stored completion)
	 * @param similarity 1.0 but for semantic matches
	 * @param ageSeconds the entry's age
	 */
	record Hit(MatchType matchType, StoredEntry entry, String responseJson, double similarity,
			long ageSeconds) implements LookupResult {

	}

	/**
	 * Nothing to serve.
	 *
	 * @param reason why: {@code not-found}, {@code candidates-rejected},
	 * {@code no-match-type-allowed}, {@code store-unavailable}
	 * @param degraded whether the store could not be asked in time
	 * @param storeToken a token for the store of the response, or {@code null} when the
	 * store was not read
	 */
	record Miss(String reason, boolean degraded, String storeToken) implements LookupResult {

	}

}
