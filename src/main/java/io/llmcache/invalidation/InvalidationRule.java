package io.llmcache.invalidation;

import java.time.Instant;

/**
 * A recorded invalidation: it covers the entries its selector matches among those stored
 * before it was recorded, and nothing stored after.
 * <p>
 * Order comes from a per-namespace sequence number, not from clocks: an entry remembers
 * the sequence number in force when it was stored ({@link EntryFacts#generation()}), and
 * the rule covers it if its own number is higher. Both are read and written inside Redis
 * scripts, so a store and an invalidation are always ordered one way or the other, even
 * across replicas with skewed clocks.
 *
 * @param sequence the rule's sequence number in its namespace
 * @param id the invalidation id reported to the caller
 * @param recordedAt when it was recorded
 * @param keyId the API key id that recorded it
 * @param selector what it covers
 */
public record InvalidationRule(long sequence, String id, Instant recordedAt, String keyId, Selector selector) {

	/**
	 * Whether the rule hides an entry.
	 * @param entry the entry
	 * @return {@code true} if the entry was stored before the rule and is selected by it
	 */
	public boolean covers(EntryFacts entry) {
		return entry.generation() < this.sequence && this.selector.matches(entry);
	}

}
