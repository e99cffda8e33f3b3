package io.llmcache.entry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys an entry is a member of, as its stored fields
 * ({@link EntryFields#MEMBERSHIPS}) name them, and the keys and arguments of the scripts
 * that write them: scripts receive these keys, they never build one.
 *
 * @param id the entry's id
 * @param pointerKey its normalized pointer
 * @param indexKeys the indexes it is in beside {@code P x:all}
 * @param continuationKey its continuation hash, or {@code null}
 * @param continuationName its field there, or {@code null}
 * @param vector whether it has a vector
 * @param signature the fields that name its keys beyond what its request decides (its
 * tags, its continuation context and name), as the store script compares them
 */
record Memberships(String id, String pointerKey, List<String> indexKeys, String continuationKey,
		String continuationName, boolean vector, String signature) {

	/**
	 * The memberships an entry's stored fields name.
	 * @param namespace the tenant's namespace
	 * @param values the values of {@link EntryFields#MEMBERSHIPS}
	 * @param fields the field codec
	 * @return them, or {@code null} if there is no entry
	 */
	static Memberships of(TenantNamespace namespace, List<String> values, EntryFields fields) {
		if (values == null || values.isEmpty() || values.get(0) == null) {
			return null;
		}
		List<String> indexKeys = new ArrayList<>();
		if (values.get(2) != null) {
			indexKeys.add(namespace.modelIndexKey(values.get(2)));
		}
		fields.tags(values.get(3)).stream().distinct().map(namespace::tagIndexKey).forEach(indexKeys::add);
		boolean vector = values.get(4) != null;
		if (vector) {
			indexKeys.add(namespace.semanticIndexKey());
		}
		String continuationContext = values.get(5);
		return new Memberships(values.get(0), namespace.pointerKey(String.valueOf(values.get(1))), indexKeys,
				(continuationContext != null) ? namespace.continuationKey(continuationContext) : null, values.get(6),
				vector, orEmpty(values.get(3)) + "\n" + orEmpty(continuationContext) + "\n" + orEmpty(values.get(6)));
	}

	private static String orEmpty(String value) {
		return (value != null) ? value : "";
	}

	/**
	 * The keys of the store script for an entry that replaces {@code old}.
	 */
	static List<String> storeKeys(TenantNamespace namespace, String exactDigest, StoredEntry entry, Memberships old) {
		List<String> keys = new ArrayList<>(List.of(namespace.entryKey(exactDigest),
				namespace.pointerKey(entry.normalizedDigest()), namespace.controlKey()));
		keys.addAll(indexesJoinedBy(namespace, entry));
		if (entry.continuation() != null) {
			keys.add(namespace.continuationKey(entry.continuation().context()));
		}
		if (old != null) {
			keys.addAll(old.indexKeys());
			if (old.continuationKey() != null) {
				keys.add(old.continuationKey());
			}
		}
		return keys;
	}

	/**
	 * The arguments of the store script that go with {@link #storeKeys}.
	 */
	static List<String> storeArgs(String exactDigest, StoredEntry entry, Duration ttl, Instant now,
			Long expectedSequence, Memberships old, boolean staged, List<String> hash) {
		StoredEntry.ContinuationData continuation = entry.continuation();
		List<String> args = new ArrayList<>(List.of(Long.toString(ttl.toMillis()),
				Long.toString(entry.expiresAt().toEpochMilli()), Long.toString(now.toEpochMilli()), exactDigest,
				(expectedSequence != null) ? expectedSequence.toString() : "", (old != null) ? old.signature() : "\n\n",
				(continuation != null) ? continuation.name() : "",
				(old != null && old.continuationName() != null) ? old.continuationName() : "",
				Integer.toString(indexCount(entry)), Integer.toString((old != null) ? old.indexKeys().size() : 0),
				staged ? "1" : ""));
		args.addAll(hash);
		return args;
	}

	/** The indexes an entry joins: all, its model, its tags, and the semantic index. */
	private static List<String> indexesJoinedBy(TenantNamespace namespace, StoredEntry entry) {
		List<String> keys = new ArrayList<>(List.of(namespace.allIndexKey(), namespace.modelIndexKey(entry.model())));
		entry.tags().stream().distinct().map(namespace::tagIndexKey).forEach(keys::add);
		if (entry.semantic() != null) {
			keys.add(namespace.semanticIndexKey());
		}
		return keys;
	}

	private static int indexCount(StoredEntry entry) {
		return 2 + (int) entry.tags().stream().distinct().count() + ((entry.semantic() != null) ? 1 : 0);
	}

}
