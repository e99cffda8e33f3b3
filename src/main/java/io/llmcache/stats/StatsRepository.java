package io.llmcache.stats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.policy.MatchType;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/**
 * Keeps statistics in Redis: a hash {@code llmc:{<tenant>/<namespace>}:stats} of counters
 * per namespace, and a set {@code llmc:{<tenant>/}:namespaces} of the namespaces that
 * have any. Both expire {@value #RETENTION_DAYS} days after their last change, so a
 * namespace nobody uses any more leaves nothing behind.
 */
@Repository
class StatsRepository {

	static final String LOOKUPS = "lookups";

	static final String MISSES = "misses";

	static final String STORES = "stores";

	static final String INVALIDATIONS = "invalidations";

	static final int RETENTION_DAYS = 30;

	private static final Duration RETENTION = Duration.ofDays(RETENTION_DAYS);

	private static final int MAX_NAMESPACES = 1000;

	/** KEYS: the stats hash. ARGV: retention ms, then field and increment pairs. */
	private static final RedisScript<Long> ADD = RedisScript.of("""
			for i = 2, #ARGV, 2 do
			  redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
			end
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	StatsRepository(StringRedisTemplate redis) {
		this.redis = redis;
	}

	static String hitsField(MatchType type) {
		return "hits:" + type.apiName();
	}

	void add(String tenant, String namespace, Map<String, Long> counts) {
		List<String> args = new ArrayList<>();
		args.add(Long.toString(RETENTION.toMillis()));
		counts.forEach((field, count) -> {
			if (count != 0) {
				args.add(field);
				args.add(Long.toString(count));
			}
		});
		this.redis.execute(ADD, List.of(statsKey(tenant, namespace)), args.toArray());
		String namespaces = namespacesKey(tenant);
		this.redis.opsForSet().add(namespaces, namespace);
		this.redis.expire(namespaces, RETENTION);
	}

	Map<Object, Object> read(String tenant, String namespace) {
		return this.redis.opsForHash().entries(statsKey(tenant, namespace));
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

	private static String statsKey(String tenant, String namespace) {
		return new TenantNamespace(tenant, namespace).key("stats");
	}

	private static String namespacesKey(String tenant) {
		return TenantNamespace.tenantKey(tenant, "namespaces");
	}

}
