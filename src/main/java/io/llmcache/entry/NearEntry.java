package io.llmcache.entry;

import io.llmcache.entry.near.NearValue;

/**
 * An entry read by exact digest, as the near-cache keeps it: with the invalidation
 * sequence number of its read, which stays current for as long as the copy is kept (a
 * change of the namespace's control key drops it).
 *
 * @param read the read
 */
record NearEntry(EntryRead read) implements NearValue {

	/** The heap an entry's object graph takes beside its strings, roughly. */
	private static final int OVERHEAD = 600;

	@Override
	public boolean keep() {
		return this.read.entry().isPresent();
	}

	/** Strings counted at two bytes a character, the most Java stores. */
	@Override
	public int weight() {
		StoredEntry entry = this.read.entry().orElse(null);
		if (entry == null) {
			return OVERHEAD;
		}
		long chars = length(entry.entryId()) + length(entry.model()) + length(entry.normalizedDigest())
				+ length(entry.responseJson()) + length(entry.exactDigest());
		for (String tag : entry.tags()) {
			chars += tag.length() + 40;
		}
		for (var field : entry.metadata().entrySet()) {
			chars += field.getKey().length() + field.getValue().length() + 40;
		}
		if (entry.semantic() != null) {
			chars += length(entry.semantic().context()) + length(entry.semantic().text());
		}
		return (int) Math.min(Integer.MAX_VALUE, OVERHEAD + 2 * chars);
	}

	@Override
	public long expiresAtMillis() {
		return this.read.entry().map((entry) -> entry.expiresAt().toEpochMilli()).orElse(0L);
	}

	private static long length(String text) {
		return (text != null) ? text.length() : 0;
	}

}
