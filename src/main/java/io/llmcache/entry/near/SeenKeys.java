package io.llmcache.entry.near;

/**
 * The keys of a tenant found in Redis by a read outside the near-cache, so that only
 * those are read through the tracking connection. Redis keeps every key a tracking
 * connection read in its tracking table, whether it exists or not (about 150 bytes each,
 * up to {@code tracking-table-max-keys}, which it enforces by invalidating keys at
 * random): without this, every miss would take a place there, and a read through that
 * connection also costs more than one through the shared one.
 * <p>
 * A fixed table of hash marks, one per slot. Another key of the same slot overwrites a
 * mark, which makes that key's next lookup a usual read again; two keys with the same
 * hash share a mark, which costs a tracked read. Both are harmless, since the marks
 * decide only which reads are tracked, never what is served. Threads race on the table
 * without locks for the same reason.
 */
final class SeenKeys {

	private static final int SLOT_BITS = 15;

	/** Slots per tenant: 32,768 marks, 128 KB. */
	static final int SLOTS = 1 << SLOT_BITS;

	private final int[] marks = new int[SLOTS];

	/**
	 * Whether a key's mark is there.
	 * @param key the key
	 * @return {@code true} if it is (or another key's with the same hash)
	 */
	boolean contains(String key) {
		int mark = markOf(key);
		return this.marks[slotOf(mark)] == mark;
	}

	/**
	 * Puts a key's mark in its slot, over any other.
	 * @param key the key
	 */
	void add(String key) {
		int mark = markOf(key);
		this.marks[slotOf(mark)] = mark;
	}

	/**
	 * Clears a key's slot if its mark is there.
	 * @param key the key
	 */
	void remove(String key) {
		int mark = markOf(key);
		int slot = slotOf(mark);
		if (this.marks[slot] == mark) {
			this.marks[slot] = 0;
		}
	}

	// The whole hash is the mark (0, an empty slot, stands for itself as 1); the slot
	// comes from its scrambled top bits, so keys that differ only at the end of their
	// text do not share slots.
	private static int markOf(String key) {
		int hash = key.hashCode();
		return (hash != 0) ? hash : 1;
	}

	private static int slotOf(int mark) {
		return (mark * 0x9E3779B9) >>> (Integer.SIZE - SLOT_BITS);
	}

}
