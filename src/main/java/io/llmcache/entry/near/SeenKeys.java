package io.llmcache.entry.near;

/**
 * The keys a tenant looked up once recently, so that only a key looked up again is read
 * through the tracking connection. Redis keeps every key a tracking connection read in
 * its tracking table, whether it exists or not (about 150 bytes each, up to
 * {@code tracking-table-max-keys}, which it enforces by invalidating keys at random):
 * without this, every miss and every entry read only once would take a place there.
 * <p>
 * A fixed table of hash marks, one per slot: a key marks its slot on its first lookup and
 * is admitted on a later one that finds its mark still there. Another key of the same
 * slot overwrites the mark, which delays that key's admission by a lookup; two keys with
 * the same hash admit each other, which costs a tracked read. Both are harmless, since
 * admission decides only which reads are tracked, never what is served. Threads race on
 * the table without locks for the same reason: a lost mark only delays an admission.
 */
final class SeenKeys {

	private static final int SLOT_BITS = 15;

	/** Slots per tenant: 32,768 marks, 128 KB. */
	static final int SLOTS = 1 << SLOT_BITS;

	private final int[] marks = new int[SLOTS];

	/**
	 * Whether a key was looked up before; marks it as looked up if not.
	 * @param key the key
	 * @return {@code true} if its mark was there
	 */
	boolean lookedUpBefore(String key) {
		// The whole hash is the mark (0, an empty slot, stands for itself as 1); the slot
		// comes from its scrambled top bits, so keys that differ only at the end of their
		// text do not share slots.
		int hash = key.hashCode();
		int mark = (hash != 0) ? hash : 1;
		int slot = (mark * 0x9E3779B9) >>> (Integer.SIZE - SLOT_BITS);
		if (this.marks[slot] == mark) {
			return true;
		}
		this.marks[slot] = mark;
		return false;
	}

}
