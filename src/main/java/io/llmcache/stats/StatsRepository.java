package io.llmcache.stats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.llmcache.entry.TenantNamespace;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/**
 * Keeps statistics in Redis: per namespace a hash
 * {@code llmc:{<tenant>/<namespace>}:stats} of counters since it was first used, the same
 * counters per time bucket ({@code …:stats:<resolution>:<bucket>}, see
 * {@link StatsResolution}), and a set {@code llmc:{<tenant>/}:namespaces} of the
 * namespaces that have any. The totals and the set expire {@value #RETENTION_DAYS} days
 * after their last change, so a namespace nobody uses any more leaves nothing behind; a
 * bucket expires once no window shows it.
 */
@Repository
class StatsRepository {

	static final int RETENTION_DAYS = 30;

	private static final Duration RETENTION = Duration.ofDays(RETENTION_DAYS);

	private static final int MAX_NAMESPACES = 1000;

	/**
	 * KEYS: the totals hash, then one bucket hash per resolution. ARGV: the time to keep
	 * each key (ms), in the order of KEYS, then field and increment pairs. A counter that
	 * would overflow stays as it is (pcall) instead of failing the script halfway, which
	 * would have the recorder add the counts already written again on the next flush.
	 */
	private static final RedisScript<Long> ADD = RedisScript.of("""
			for i = #KEYS + 1, #ARGV, 2 do
			  for k = 1, #KEYS do
			    redis.pcall('HINCRBY', KEYS[k], ARGV[i], ARGV[i + 1])
			  end
			end
			for k = 1, #KEYS do
			  redis.call('PEXPIRE', KEYS[k], ARGV[k])
			end
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	StatsRepository(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * Adds counts to the totals and to the buckets that hold a moment.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @param counts the non-zero counts by field
	 * @param at when they were counted
	 */
	void add(String tenant, String namespace, Map<String, Long> counts, Instant at) {
		TenantNamespace owner = new TenantNamespace(tenant, namespace);
		List<String> keys = new ArrayList<>();
		List<String> args = new ArrayList<>();
		keys.add(totalsKey(owner));
		args.add(Long.toString(RETENTION.toMillis()));
		for (StatsResolution resolution : StatsResolution.values()) {
			keys.add(bucketKey(owner, resolution, resolution.bucketOf(at)));
			args.add(Long.toString(resolution.retention().toMillis()));
		}
		counts.forEach((field, count) -> {
			args.add(field);
			args.add(Long.toString(count));
		});
		this.redis.execute(ADD, keys, args.toArray());
		String namespaces = namespacesKey(tenant);
		this.redis.opsForSet().add(namespaces, namespace);
		this.redis.expire(namespaces, RETENTION);
	}

	Map<Object, Object> read(String tenant, String namespace) {
		return this.redis.opsForHash().entries(totalsKey(new TenantNamespace(tenant, namespace)));
	}

	/**
	 * The counters of consecutive buckets, in one round trip.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @param resolution the buckets' length
	 * @param first the first bucket's number
	 * @param count how many buckets
	 * @return each bucket's counters (empty for a bucket without any), oldest first
	 */
	@SuppressWarnings("unchecked")
	List<Map<String, String>> buckets(String tenant, String namespace, StatsResolution resolution, long first,
			int count) {
		TenantNamespace owner = new TenantNamespace(tenant, namespace);
		List<Object> results = this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (long bucket = first; bucket < first + count; bucket++) {
				connection.hashCommands()
					.hGetAll(bucketKey(owner, resolution, bucket).getBytes(StandardCharsets.UTF_8));
			}
			return null;
		});
		return results.stream().map((result) -> (Map<String, String>) result).toList();
	}

	/**
	 * The namespaces of a tenant that have statistics, at most {@value #MAX_NAMESPACES}.
	 * @param tenant the tenant
	 * @return the namespaces, sorted
	 */
	TreeSet<String> namespaces(String tenant) {
		TreeSet<String> names = new TreeSet<>();
		try (Cursor<String> cursor = this.redis.opsForSet()
			.scan(namespacesKey(tenant), ScanOptions.scanOptions().count(MAX_NAMESPACES).build())) {
			while (cursor.hasNext() && names.size() < MAX_NAMESPACES) {
				names.add(cursor.next());
			}
		}
		return names;
	}

	private static String totalsKey(TenantNamespace owner) {
		return owner.key("stats");
	}

	private static String bucketKey(TenantNamespace owner, StatsResolution resolution, long bucket) {
		return owner.key("stats:" + resolution.keyName() + ":" + bucket);
	}

	private static String namespacesKey(String tenant) {
		return TenantNamespace.tenantKey(tenant, "namespaces");
	}

}
