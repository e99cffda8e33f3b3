package io.llmcache.entry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.llmcache.entry.near.NearCache;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Repository;

/**
 * Keeps cache entries and their indexes in Redis, in the key layout described in the
 * {@linkplain io.llmcache.entry package documentation}. A store replaces the entry hash
 * whole, sets its pointer and its index memberships in one script, and stamps the entry
 * with the sequence number in force ({@code gen}), so a failure never leaves half an
 * entry and a store is ordered before or after every invalidation. Reads by exact digest
 * go through the {@link NearCache} when it can serve; every write here drops the copies
 * of the keys it wrote on this replica at once (other replicas hear of it from Redis).
 */
@Repository
public class EntryRepository {

	/** Tries of a store whose entry keeps being replaced between its read and write. */
	private static final int MAX_REPLACE_ATTEMPTS = 5;

	private final StringRedisTemplate redis;

	private final EntryFields fields;

	private final EntryStaging staging;

	private final NearCache near;

	EntryRepository(StringRedisTemplate redis, JsonMapper json, EntryStaging staging, NearCache near) {
		this.redis = redis;
		this.fields = new EntryFields(json);
		this.staging = staging;
		this.near = near;
	}

	/**
	 * Stores an entry, replacing any entry with the same exact key.
	 * @param namespace the tenant's namespace
	 * @param exactDigest the exact key's digest
	 * @param entry the entry
	 * @param ttl its time to live
	 * @param now the current time, to drop expired index members
	 * @param expectedSequence store only if the namespace's invalidation sequence number
	 * is still this one; {@code null} to store regardless
	 * @return whether it was stored, and the sequence number it was stored at or that
	 * differed
	 */
	public StoreOutcome save(TenantNamespace namespace, String exactDigest, StoredEntry entry, Duration ttl,
			Instant now, Long expectedSequence) {
		EntryStaging.Staged staged = this.staging.stage(namespace, this.fields.toHash(entry));
		StoreOutcome outcome = new StoreOutcome(false, 0);
		for (int attempt = 0; attempt < MAX_REPLACE_ATTEMPTS; attempt++) {
			Memberships old = Memberships.of(namespace, this.redis.<String, String>opsForHash()
				.multiGet(namespace.entryKey(exactDigest), EntryFields.MEMBERSHIPS), this.fields);
			List<String> keys = Memberships.storeKeys(namespace, exactDigest, entry, old);
			if (staged.key() != null) {
				keys.add(staged.key());
			}
			List<?> result = this.redis.execute(EntryScripts.STORE, keys,
					Memberships
						.storeArgs(exactDigest, entry, ttl, now, expectedSequence, old, staged.key() != null,
								staged.fields())
						.toArray());
			long answer = Long.parseLong(result.get(0).toString());
			outcome = new StoreOutcome(answer == 1, Long.parseLong(result.get(1).toString()));
			this.near.evict(keys.get(0));
			if (answer != EntryScripts.CHANGED) {
				break;
			}
		}
		if (!outcome.stored()) {
			this.staging.discard(staged);
		}
		return outcome;
	}

	/**
	 * Reads the entry stored under an exact digest.
	 * @param namespace the tenant's namespace
	 * @param exactDigest the exact key's digest
	 * @param withRequest whether to read the stored request too ({@code null} otherwise)
	 * @return the entry, if there is one, and the namespace's invalidation sequence
	 * number
	 */
	public EntryRead findByExactDigest(TenantNamespace namespace, String exactDigest, boolean withRequest) {
		List<String> names = withRequest ? EntryFields.ALL : EntryFields.LOOKUP;
		List<String> keys = List.of(namespace.controlKey(), namespace.entryKey(exactDigest));
		if (!withRequest) {
			NearEntry copy = this.near
				.get(namespace.tenant(), keys.get(0), keys.get(1), (reader) -> new NearEntry(toRead(names,
						reader.eval(EntryScripts.READ.getSha1(), EntryScripts.READ.getScriptAsString(), keys, names))));
			if (copy != null) {
				return copy.read();
			}
		}
		EntryRead read = toRead(names, this.redis.execute(EntryScripts.READ, keys, names.toArray()));
		if (read.entry().isPresent()) {
			this.near.found(namespace.tenant(), keys.get(1));
		}
		return read;
	}

	private EntryRead toRead(List<String> names, List<?> values) {
		return new EntryRead(sequenceOf(values), this.fields.toEntry(names, values.subList(1, values.size())));
	}

	/**
	 * Reads the entries stored under some exact digests, in one round trip, without their
	 * requests.
	 * @param namespace the tenant's namespace
	 * @param exactDigests the exact keys' digests
	 * @return a read for each digest, in order, all at the same sequence number
	 */
	public List<EntryRead> findByExactDigests(TenantNamespace namespace, List<String> exactDigests) {
		if (exactDigests.isEmpty()) {
			return List.of();
		}
		Rows rows = read(namespace, exactDigests, EntryFields.LOOKUP);
		return rows.values()
			.stream()
			.map((values) -> new EntryRead(rows.sequence(), this.fields.toEntry(EntryFields.LOOKUP, values)))
			.toList();
	}

	/**
	 * Reads the newest entry with a normalized form, following its pointer inside Redis.
	 * @param namespace the tenant's namespace
	 * @param normalizedDigest the normalized key's digest
	 * @return the entry, if there is one, and the namespace's invalidation sequence
	 * number
	 */
	public EntryRead findByNormalizedDigest(TenantNamespace namespace, String normalizedDigest) {
		List<?> values = this.redis.execute(EntryScripts.FOLLOW_POINTER,
				List.of(namespace.pointerKey(normalizedDigest), namespace.controlKey()), EntryFields.LOOKUP.toArray());
		if (values.size() < 3) {
			return new EntryRead(sequenceOf(values), Optional.empty());
		}
		String target = values.get(1).toString();
		if (!target.startsWith(namespace.keyPrefix())) {
			// A pointer of an earlier version holds the bare exact digest.
			return findByExactDigest(namespace, target, false);
		}
		return new EntryRead(sequenceOf(values),
				this.fields.toEntry(EntryFields.LOOKUP, values.subList(2, values.size())));
	}

	/**
	 * The exact digests of the entries indexed under some prompt names in a continuation
	 * context, in one command.
	 * @param namespace the tenant's namespace
	 * @param context the continuation context digest
	 * @param names the prompt names, in the order wanted
	 * @return the digests found, in that order, each once
	 */
	public List<String> findByPromptNames(TenantNamespace namespace, String context, List<String> names) {
		if (names.isEmpty()) {
			return List.of();
		}
		List<Object> found = this.redis.opsForHash()
			.multiGet(namespace.continuationKey(context), new ArrayList<>(names));
		return found.stream().filter(Objects::nonNull).map(Object::toString).distinct().toList();
	}

	/**
	 * Some fields of the entries under some exact digests, in one round trip.
	 * @param namespace the tenant's namespace
	 * @param exactDigests exact digests
	 * @param names the fields
	 * @return for each digest, in order, the values of the fields ({@code null} where
	 * absent; all {@code null} where there is no entry)
	 */
	public List<List<String>> readFields(TenantNamespace namespace, List<String> exactDigests, List<String> names) {
		if (exactDigests.isEmpty()) {
			return List.of();
		}
		return read(namespace, exactDigests, names).values()
			.stream()
			.map((values) -> values.stream().map((value) -> (value != null) ? value.toString() : null).toList())
			.toList();
	}

	/**
	 * The ids of the entries stored now under some exact digests, in one round trip.
	 * @param namespace the tenant's namespace
	 * @param exactDigests exact digests
	 * @return the id under each digest, {@code null} where there is no entry
	 */
	public List<String> entryIds(TenantNamespace namespace, List<String> exactDigests) {
		return readFields(namespace, exactDigests, List.of("id")).stream().map((values) -> values.get(0)).toList();
	}

	/**
	 * An entry's stored request, read only when a prompt-prefix invalidation needs it.
	 * @param namespace the tenant's namespace
	 * @param exactDigest the entry's exact digest
	 * @return the request (JSON text), {@code null} if the entry is gone
	 */
	public String requestJson(TenantNamespace namespace, String exactDigest) {
		Object request = this.redis.opsForHash().get(namespace.entryKey(exactDigest), "request");
		return (request != null) ? request.toString() : null;
	}

	/**
	 * Marks an entry as a wrong semantic answer, so that it is no longer served
	 * semantically.
	 * @param namespace the tenant's namespace
	 * @param exactDigest the entry's exact digest
	 * @param entryId the entry id the caller named
	 * @return {@code true} if the entry exists with that id
	 */
	public boolean flagWrong(TenantNamespace namespace, String exactDigest, String entryId) {
		Long flagged = this.redis.execute(EntryScripts.FLAG_WRONG, List.of(namespace.entryKey(exactDigest)), entryId);
		this.near.evict(namespace.entryKey(exactDigest));
		return flagged != null && flagged == 1L;
	}

	/**
	 * Deletes entries that still have the given ids, with their pointers and index
	 * memberships. Their memberships are read first; an entry replaced in between is not
	 * the one named and is left alone.
	 * @param namespace the tenant's namespace
	 * @param entries entry ids by exact digest
	 * @return how many were deleted, and which of them had a vector
	 */
	public Deletion delete(TenantNamespace namespace, Map<String, String> entries) {
		if (entries.isEmpty()) {
			return Deletion.NONE;
		}
		List<String> digests = List.copyOf(entries.keySet());
		List<List<String>> read = readFields(namespace, digests, EntryFields.MEMBERSHIPS);
		List<String> keys = new ArrayList<>();
		List<String> args = new ArrayList<>();
		for (int i = 0; i < digests.size(); i++) {
			String digest = digests.get(i);
			Memberships entry = Memberships.of(namespace, read.get(i), this.fields);
			if (entry == null || !entry.id().equals(entries.get(digest))) {
				continue;
			}
			List<String> own = new ArrayList<>(List.of(namespace.entryKey(digest), entry.pointerKey()));
			if (entry.continuationKey() != null) {
				own.add(entry.continuationKey());
			}
			own.add(namespace.allIndexKey());
			own.addAll(entry.indexKeys());
			keys.addAll(own);
			args.addAll(List.of(digest, entry.id(), (entry.continuationName() != null) ? entry.continuationName() : "",
					entry.vector() ? "1" : "", Integer.toString(own.size())));
		}
		if (keys.isEmpty()) {
			return Deletion.NONE;
		}
		List<?> result = this.redis.execute(EntryScripts.DELETE, keys, args.toArray());
		keys.forEach(this.near::evict);
		return new Deletion(Long.parseLong(result.get(0).toString()),
				result.subList(1, result.size()).stream().map(Object::toString).toList());
	}

	/**
	 * The tags of an entry as its {@code tags} field holds them.
	 * @param tagsJson the field's value
	 * @return the tags
	 */
	public List<String> tagsOf(String tagsJson) {
		return this.fields.tags(tagsJson);
	}

	/**
	 * How many entries of a namespace have not expired.
	 * @param namespace the tenant's namespace
	 * @return the count
	 */
	public long liveEntries(TenantNamespace namespace) {
		Long live = this.redis.opsForZSet()
			.count(namespace.allIndexKey(), System.currentTimeMillis() + 1, Double.POSITIVE_INFINITY);
		return (live != null) ? live : 0;
	}

	private Rows read(TenantNamespace namespace, List<String> exactDigests, List<String> names) {
		List<String> keys = new ArrayList<>(exactDigests.size() + 1);
		keys.add(namespace.controlKey());
		exactDigests.stream().map(namespace::entryKey).forEach(keys::add);
		List<?> values = this.redis.execute(EntryScripts.READ, keys, names.toArray());
		List<List<?>> rows = new ArrayList<>(exactDigests.size());
		for (int i = 0; i < exactDigests.size(); i++) {
			int from = 1 + i * names.size();
			rows.add(values.subList(from, from + names.size()));
		}
		return new Rows(sequenceOf(values), rows);
	}

	private static long sequenceOf(List<?> values) {
		return Long.parseLong(values.get(0).toString());
	}

	/**
	 * Values read from several entries.
	 *
	 * @param sequence the namespace's invalidation sequence number at the read
	 * @param values per entry, the values of the fields asked for
	 */
	private record Rows(long sequence, List<List<?>> values) {

	}

}
