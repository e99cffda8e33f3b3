package io.llmcache.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/**
 * Keeps cache entries in Redis. The only class of this feature that talks to Redis.
 * <p>
 * Key layout. Every key starts with the partition prefix {@code P = llmc:{tenant/ns}:}
 * (see {@link Partition}); the hash tag puts a namespace's keys in one Cluster slot so
 * the scripts below touch only keys of one slot, all declared in {@code KEYS}.
 * <table>
 * <caption>Redis keys of cache entries</caption>
 * <tr>
 * <th>key</th>
 * <th>type</th>
 * <th>TTL</th>
 * <th>written by</th>
 * <th>read by</th>
 * </tr>
 * <tr>
 * <td>{@code P e:<exact-digest>}</td>
 * <td>hash: {@code id, model, exact, norm,
 * ndigest, request, response, tags, metadata, created, expires}</td>
 * <td>the entry's TTL</td>
 * <td>store (script), delete (script)</td>
 * <td>exact lookup, normalized lookup, get, delete</td>
 * </tr>
 * <tr>
 * <td>{@code P n:<normalized-digest>}</td>
 * <td>string: the exact digest of the newest entry with this normalized form</td>
 * <td>the entry's TTL</td>
 * <td>store (script), delete (script)</td>
 * <td>normalized lookup</td>
 * </tr>
 * </table>
 * Digests are unpadded base64url SHA-256 of the canonical forms. A store replaces the
 * entry hash whole and sets its pointer in one script, so a failure never leaves half an
 * entry; both keys carry the same TTL, so neither outlives the other for long.
 *
 * @author llm-cache developers
 */
@Repository
class CacheEntryRepository {

	private static final RedisScript<Long> STORE = RedisScript.of("""
			redis.call('DEL', KEYS[1])
			redis.call('HSET', KEYS[1], unpack(ARGV, 3))
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[1])
			return 1
			""", Long.class);

	private static final RedisScript<Long> DELETE = RedisScript.of("""
			if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then
			  return 0
			end
			redis.call('DEL', KEYS[1])
			if redis.call('GET', KEYS[2]) == ARGV[2] then
			  redis.call('DEL', KEYS[2])
			end
			return 1
			""", Long.class);

	/**
	 * Follows a normalized pointer and reads the entry it names in one round trip. The
	 * entry key is built inside the script from the partition prefix: it lies in the same
	 * Cluster slot as the declared pointer key (same hash tag).
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> FOLLOW_POINTER = RedisScript.of("""
			local digest = redis.call('GET', KEYS[1])
			if not digest then
			  return nil
			end
			local values = redis.call('HMGET', ARGV[1] .. digest, unpack(ARGV, 2))
			table.insert(values, 1, digest)
			return values
			""", List.class);

	private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
	};

	private static final List<Object> ALL_FIELDS = List.of("id", "model", "exact", "norm", "ndigest", "request",
			"response", "tags", "metadata", "created", "expires");

	/** A lookup never returns the stored request, so it does not read it. */
	private static final List<Object> LOOKUP_FIELDS = ALL_FIELDS.stream()
		.filter((field) -> !"request".equals(field))
		.toList();

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	CacheEntryRepository(StringRedisTemplate redis, JsonMapper json) {
		this.redis = redis;
		this.json = json;
	}

	/**
	 * Stores an entry, replacing any entry with the same exact key.
	 * @param partition the partition
	 * @param exactDigest the exact key's digest
	 * @param entry the entry
	 * @param ttl its time to live
	 */
	void save(Partition partition, String exactDigest, StoredEntry entry, Duration ttl) {
		List<String> args = new ArrayList<>(List.of(Long.toString(ttl.toMillis()), exactDigest));
		args.addAll(List.of("id", entry.entryId(), "model", entry.model(), "exact", entry.exactCanonical(), "norm",
				entry.normalizedCanonical(), "ndigest", entry.normalizedDigest(), "request", entry.requestJson(),
				"response", entry.responseJson(), "tags", this.json.writeValueAsString(entry.tags()), "metadata",
				this.json.writeValueAsString(entry.metadata()), "created",
				Long.toString(entry.createdAt().toEpochMilli()), "expires",
				Long.toString(entry.expiresAt().toEpochMilli())));
		this.redis.execute(STORE,
				List.of(entryKey(partition, exactDigest), pointerKey(partition, entry.normalizedDigest())),
				args.toArray());
	}

	/**
	 * Reads the entry stored under an exact digest.
	 * @param partition the partition
	 * @param exactDigest the exact key's digest
	 * @param withRequest whether to read the stored request too ({@code null} otherwise)
	 * @return the entry, or empty if there is none
	 */
	Optional<StoredEntry> findByExactDigest(Partition partition, String exactDigest, boolean withRequest) {
		List<Object> names = withRequest ? ALL_FIELDS : LOOKUP_FIELDS;
		return toEntry(names, this.redis.opsForHash().multiGet(entryKey(partition, exactDigest), names));
	}

	/**
	 * Reads the newest entry with a normalized form, following its pointer inside Redis.
	 * @param partition the partition
	 * @param normalizedDigest the normalized key's digest
	 * @return the entry, or empty if there is none
	 */
	Optional<StoredEntry> findByNormalizedDigest(Partition partition, String normalizedDigest) {
		List<Object> args = new ArrayList<>(LOOKUP_FIELDS.size() + 1);
		args.add(partition.keyPrefix() + "e:");
		args.addAll(LOOKUP_FIELDS);
		List<?> values = this.redis.execute(FOLLOW_POINTER, List.of(pointerKey(partition, normalizedDigest)),
				args.toArray());
		if (values == null || values.size() < 2) {
			return Optional.empty();
		}
		return toEntry(LOOKUP_FIELDS, values.subList(1, values.size()));
	}

	/**
	 * Deletes an entry if it still has the given id.
	 * @param partition the partition
	 * @param exactDigest the exact key's digest
	 * @param entryId the entry id the caller named
	 * @return {@code true} if the entry existed and was deleted
	 */
	boolean delete(Partition partition, String exactDigest, String entryId) {
		Object normalizedDigest = this.redis.opsForHash().get(entryKey(partition, exactDigest), "ndigest");
		if (normalizedDigest == null) {
			return false;
		}
		Long deleted = this.redis.execute(DELETE,
				List.of(entryKey(partition, exactDigest), pointerKey(partition, normalizedDigest.toString())), entryId,
				exactDigest);
		return deleted != null && deleted == 1L;
	}

	/** An entry from its field names and values; empty if the hash did not exist. */
	private Optional<StoredEntry> toEntry(List<Object> names, List<?> values) {
		if (values == null || values.size() != names.size() || values.get(0) == null) {
			return Optional.empty();
		}
		Map<Object, String> fields = new HashMap<>();
		for (int i = 0; i < names.size(); i++) {
			fields.put(names.get(i), (values.get(i) != null) ? values.get(i).toString() : null);
		}
		return Optional.of(new StoredEntry(fields.get("id"), fields.get("model"), fields.get("exact"),
				fields.get("norm"), fields.get("ndigest"), fields.get("request"), fields.get("response"),
				readOrDefault(fields.get("tags"), STRING_LIST, List.of()),
				readOrDefault(fields.get("metadata"), STRING_MAP, Map.of()), instant(fields.get("created")),
				instant(fields.get("expires"))));
	}

	private static Instant instant(String epochMillis) {
		return Instant.ofEpochMilli(Long.parseLong(epochMillis));
	}

	private <T> T readOrDefault(String text, TypeReference<T> type, T fallback) {
		return (text != null) ? this.json.readValue(text, type) : fallback;
	}

	static String entryKey(Partition partition, String exactDigest) {
		return partition.keyPrefix() + "e:" + exactDigest;
	}

	static String pointerKey(Partition partition, String normalizedDigest) {
		return partition.keyPrefix() + "n:" + normalizedDigest;
	}

}
