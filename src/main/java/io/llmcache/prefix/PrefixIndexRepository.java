package io.llmcache.prefix;

import io.llmcache.entry.TenantNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/**
 * Keeps the shared prefix index in Redis, so every replica sees the same blocks.
 * <p>
 * Key layout. Every key starts with the partition prefix {@code P = llmc:{tenant/ns}:}
 * (see {@link TenantNamespace}), so a namespace's blocks share one Cluster slot and each
 * script below touches one slot only.
 * <table>
 * <caption>Redis keys of the prefix index</caption>
 * <tr>
 * <th>key</th>
 * <th>type</th>
 * <th>TTL</th>
 * <th>what</th>
 * </tr>
 * <tr>
 * <td>{@code P p:b:<block-id>}</td>
 * <td>hash: {@code v} (check: the second half of the chained hash), {@code n} (tokens
 * from the start to the end of the block), {@code s} (1 if the block ends a segment),
 * {@code e} (the newest entries containing the block: {@code <entryId> <expiry-ms>}
 * pairs, newest first, at most {@code entries-per-block}), {@code k} (stores through the
 * block), {@code l} (lookups whose longest shared prefix ended here)</td>
 * <td>the longest TTL of the entries stored through it</td>
 * <td>written by stores ({@link PrefixIndexer}), read by prefix lookups</td>
 * </tr>
 * <tr>
 * <td>{@code P p:top}</td>
 * <td>sorted set of block ids that end a segment, scored by the tokens their reuse could
 * have saved: {@code n * (k - 1 + l)}; at most {@code top-prefixes} members (the lowest
 * are dropped)</td>
 * <td>the longest TTL of its members</td>
 * <td>prefix analytics; members whose block expired are dropped when listed</td>
 * </tr>
 * </table>
 * A block id is the first 128 bits of the chained hash (unpadded base64url). When a store
 * finds a block id taken by a block with another check (a 128-bit clash), it leaves the
 * block there: the clash costs the newcomer its prefix matches beyond that block, never a
 * wrong claim.
 */
@Repository
class PrefixIndexRepository {

	/** The most blocks one store script writes. */
	static final int BLOCKS_PER_SCRIPT = 64;

	/**
	 * KEYS: the blocks in order, then the top set. ARGV: now ms, expiry ms, entry id,
	 * entries per block, top size, then per block: check, tokens, segment end (0/1), id.
	 */
	private static final RedisScript<Long> STORE = RedisScript.of("""
			local now, exp, id = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
			local maxe, topn = tonumber(ARGV[4]), tonumber(ARGV[5])
			local ttl = exp - now
			local top = KEYS[#KEYS]
			local written = 0
			if ttl <= 0 then return 0 end
			for i = 1, #KEYS - 1 do
			  local a = 5 + (i - 1) * 4
			  local v, n, s, member = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4]
			  local cur = redis.call('HMGET', KEYS[i], 'v', 'e', 'l')
			  if not cur[1] or cur[1] == v then
			    local list = {id, ARGV[2]}
			    if cur[2] then
			      for eid, eexp in string.gmatch(cur[2], '(%S+) (%S+)') do
			        if #list < maxe * 2 and eid ~= id and tonumber(eexp) > now then
			          table.insert(list, eid)
			          table.insert(list, eexp)
			        end
			      end
			    end
			    redis.call('HSET', KEYS[i], 'v', v, 'n', n, 's', s, 'e', table.concat(list, ' '))
			    local k = redis.call('HINCRBY', KEYS[i], 'k', 1)
			    if redis.call('PTTL', KEYS[i]) < ttl then
			      redis.call('PEXPIRE', KEYS[i], ttl)
			    end
			    if s == '1' then
			      local score = tonumber(n) * (k - 1 + tonumber(cur[3] or '0'))
			      if score > 0 then
			        redis.call('ZADD', top, score, member)
			      end
			    end
			    written = written + 1
			  end
			end
			if redis.call('EXISTS', top) == 1 then
			  redis.call('ZREMRANGEBYRANK', top, 0, -(topn + 1))
			  if redis.call('PTTL', top) < ttl then
			    redis.call('PEXPIRE', top, ttl)
			  end
			end
			return written
			""", Long.class);

	/**
	 * KEYS: blocks in order. ARGV: their checks. Answers {tokens, entries} for each block
	 * from the first, up to the first that is missing or has another check.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> WALK = RedisScript.of("""
			local found = {}
			for i = 1, #KEYS do
			  local b = redis.call('HMGET', KEYS[i], 'v', 'n', 'e')
			  if b[1] ~= ARGV[i] then
			    break
			  end
			  table.insert(found, b[2])
			  table.insert(found, b[3] or '')
			end
			return found
			""", List.class);

	/**
	 * KEYS: blocks, then the top set. ARGV: top size, then per block: lookups, id. Adds
	 * the lookups to blocks that still exist and rescores them.
	 */
	private static final RedisScript<Long> COUNT_LOOKUPS = RedisScript.of("""
			local top = KEYS[#KEYS]
			local topn = tonumber(ARGV[1])
			for i = 1, #KEYS - 1 do
			  if redis.call('EXISTS', KEYS[i]) == 1 then
			    local l = redis.call('HINCRBY', KEYS[i], 'l', tonumber(ARGV[i * 2]))
			    local b = redis.call('HMGET', KEYS[i], 'n', 'k', 's')
			    if b[3] == '1' then
			      redis.call('ZADD', top, tonumber(b[1]) * (tonumber(b[2] or '1') - 1 + l), ARGV[i * 2 + 1])
			      local pttl = redis.call('PTTL', KEYS[i])
			      if redis.call('PTTL', top) < pttl then
			        redis.call('PEXPIRE', top, pttl)
			      end
			    end
			  end
			end
			redis.call('ZREMRANGEBYRANK', top, 0, -(topn + 1))
			return 0
			""", Long.class);

	/**
	 * KEYS: the top set, then the blocks of some of its members. ARGV: how many, then
	 * those members, in the same order. Answers {id, tokens, stores, lookups, entries}
	 * per member whose block is live, in order; drops members whose block is gone.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> TOP = RedisScript.of("""
			local out = {}
			local want = tonumber(ARGV[1])
			for i = 2, #KEYS do
			  local b = redis.call('HMGET', KEYS[i], 'n', 'k', 'l', 'e')
			  if not b[1] then
			    redis.call('ZREM', KEYS[1], ARGV[i])
			  elseif #out < want * 5 then
			    table.insert(out, ARGV[i])
			    table.insert(out, b[1])
			    table.insert(out, b[2] or '0')
			    table.insert(out, b[3] or '0')
			    table.insert(out, b[4] or '')
			  end
			end
			return out
			""", List.class);

	private final StringRedisTemplate redis;

	PrefixIndexRepository(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * Records an entry's blocks.
	 * @param partition the partition
	 * @param blocks the blocks of the entry's request, in order
	 * @param entryId the entry
	 * @param nowMillis now
	 * @param expiresAtMillis the entry's expiry
	 * @param entriesPerBlock how many entries a block names
	 * @param topSize how many prefixes the top set keeps
	 * @return how many blocks were written (fewer on a clash of block ids)
	 */
	long store(TenantNamespace partition, List<Block> blocks, String entryId, long nowMillis, long expiresAtMillis,
			int entriesPerBlock, int topSize) {
		// A long prompt has thousands of blocks: written in batches, so that no script
		// holds Redis up for long (blocks are independent; a later batch that fails
		// leaves the earlier ones, as a later store of the prompt would)
		long written = 0;
		for (int from = 0; from < blocks.size(); from += BLOCKS_PER_SCRIPT) {
			written += storeBatch(partition, blocks.subList(from, Math.min(blocks.size(), from + BLOCKS_PER_SCRIPT)),
					entryId, nowMillis, expiresAtMillis, entriesPerBlock, topSize);
		}
		return written;
	}

	private long storeBatch(TenantNamespace partition, List<Block> blocks, String entryId, long nowMillis,
			long expiresAtMillis, int entriesPerBlock, int topSize) {
		List<String> keys = new ArrayList<>(blocks.size() + 1);
		List<String> args = new ArrayList<>(5 + blocks.size() * 4);
		args.addAll(List.of(Long.toString(nowMillis), Long.toString(expiresAtMillis), entryId,
				Integer.toString(entriesPerBlock), Integer.toString(topSize)));
		for (Block block : blocks) {
			String id = block.id();
			keys.add(blockKey(partition, id));
			args.addAll(
					List.of(block.check(), Integer.toString(block.endTokens()), block.segmentEnd() ? "1" : "0", id));
		}
		keys.add(topKey(partition));
		Long written = this.redis.execute(STORE, keys, args.toArray());
		return (written != null) ? written : 0;
	}

	/**
	 * Walks blocks from the first: each must be in the index with the same check.
	 * @param partition the partition
	 * @param blocks the blocks to walk, in order
	 * @return the verified blocks, from the first, as far as the index has them
	 */
	List<IndexedBlock> walk(TenantNamespace partition, List<Block> blocks) {
		if (blocks.isEmpty()) {
			return List.of();
		}
		List<String> keys = new ArrayList<>(blocks.size());
		String[] checks = new String[blocks.size()];
		for (int i = 0; i < blocks.size(); i++) {
			keys.add(blockKey(partition, blocks.get(i).id()));
			checks[i] = blocks.get(i).check();
		}
		List<?> found = this.redis.execute(WALK, keys, (Object[]) checks);
		List<IndexedBlock> verified = new ArrayList<>();
		if (found != null) {
			for (int i = 0; i + 1 < found.size(); i += 2) {
				verified.add(IndexedBlock.parse(Integer.parseInt(String.valueOf(found.get(i))),
						String.valueOf(found.get(i + 1))));
			}
		}
		return verified;
	}

	/**
	 * Adds counted lookups to the blocks of one partition.
	 * @param partition the partition
	 * @param lookups lookups by block id
	 * @param topSize how many prefixes the top set keeps
	 */
	void countLookups(TenantNamespace partition, Map<String, Long> lookups, int topSize) {
		List<String> keys = new ArrayList<>(lookups.size() + 1);
		List<String> args = new ArrayList<>(1 + lookups.size() * 2);
		args.add(Integer.toString(topSize));
		lookups.forEach((id, count) -> {
			keys.add(blockKey(partition, id));
			args.add(Long.toString(count));
			args.add(id);
		});
		keys.add(topKey(partition));
		this.redis.execute(COUNT_LOOKUPS, keys, args.toArray());
	}

	/**
	 * The most shared prefixes of a partition.
	 * @param partition the partition
	 * @param limit how many
	 * @return the prefixes, best first
	 */
	List<SharedPrefix> top(TenantNamespace partition, int limit) {
		// The best members first, twice as many as wanted, as some blocks may be gone.
		Set<String> members = this.redis.opsForZSet().reverseRange(topKey(partition), 0, limit * 2L - 1);
		List<SharedPrefix> prefixes = new ArrayList<>();
		if (members == null || members.isEmpty()) {
			return prefixes;
		}
		List<String> keys = new ArrayList<>(members.size() + 1);
		List<String> args = new ArrayList<>(members.size() + 1);
		keys.add(topKey(partition));
		args.add(Integer.toString(limit));
		for (String member : members) {
			keys.add(blockKey(partition, member));
			args.add(member);
		}
		List<?> found = this.redis.execute(TOP, keys, args.toArray());
		if (found != null) {
			for (int i = 0; i + 4 < found.size(); i += 5) {
				IndexedBlock block = IndexedBlock.parse(Integer.parseInt(String.valueOf(found.get(i + 1))),
						String.valueOf(found.get(i + 4)));
				prefixes.add(new SharedPrefix(String.valueOf(found.get(i)), block.endTokens(),
						Long.parseLong(String.valueOf(found.get(i + 2))),
						Long.parseLong(String.valueOf(found.get(i + 3))), block.entries()));
			}
		}
		return prefixes;
	}

	/** A block of the namespace's prefix index. */
	private static String blockKey(TenantNamespace namespace, String blockId) {
		return namespace.key("p:b:" + blockId);
	}

	/** The namespace's most shared prefixes, scored. */
	private static String topKey(TenantNamespace namespace) {
		return namespace.key("p:top");
	}

	/**
	 * A prefix from the top set.
	 *
	 * @param blockId the id of its last block
	 * @param tokens its length in tokens
	 * @param stores the stores whose requests start with it
	 * @param lookups the lookups whose longest shared prefix it was
	 * @param entries the newest entries that start with it
	 */
	record SharedPrefix(String blockId, int tokens, long stores, long lookups, List<IndexedBlock.EntryRef> entries) {

	}

}
