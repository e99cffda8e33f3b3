package io.llmcache.entry;

import java.util.List;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of the entry store. Every key a script touches arrives in {@code KEYS},
 * made by {@link TenantNamespace}; a script reads and writes, it never builds a key name.
 * Where a script needs keys named by an entry's stored fields (its old tag indexes and
 * continuation field), the caller reads those fields first and passes what it read: the
 * script goes ahead only if the entry still has those fields, so the keys are the entry's
 * own.
 */
final class EntryScripts {

	/** Answer of {@link #STORE} when the entry changed between the read and the store. */
	static final long CHANGED = 2;

	/**
	 * KEYS: entry, pointer, control, the indexes to join (scored sets), the continuation
	 * hash to join if any, the indexes to leave, the continuation hash to leave if any,
	 * the staging hash if the payload is staged ({@link EntryStaging}). ARGV: ttl ms,
	 * expiry ms, now ms, exact digest, expected sequence number ('' for none), the fields
	 * of the entry being replaced that name keys ({@code tags}, {@code cctx},
	 * {@code cname}, each followed by a newline but the last, '' for an absent field),
	 * prompt name to join ('' for none), prompt name to leave ('' for none), how many
	 * indexes to join, how many to leave, '1' if the payload is staged ('' if not), then
	 * the entry's fields and values (without the staged ones). Answers {1, gen} when
	 * stored, {3, seq} when the staging hash is gone, {0, seq} when the sequence number
	 * was not the expected one, {2, seq} when the entry was replaced meanwhile by one in
	 * other indexes (another store of the same request with the same tags does not count:
	 * its keys are the same). The pointer holds the entry's key. Its SET is the script's
	 * first write on purpose: Redis refuses a script's first write that may grow memory
	 * when {@code maxmemory} is reached, but lets every later one through (a removal
	 * first, and a full Redis would take the whole entry). It only reads the control key:
	 * a write would invalidate every near-cached entry of the namespace (the latest
	 * expiry that invalidations need is the top score of {@code P x:all}).
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> STORE = RedisScript.of("""
			local seq = redis.call('HGET', KEYS[3], 'seq') or '0'
			if ARGV[5] ~= '' and ARGV[5] ~= seq then
			  return {0, seq}
			end
			local cur = redis.call('HMGET', KEYS[1], 'tags', 'cctx', 'cname')
			if (cur[1] or '') .. '\\n' .. (cur[2] or '') .. '\\n' .. (cur[3] or '') ~= ARGV[6] then
			  return {2, seq}
			end
			local stage
			if ARGV[11] == '1' then
			  stage = KEYS[#KEYS]
			  if redis.call('EXISTS', stage) == 0 then
			    return {3, seq}
			  end
			end
			local ttl, expires, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
			redis.call('SET', KEYS[2], KEYS[1], 'PX', ttl)
			local member, join, leave = ARGV[4], ARGV[7], ARGV[8]
			local joins, leaves = tonumber(ARGV[9]), tonumber(ARGV[10])
			local k = 4 + joins
			local joinKey
			if join ~= '' then
			  joinKey = KEYS[k]
			  k = k + 1
			end
			for i = k, k + leaves - 1 do
			  redis.call('ZREM', KEYS[i], member)
			end
			k = k + leaves
			if leave ~= '' and redis.call('HGET', KEYS[k], leave) == member then
			  redis.call('HDEL', KEYS[k], leave)
			end
			redis.call('DEL', KEYS[1])
			if stage then
			  redis.call('RENAME', stage, KEYS[1])
			end
			redis.call('HSET', KEYS[1], 'gen', seq, unpack(ARGV, 12))
			redis.call('PEXPIRE', KEYS[1], ttl)
			if joinKey then
			  redis.call('HSET', joinKey, join, member)
			  if redis.call('PTTL', joinKey) < ttl then
			    redis.call('PEXPIRE', joinKey, ttl)
			  end
			end
			for i = 4, 3 + joins do
			  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
			  redis.call('ZADD', KEYS[i], expires, member)
			  if redis.call('PTTL', KEYS[i]) < ttl then
			    redis.call('PEXPIRE', KEYS[i], ttl)
			  end
			end
			return {1, seq}
			""", List.class);

	/**
	 * KEYS: per entry, its hash, its pointer, its continuation hash if it has one, then
	 * the indexes it is in. ARGV: per entry, five values: exact digest, id, prompt name
	 * ('' for none), whether it has a vector ('1' or ''), how many keys are its. Deletes
	 * each entry that still has that id, its pointer and its continuation field if they
	 * still point to it, and its index memberships. Answers how many, then the digests of
	 * those that had a vector.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> DELETE = RedisScript.of(
			"""
					local k, deleted, vectors = 1, 0, {}
					for i = 1, #ARGV, 5 do
					  local member, id, name, vector, count = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], tonumber(ARGV[i + 4])
					  local entry, pointer = KEYS[k], KEYS[k + 1]
					  if redis.call('HGET', entry, 'id') == id then
					    redis.call('DEL', entry)
					    local target = redis.call('GET', pointer)
					    if target == entry or target == member then
					      redis.call('DEL', pointer)
					    end
					    local first = k + 2
					    if name ~= '' then
					      if redis.call('HGET', KEYS[first], name) == member then
					        redis.call('HDEL', KEYS[first], name)
					      end
					      first = first + 1
					    end
					    for z = first, k + count - 1 do
					      redis.call('ZREM', KEYS[z], member)
					    end
					    if vector == '1' then
					      table.insert(vectors, member)
					    end
					    deleted = deleted + 1
					  end
					  k = k + count
					end
					table.insert(vectors, 1, deleted)
					return vectors
					""",
			List.class);

	/** KEYS: control, then entries. ARGV: fields. Answers {seq, values of each...}. */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> READ = RedisScript.of("""
			local out = {redis.call('HGET', KEYS[1], 'seq') or '0'}
			for i = 2, #KEYS do
			  local values = redis.call('HMGET', KEYS[i], unpack(ARGV))
			  for j = 1, #ARGV do
			    out[#out + 1] = values[j]
			  end
			end
			return out
			""", List.class);

	/**
	 * Follows a normalized pointer and reads the entry it names in one round trip. KEYS:
	 * pointer, control. ARGV: fields. Answers {seq} or {seq, target, values...}; the
	 * target is the entry's key (a bare exact digest in pointers written before keys were
	 * kept there, whose entry the caller then reads itself).
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> FOLLOW_POINTER = RedisScript.of("""
			local seq = redis.call('HGET', KEYS[2], 'seq') or '0'
			local target = redis.call('GET', KEYS[1])
			if not target then
			  return {seq}
			end
			local values = redis.call('HMGET', target, unpack(ARGV))
			table.insert(values, 1, target)
			table.insert(values, 1, seq)
			return values
			""", List.class);

	/** KEYS: entry. ARGV: entry id. Flags the entry if it still has that id. */
	static final RedisScript<Long> FLAG_WRONG = RedisScript.of("""
			if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then
			  return 0
			end
			redis.call('HSET', KEYS[1], 'fb', 'wrong')
			return 1
			""", Long.class);

	private EntryScripts() {
	}

}
