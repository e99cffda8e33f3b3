package io.llmcache.proxy;

import java.time.Duration;
import java.util.List;

import io.llmcache.entry.TenantNamespace;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/**
 * Leases that let one replica at a time call the upstream for a request (request
 * coalescing across replicas).
 * <table>
 * <caption>Redis keys of leases</caption>
 * <tr>
 * <th>key</th>
 * <th>type</th>
 * <th>TTL</th>
 * <th>written by</th>
 * <th>read by</th>
 * </tr>
 * <tr>
 * <td>{@code llmc:{<tenant>/<namespace>}:lease:<exact-digest>}</td>
 * <td>string: the holder's token while its upstream call runs; {@code done} for a short
 * while after it stored the answer</td>
 * <td>{@code lease-ttl} (10 s), renewed every third of it while the call runs; after the
 * call {@code done} lives {@value #DONE_MILLIS} ms</td>
 * <td>the replica whose request missed first</td>
 * <td>replicas whose identical requests missed meanwhile: they wait while the key holds a
 * token, then read the entry</td>
 * </tr>
 * </table>
 * The key shares the namespace's hash tag with its entries. A leader that crashes stops
 * renewing, so its lease expires and another replica takes over within the TTL. The
 * {@code done} marker covers a request that missed just before the answer was stored but
 * asks for the lease just after: it finds the marker, not a free lease, and reads the
 * entry instead of calling the upstream again.
 */
@Repository
class LeaseRepository {

	static final String DONE = "done";

	static final long DONE_MILLIS = 5_000;

	/** Renews a lease if it is still the caller's. */
	private static final RedisScript<Long> RENEW = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
			end
			return 0
			""", Long.class);

	/**
	 * Ends a lease if it is still the caller's: marks it {@code done} for a short while
	 * when the answer was stored (ARGV[2] = '1'), else deletes it so that waiting
	 * replicas try at once.
	 */
	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then
			  return 0
			end
			if ARGV[2] == '1' then
			  redis.call('SET', KEYS[1], 'done', 'PX', ARGV[3])
			else
			  redis.call('DEL', KEYS[1])
			end
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	LeaseRepository(StringRedisTemplate redis) {
		this.redis = redis;
	}

	static String key(String tenant, String namespace, String exactDigest) {
		return new TenantNamespace(tenant, namespace).key("lease:" + exactDigest);
	}

	/**
	 * Takes a lease if nobody holds one.
	 * @param key the lease key
	 * @param token the holder's token
	 * @param ttl how long it lives unless renewed
	 * @return {@code true} if taken
	 */
	boolean tryAcquire(String key, String token, Duration ttl) {
		return Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(key, token, ttl));
	}

	/**
	 * The lease's value.
	 * @param key the lease key
	 * @return the holder's token, {@link #DONE}, or {@code null} when free
	 */
	String holder(String key) {
		return this.redis.opsForValue().get(key);
	}

	/**
	 * Renews a lease held by the caller.
	 * @param key the lease key
	 * @param token the holder's token
	 * @param ttl the new time to live
	 * @return {@code true} if it was still the caller's
	 */
	boolean renew(String key, String token, Duration ttl) {
		Long renewed = this.redis.execute(RENEW, List.of(key), token, Long.toString(ttl.toMillis()));
		return renewed != null && renewed == 1;
	}

	/**
	 * Ends a lease held by the caller.
	 * @param key the lease key
	 * @param token the holder's token
	 * @param stored whether the answer was stored (then the lease reads {@code done} for
	 * a few seconds)
	 */
	void release(String key, String token, boolean stored) {
		this.redis.execute(RELEASE, List.of(key), token, stored ? "1" : "0", Long.toString(DONE_MILLIS));
	}

}
