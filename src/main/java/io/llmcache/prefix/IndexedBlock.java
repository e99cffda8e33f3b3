package io.llmcache.prefix;

import java.util.List;

/**
 * What the index knows of a block that was verified to be the block asked for.
 *
 * @param endTokens the tokens from the start of the sequence to the end of the block
 * @param entries the newest entries whose requests contain the block, newest first
 */
record IndexedBlock(int endTokens, List<EntryRef> entries) {

	IndexedBlock {
		entries = List.copyOf(entries);
	}

	/**
	 * An entry named by a block.
	 *
	 * @param entryId the entry's id
	 * @param expiresAtMillis when the entry expires (epoch milliseconds)
	 */
	record EntryRef(String entryId, long expiresAtMillis) {

	}

	/**
	 * Reads the {@code e} field of a block: {@code <id> <expiry> <id> <expiry> ...}.
	 * @param endTokens the block's tokens
	 * @param field the field, or {@code null}
	 * @return the block
	 */
	static IndexedBlock parse(int endTokens, String field) {
		if (field == null || field.isEmpty()) {
			return new IndexedBlock(endTokens, List.of());
		}
		String[] words = field.split(" ");
		EntryRef[] entries = new EntryRef[words.length / 2];
		for (int i = 0; i + 1 < words.length; i += 2) {
			entries[i / 2] = new EntryRef(words[i], Long.parseLong(words[i + 1]));
		}
		return new IndexedBlock(endTokens, List.of(entries));
	}

}
