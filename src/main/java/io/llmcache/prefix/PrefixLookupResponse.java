package io.llmcache.prefix;

import java.time.Instant;
import java.util.List;

/**
 * Answer of {@code POST /v1/prefix/lookup}.
 *
 * @param totalTokens the tokens of the request's canonical token sequence (markers not
 * counted; at most {@code llmcache.prefix.max-tokens})
 * @param cachedPrefixTokens how many leading tokens are shared with requests cached in
 * the same tenant and namespace (at block granularity: whole segments, or 64-id steps
 * inside a long one)
 * @param tokenizer the tokenizer, e.g. {@code o200k_base}
 * @param truncated whether the request was longer than the maximum and its tail was not
 * looked at
 * @param segments per segment: its role, tokens, how many of them are in the shared
 * prefix and whether all are
 * @param entries the newest live entries that share the longest prefix
 */
record PrefixLookupResponse(int totalTokens, int cachedPrefixTokens, String tokenizer, boolean truncated,
		List<SegmentView> segments, List<EntryView> entries) {

	/**
	 * A segment of the request.
	 *
	 * @param role {@code tools}, {@code prompt} or the message's role
	 * @param tokens its tokens
	 * @param cachedTokens how many of them are in the shared prefix
	 * @param cached whether the whole segment is
	 */
	record SegmentView(String role, int tokens, int cachedTokens, boolean cached) {

	}

	/**
	 * An entry sharing the longest prefix.
	 *
	 * @param entryId the entry's id
	 * @param sharedTokens the tokens it shares with the request
	 * @param expiresAt when it expires
	 */
	record EntryView(String entryId, int sharedTokens, Instant expiresAt) {

	}

}
