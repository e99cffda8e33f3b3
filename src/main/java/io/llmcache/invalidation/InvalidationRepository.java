package io.llmcache.invalidation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.entry.near.NearCache;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/**
 * Keeps invalidation rules in Redis, and reads what invalidations count and sweep.
 * <p>
 * Key layout, beside the entries of {@link EntryRepository} ({@code P} is the partition
 * prefix):
 * <ul>
 * <li>{@code P ctl} (hash): {@code seq}, the namespace's invalidation sequence number;
 * {@code swept}, the highest sequence number whose entries the sweeper has deleted
 * ({@code maxexp}, the latest expiry of any entry, in namespaces of earlier versions:
 * still read; the latest expiry is now the top score of {@code P x:all}). Without a TTL
 * while rules exist, so that it is never evicted (the service needs a {@code volatile-*}
 * or {@code noeviction} {@code maxmemory-policy}); otherwise it expires with the last
 * entry. Only invalidations write it; each write drops every near-cached entry of the
 * namespace on every replica. A new sequence number is at least the current time in
 * milliseconds, so numbers keep growing even if this hash expired in between.</li>
 * <li>{@code P inv} (hash): rule sequence number to {@code "<keep-until-ms> <json>"}.
 * Without a TTL; the sweeper removes a rule once every entry it could cover has expired
 * and no store token issued before it is still valid.</li>
 * <li>{@code P sweep} (string with a TTL): the sweeper's lease on the namespace.</li>
 * <li>{@code llmc:{sweeps}:partitions} (set): the namespaces that have rules, for the
 * sweepers of all replicas. Written before a rule is recorded.</li>
 * </ul>
 */
@Repository
class InvalidationRepository {

	static final String SWEEPS_KEY = TenantNamespace.sharedKey("sweeps", "partitions");

	/**
	 * The latest expiry of any entry of the namespace: the top score of the index of all
	 * entries (KEYS[3]), or {@code maxexp} of the control hash (KEYS[1]) where an earlier
	 * version kept it.
	 */
	private static final String LATEST_EXPIRY = """
			local function latestExpiry()
			  local top = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
			  local latest = tonumber(top[2] or '0')
			  return math.max(latest, tonumber(redis.call('HGET', KEYS[1], 'maxexp') or '0'))
			end
			""";

	/**
	 * KEYS: control, rules, all entries. ARGV: now ms, keep-until floor ms, rule JSON,
	 * most rules. Answers {seq, keep-until}, or {-1} when the namespace has too many
	 * rules.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> RECORD = RedisScript.of(LATEST_EXPIRY + """
			if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[4]) then
			  return {-1}
			end
			local seq = math.max(tonumber(redis.call('HGET', KEYS[1], 'seq') or '0') + 1, tonumber(ARGV[1]))
			local keep = math.max(latestExpiry(), tonumber(ARGV[2]))
			local seqText = string.format('%d', seq)
			redis.call('HSET', KEYS[2], seqText, string.format('%d', keep) .. ' ' .. ARGV[3])
			redis.call('HSET', KEYS[1], 'seq', seqText)
			redis.call('PERSIST', KEYS[1])
			return {seq, keep}
			""", List.class);

	/** KEYS: control, rules. Answers {seq, swept, field, value, ...}. */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> LOAD = RedisScript.of("""
			local values = redis.call('HGETALL', KEYS[2])
			table.insert(values, 1, redis.call('HGET', KEYS[1], 'swept') or '0')
			table.insert(values, 1, redis.call('HGET', KEYS[1], 'seq') or '0')
			return values
			""", List.class);

	/**
	 * KEYS: control, rules, all entries. ARGV: now ms. Removes rules kept until before
	 * now; when none is left, lets the control hash expire with the last entry. Answers
	 * how many rules are left.
	 */
	private static final RedisScript<Long> PRUNE = RedisScript.of(LATEST_EXPIRY + """
			local now = tonumber(ARGV[1])
			local rules = redis.call('HGETALL', KEYS[2])
			for i = 1, #rules, 2 do
			  local keep = tonumber(string.match(rules[i + 1], '^(%d+) '))
			  if keep < now then
			    redis.call('HDEL', KEYS[2], rules[i])
			  end
			end
			local left = redis.call('HLEN', KEYS[2])
			if left == 0 then
			  local maxexp = latestExpiry()
			  if maxexp > now then
			    redis.call('PEXPIREAT', KEYS[1], string.format('%d', maxexp))
			  else
			    redis.call('DEL', KEYS[1])
			  end
			end
			return left
			""", Long.class);

	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  return redis.call('DEL', KEYS[1])
			end
			return 0
			""", Long.class);

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final NearCache near;

	InvalidationRepository(StringRedisTemplate redis, JsonMapper json, NearCache near) {
		this.redis = redis;
		this.json = json;
		this.near = near;
	}

	/**
	 * Records a rule under the next sequence number of its namespace.
	 * @param partition the partition
	 * @param rule the rule (its sequence number is ignored)
	 * @param now the current time
	 * @param keepAtLeast keep the rule at least until this time (entries stored before it
	 * expire no later, and store tokens issued before it are no longer valid)
	 * @param maxRules the most rules a namespace may have
	 * @return the rule's sequence number, or -1 if the namespace already has
	 * {@code maxRules}
	 */
	long record(TenantNamespace partition, InvalidationRule rule, Instant now, Instant keepAtLeast, int maxRules) {
		this.redis.opsForSet().add(SWEEPS_KEY, partition.qualifiedName());
		String document = this.json.writeValueAsString(StoredRule.of(rule));
		List<?> result = this.redis.execute(RECORD,
				List.of(partition.controlKey(), partition.rulesKey(), partition.allIndexKey()),
				Long.toString(now.toEpochMilli()), Long.toString(keepAtLeast.toEpochMilli()), document,
				Integer.toString(maxRules));
		this.near.evict(partition.controlKey());
		return Long.parseLong(result.get(0).toString());
	}

	/**
	 * The rules of a namespace as of now.
	 * @param partition the partition
	 * @return the rules and how far the sweeper got
	 */
	LoadedRules load(TenantNamespace partition) {
		List<?> values = this.redis.execute(LOAD, List.of(partition.controlKey(), partition.rulesKey()));
		long sequence = Long.parseLong(values.get(0).toString());
		long swept = Long.parseLong(values.get(1).toString());
		List<InvalidationRule> rules = new ArrayList<>();
		for (int i = 2; i + 1 < values.size(); i += 2) {
			String stored = values.get(i + 1).toString();
			StoredRule rule = this.json.readValue(stored.substring(stored.indexOf(' ') + 1), StoredRule.class);
			rules.add(rule.toRule(Long.parseLong(values.get(i).toString())));
		}
		return new LoadedRules(new RuleSet(sequence, rules), swept);
	}

	/**
	 * Remembers that the entries a rule covers have been deleted.
	 * @param partition the partition
	 * @param sequence the rule's sequence number
	 */
	void markSwept(TenantNamespace partition, long sequence) {
		this.redis.opsForHash().put(partition.controlKey(), "swept", Long.toString(sequence));
		this.near.evict(partition.controlKey());
	}

	/**
	 * Removes the rules that can no longer cover anything.
	 * @param partition the partition
	 * @param now the current time
	 * @return how many rules are left
	 */
	long prune(TenantNamespace partition, Instant now) {
		Long left = this.redis.execute(PRUNE,
				List.of(partition.controlKey(), partition.rulesKey(), partition.allIndexKey()),
				Long.toString(now.toEpochMilli()));
		this.near.evict(partition.controlKey());
		if (left != null && left == 0) {
			this.redis.opsForSet().remove(SWEEPS_KEY, partition.qualifiedName());
		}
		return (left != null) ? left : 0;
	}

	/**
	 * Some of the namespaces that have rules.
	 * @param count at most this many
	 * @return their qualified names
	 */
	Set<String> partitionsWithRules(int count) {
		Set<String> members = this.redis.opsForSet().distinctRandomMembers(SWEEPS_KEY, count);
		return (members != null) ? members : Set.of();
	}

	boolean acquireLease(TenantNamespace partition, String owner, Duration duration) {
		return Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(partition.sweepLeaseKey(), owner, duration));
	}

	void releaseLease(TenantNamespace partition, String owner) {
		this.redis.execute(RELEASE, List.of(partition.sweepLeaseKey()), owner);
	}

	/**
	 * How many members an index has, and how many of them have not expired.
	 * @param key the index key
	 * @param now the current time
	 * @return the two counts
	 */
	IndexSize sizeOf(String key, Instant now) {
		ZSetOperations<String, String> zset = this.redis.opsForZSet();
		Long all = zset.zCard(key);
		Long live = zset.count(key, now.toEpochMilli() + 1, Double.POSITIVE_INFINITY);
		return new IndexSize((all != null) ? all : 0, (live != null) ? live : 0);
	}

	/**
	 * Walks an index in batches. Members present for the whole walk are seen at least
	 * once; the batches may repeat some.
	 * @param key the index key
	 * @param batchSize members per batch
	 * @param batch called with each batch of exact digests
	 */
	void scan(String key, int batchSize, Consumer<List<String>> batch) {
		List<String> members = new ArrayList<>(batchSize);
		try (Cursor<ZSetOperations.TypedTuple<String>> cursor = this.redis.opsForZSet()
			.scan(key, ScanOptions.scanOptions().count(batchSize).build())) {
			while (cursor.hasNext()) {
				members.add(cursor.next().getValue());
				if (members.size() == batchSize) {
					batch.accept(List.copyOf(members));
					members.clear();
				}
			}
		}
		if (!members.isEmpty()) {
			batch.accept(List.copyOf(members));
		}
	}

	/**
	 * Removes index members whose entries are gone.
	 * @param key the index key
	 * @param members the exact digests
	 */
	void removeFromIndex(String key, List<String> members) {
		if (!members.isEmpty()) {
			this.redis.opsForZSet().remove(key, members.toArray());
		}
	}

	/**
	 * Rules as loaded.
	 *
	 * @param rules the rules
	 * @param swept the highest sequence number the sweeper has finished
	 */
	record LoadedRules(RuleSet rules, long swept) {

	}

	/**
	 * Sizes of an index.
	 *
	 * @param members all members, expired or not
	 * @param live members that have not expired
	 */
	record IndexSize(long members, long live) {

	}

}
