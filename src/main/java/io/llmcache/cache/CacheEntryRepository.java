package io.llmcache.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.llmcache.stats.EntryCounter;
import io.llmcache.system.Digests;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/**
 * Keeps cache entries and their indexes in Redis.
 * <p>
 * Key layout. Every key starts with the partition prefix {@code P = llmc:{tenant/ns}:}
 * (see {@link Partition}); the hash tag puts a namespace's keys in one Cluster slot, so
 * every script below touches keys of one slot only.
 * <table>
 * <caption>Redis keys of cache entries</caption>
 * <tr>
 * <th>key</th>
 * <th>type</th>
 * <th>TTL</th>
 * <th>what</th>
 * </tr>
 * <tr>
 * <td>{@code P e:<exact-digest>}</td>
 * <td>hash: {@code id, gen, model, mdig, exact, norm, ndigest, request, response, tags,
 * metadata, created, expires}, and {@code ctx, stext, vec, fb} with a vector,
 * {@code cctx, cname} when indexed for continuation hits</td>
 * <td>the entry's TTL</td>
 * <td>the entry</td>
 * </tr>
 * <tr>
 * <td>{@code P n:<normalized-digest>}</td>
 * <td>string: the exact digest of the newest entry with this normalized form</td>
 * <td>the entry's TTL</td>
 * <td>normalized lookups</td>
 * </tr>
 * <tr>
 * <td>{@code P x:all}, {@code P x:m:<model-hash>}, {@code P x:t:<tag>}</td>
 * <td>sorted sets of exact digests scored by expiry (ms)</td>
 * <td>the longest TTL of their members</td>
 * <td>the entries of the namespace, of a model, with a tag: what invalidations count and
 * sweep. Expired members are dropped by the next store that touches the index.</td>
 * </tr>
 * <tr>
 * <td>{@code P c:<context-digest>}</td>
 * <td>hash: prompt name (see {@link io.llmcache.continuation.PromptCuts}) to exact
 * digest</td>
 * <td>the longest TTL of its entries</td>
 * <td>completion-form entries by prompt, for continuation hits; a deleted entry's field
 * goes with it, an expired one's with the hash</td>
 * </tr>
 * <tr>
 * <td>{@code P ctl}</td>
 * <td>hash: {@code seq} (invalidation sequence number), {@code maxexp} (latest expiry of
 * any entry), {@code swept}</td>
 * <td>none while invalidation rules exist, else until {@code maxexp}</td>
 * <td>see {@link InvalidationRepository}</td>
 * </tr>
 * </table>
 * Digests are unpadded base64url SHA-256 of the canonical forms. A store replaces the
 * entry hash whole, sets its pointer and its index memberships in one script, and stamps
 * the entry with the sequence number in force ({@code gen}), so a failure never leaves
 * half an entry and a store is ordered before or after every invalidation.
 *
 * @author llm-cache developers
 */
@Repository
class CacheEntryRepository implements EntryCounter {

	/**
	 * KEYS: entry, pointer, control, the continuation hash if the entry has a prompt
	 * name, then the indexes (all, model, tags). ARGV: ttl ms, expiry ms, now ms, exact
	 * digest, expected sequence number ('' for none), partition prefix, prompt name (''
	 * for none), then the entry's fields and values. Answers {1, gen} when stored, {0,
	 * seq} when the sequence number was not the expected one.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> STORE = RedisScript.of("""
			local seq = redis.call('HGET', KEYS[3], 'seq') or '0'
			if ARGV[5] ~= '' and ARGV[5] ~= seq then
			  return {0, seq}
			end
			local ttl, expires, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
			local member, prefix, name = ARGV[4], ARGV[6], ARGV[7]
			local old = redis.call('HMGET', KEYS[1], 'mdig', 'tags', 'cctx', 'cname')
			if old[1] then
			  redis.call('ZREM', prefix .. 'x:sem', member)
			  redis.call('ZREM', prefix .. 'x:m:' .. old[1], member)
			  for _, tag in ipairs(cjson.decode(old[2])) do
			    redis.call('ZREM', prefix .. 'x:t:' .. tag, member)
			  end
			  if old[3] and redis.call('HGET', prefix .. 'c:' .. old[3], old[4]) == member then
			    redis.call('HDEL', prefix .. 'c:' .. old[3], old[4])
			  end
			end
			redis.call('DEL', KEYS[1])
			redis.call('HSET', KEYS[1], 'gen', seq, unpack(ARGV, 8))
			redis.call('PEXPIRE', KEYS[1], ttl)
			redis.call('SET', KEYS[2], member, 'PX', ttl)
			local first = 4
			if name ~= '' then
			  redis.call('HSET', KEYS[4], name, member)
			  if redis.call('PTTL', KEYS[4]) < ttl then
			    redis.call('PEXPIRE', KEYS[4], ttl)
			  end
			  first = 5
			end
			for i = first, #KEYS do
			  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
			  redis.call('ZADD', KEYS[i], expires, member)
			  if redis.call('PTTL', KEYS[i]) < ttl then
			    redis.call('PEXPIRE', KEYS[i], ttl)
			  end
			end
			local existed = redis.call('EXISTS', KEYS[3])
			if expires > tonumber(redis.call('HGET', KEYS[3], 'maxexp') or '0') then
			  redis.call('HSET', KEYS[3], 'maxexp', ARGV[2])
			end
			local pttl = redis.call('PTTL', KEYS[3])
			if existed == 0 or (pttl >= 0 and pttl < ttl) then
			  redis.call('PEXPIRE', KEYS[3], ttl)
			end
			return {1, seq}
			""", List.class);

	/**
	 * KEYS: a key of the partition (routes the call). ARGV: partition prefix, then pairs
	 * of exact digest and entry id. Deletes each entry that still has that id, its
	 * pointer and its continuation field if they still point to it, and its index
	 * memberships. Answers how many, then the digests of those that had a vector.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> DELETE = RedisScript.of("""
			local prefix, deleted, vectors = ARGV[1], 0, {}
			for i = 2, #ARGV, 2 do
			  local member, key = ARGV[i], prefix .. 'e:' .. ARGV[i]
			  local e = redis.call('HMGET', key, 'id', 'ndigest', 'mdig', 'tags', 'ctx', 'cctx', 'cname')
			  if e[1] == ARGV[i + 1] then
			    if e[5] then
			      table.insert(vectors, member)
			      redis.call('ZREM', prefix .. 'x:sem', member)
			    end
			    redis.call('DEL', key)
			    local pointer = prefix .. 'n:' .. e[2]
			    if redis.call('GET', pointer) == member then
			      redis.call('DEL', pointer)
			    end
			    if e[6] and redis.call('HGET', prefix .. 'c:' .. e[6], e[7]) == member then
			      redis.call('HDEL', prefix .. 'c:' .. e[6], e[7])
			    end
			    redis.call('ZREM', prefix .. 'x:all', member)
			    redis.call('ZREM', prefix .. 'x:m:' .. e[3], member)
			    for _, tag in ipairs(cjson.decode(e[4])) do
			      redis.call('ZREM', prefix .. 'x:t:' .. tag, member)
			    end
			    deleted = deleted + 1
			  end
			end
			table.insert(vectors, 1, deleted)
			return vectors
			""", List.class);

	/** KEYS: entry, control. ARGV: fields. Answers {seq, values...}. */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> READ = RedisScript.of("""
			local values = redis.call('HMGET', KEYS[1], unpack(ARGV))
			table.insert(values, 1, redis.call('HGET', KEYS[2], 'seq') or '0')
			return values
			""", List.class);

	/**
	 * Follows a normalized pointer and reads the entry it names in one round trip. KEYS:
	 * pointer, control. ARGV: entry key prefix, fields. Answers {seq} or {seq, digest,
	 * values...}.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> FOLLOW_POINTER = RedisScript.of("""
			local seq = redis.call('HGET', KEYS[2], 'seq') or '0'
			local digest = redis.call('GET', KEYS[1])
			if not digest then
			  return {seq}
			end
			local values = redis.call('HMGET', ARGV[1] .. digest, unpack(ARGV, 2))
			table.insert(values, 1, digest)
			table.insert(values, 1, seq)
			return values
			""", List.class);

	/**
	 * KEYS: a key of the partition (routes the call). ARGV: partition prefix, then exact
	 * digests. Answers the id of the entry under each digest, or nil.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> READ_IDS = RedisScript.of("""
			local ids = {}
			for i = 2, #ARGV do
			  ids[i - 1] = redis.call('HGET', ARGV[1] .. 'e:' .. ARGV[i], 'id')
			end
			return ids
			""", List.class);

	private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
	};

	private static final List<String> ALL_FIELDS = List.of("id", "gen", "model", "exact", "norm", "ndigest", "request",
			"response", "tags", "metadata", "created", "expires", "ctx", "stext", "fb");

	/** A lookup never returns the stored request, so it does not read it. */
	private static final List<String> LOOKUP_FIELDS = ALL_FIELDS.stream()
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
	 * @param now the current time, to drop expired index members
	 * @param expectedSequence store only if the namespace's invalidation sequence number
	 * is still this one; {@code null} to store regardless
	 * @return whether it was stored, and the sequence number it was stored at or that
	 * differed
	 */
	StoreOutcome save(Partition partition, String exactDigest, StoredEntry entry, Duration ttl, Instant now,
			Long expectedSequence) {
		List<String> keys = new ArrayList<>(List.of(partition.entryKey(exactDigest),
				partition.pointerKey(entry.normalizedDigest()), partition.controlKey()));
		StoredEntry.ContinuationData continuation = entry.continuation();
		if (continuation != null) {
			keys.add(partition.continuationKey(continuation.context()));
		}
		keys.addAll(List.of(partition.allIndexKey(), partition.modelIndexKey(entry.model())));
		entry.tags().stream().distinct().map(partition::tagIndexKey).forEach(keys::add);
		if (entry.semantic() != null) {
			keys.add(partition.semanticIndexKey());
		}
		List<String> args = new ArrayList<>(List.of(Long.toString(ttl.toMillis()),
				Long.toString(entry.expiresAt().toEpochMilli()), Long.toString(now.toEpochMilli()), exactDigest,
				(expectedSequence != null) ? expectedSequence.toString() : "", partition.keyPrefix(),
				(continuation != null) ? continuation.name() : ""));
		args.addAll(List.of("id", entry.entryId(), "model", entry.model(), "mdig", Digests.shortSha256(entry.model()),
				"exact", entry.exactCanonical(), "norm", entry.normalizedCanonical(), "ndigest",
				entry.normalizedDigest(), "request", entry.requestJson(), "response", entry.responseJson(), "tags",
				this.json.writeValueAsString(entry.tags()), "metadata", this.json.writeValueAsString(entry.metadata()),
				"created", Long.toString(entry.createdAt().toEpochMilli()), "expires",
				Long.toString(entry.expiresAt().toEpochMilli())));
		if (entry.semantic() != null) {
			args.addAll(List.of("ctx", entry.semantic().context(), "stext", entry.semantic().text(), "vec",
					entry.semantic().vector()));
		}
		if (continuation != null) {
			args.addAll(List.of("cctx", continuation.context(), "cname", continuation.name()));
		}
		List<?> result = this.redis.execute(STORE, keys, args.toArray());
		return new StoreOutcome(Long.valueOf(1L).equals(result.get(0)), Long.parseLong(result.get(1).toString()));
	}

	/**
	 * Reads the entry stored under an exact digest.
	 * @param partition the partition
	 * @param exactDigest the exact key's digest
	 * @param withRequest whether to read the stored request too ({@code null} otherwise)
	 * @return the entry, if there is one, and the namespace's invalidation sequence
	 * number
	 */
	Read findByExactDigest(Partition partition, String exactDigest, boolean withRequest) {
		List<String> names = withRequest ? ALL_FIELDS : LOOKUP_FIELDS;
		List<?> values = this.redis.execute(READ, List.of(partition.entryKey(exactDigest), partition.controlKey()),
				names.toArray());
		return new Read(sequenceOf(values), toEntry(names, values.subList(1, values.size())));
	}

	/**
	 * Reads the newest entry with a normalized form, following its pointer inside Redis.
	 * @param partition the partition
	 * @param normalizedDigest the normalized key's digest
	 * @return the entry, if there is one, and the namespace's invalidation sequence
	 * number
	 */
	Read findByNormalizedDigest(Partition partition, String normalizedDigest) {
		List<Object> args = new ArrayList<>(LOOKUP_FIELDS.size() + 1);
		args.add(partition.keyPrefix() + "e:");
		args.addAll(LOOKUP_FIELDS);
		List<?> values = this.redis.execute(FOLLOW_POINTER,
				List.of(partition.pointerKey(normalizedDigest), partition.controlKey()), args.toArray());
		if (values.size() < 3) {
			return new Read(sequenceOf(values), Optional.empty());
		}
		return new Read(sequenceOf(values), toEntry(LOOKUP_FIELDS, values.subList(2, values.size())));
	}

	/**
	 * The exact digests of the entries indexed under some prompt names in a continuation
	 * context, in one command.
	 * @param partition the partition
	 * @param context the continuation context digest
	 * @param names the prompt names, in the order wanted
	 * @return the digests found, in that order, each once
	 */
	List<String> findByPromptNames(Partition partition, String context, List<String> names) {
		if (names.isEmpty()) {
			return List.of();
		}
		List<Object> found = this.redis.opsForHash()
			.multiGet(partition.continuationKey(context), new ArrayList<>(names));
		return found.stream().filter(Objects::nonNull).map(Object::toString).distinct().toList();
	}

	/**
	 * The ids of the entries stored now under some exact digests, in one round trip.
	 * @param partition the partition
	 * @param digests exact digests
	 * @return the id under each digest, {@code null} where there is no entry
	 */
	List<String> entryIds(Partition partition, List<String> digests) {
		if (digests.isEmpty()) {
			return List.of();
		}
		List<String> args = new ArrayList<>(digests.size() + 1);
		args.add(partition.keyPrefix());
		args.addAll(digests);
		List<?> ids = this.redis.execute(READ_IDS, List.of(partition.controlKey()), args.toArray());
		List<String> result = new ArrayList<>(digests.size());
		for (int i = 0; i < digests.size(); i++) {
			Object id = (i < ids.size()) ? ids.get(i) : null;
			result.add((id != null) ? id.toString() : null);
		}
		return result;
	}

	/**
	 * An entry's stored request, read only when a prompt-prefix invalidation needs it.
	 * @param partition the partition
	 * @param exactDigest the entry's exact digest
	 * @return the request (JSON text), {@code null} if the entry is gone
	 */
	String requestJson(Partition partition, String exactDigest) {
		Object request = this.redis.opsForHash().get(partition.entryKey(exactDigest), "request");
		return (request != null) ? request.toString() : null;
	}

	/**
	 * Deletes entries that still have the given ids, with their pointers and index
	 * memberships.
	 * @param partition the partition
	 * @param entries entry ids by exact digest
	 * @return how many were deleted, and which of them had a vector
	 */
	Deletion delete(Partition partition, Map<String, String> entries) {
		if (entries.isEmpty()) {
			return new Deletion(0, List.of());
		}
		List<String> args = new ArrayList<>(entries.size() * 2 + 1);
		args.add(partition.keyPrefix());
		entries.forEach((digest, id) -> {
			args.add(digest);
			args.add(id);
		});
		List<?> result = this.redis.execute(DELETE, List.of(partition.controlKey()), args.toArray());
		return new Deletion(Long.parseLong(result.get(0).toString()),
				result.subList(1, result.size()).stream().map(Object::toString).toList());
	}

	@Override
	public long liveEntries(String tenant, String namespace) {
		Long live = this.redis.opsForZSet()
			.count(new Partition(tenant, namespace).allIndexKey(), System.currentTimeMillis() + 1,
					Double.POSITIVE_INFINITY);
		return (live != null) ? live : 0;
	}

	private static long sequenceOf(List<?> values) {
		return Long.parseLong(values.get(0).toString());
	}

	/** An entry from its field names and values; empty if the hash did not exist. */
	private Optional<StoredEntry> toEntry(List<String> names, List<?> values) {
		if (values.size() != names.size() || values.get(0) == null) {
			return Optional.empty();
		}
		Map<String, String> fields = new HashMap<>();
		for (int i = 0; i < names.size(); i++) {
			fields.put(names.get(i), (values.get(i) != null) ? values.get(i).toString() : null);
		}
		return Optional.of(new StoredEntry(fields.get("id"), Long.parseLong(fields.getOrDefault("gen", "0")),
				fields.get("model"), fields.get("exact"), fields.get("norm"), fields.get("ndigest"),
				fields.get("request"), fields.get("response"), semanticOf(fields), null,
				readOrDefault(fields.get("tags"), STRING_LIST, List.of()),
				readOrDefault(fields.get("metadata"), STRING_MAP, Map.of()), instant(fields.get("created")),
				instant(fields.get("expires"))));
	}

	private static StoredEntry.SemanticData semanticOf(Map<String, String> fields) {
		String context = fields.get("ctx");
		return (context != null)
				? new StoredEntry.SemanticData(context, fields.get("stext"), null, "wrong".equals(fields.get("fb")))
				: null;
	}

	private static Instant instant(String epochMillis) {
		return Instant.ofEpochMilli(Long.parseLong(epochMillis));
	}

	private <T> T readOrDefault(String text, TypeReference<T> type, T fallback) {
		return (text != null) ? this.json.readValue(text, type) : fallback;
	}

	/**
	 * The outcome of a store.
	 *
	 * @param stored whether the entry was written
	 * @param sequence the invalidation sequence number it was stored at, or the one that
	 * differed from the expected one
	 */
	record StoreOutcome(boolean stored, long sequence) {

	}

	/**
	 * The outcome of a delete.
	 *
	 * @param deleted how many entries were deleted
	 * @param withVectors the exact digests of those that had a vector
	 */
	record Deletion(long deleted, List<String> withVectors) {

	}

	/**
	 * The outcome of a read.
	 *
	 * @param sequence the namespace's invalidation sequence number at the read
	 * @param entry the entry, if there was one
	 */
	record Read(long sequence, Optional<StoredEntry> entry) {

	}

}
