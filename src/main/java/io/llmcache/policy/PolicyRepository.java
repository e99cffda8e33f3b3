package io.llmcache.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.llmcache.entry.TenantNamespace;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/**
 * Keeps the policies set at runtime in Redis, shared by every replica.
 * <table>
 * <caption>Redis keys of policies</caption>
 * <tr>
 * <th>key</th>
 * <th>type</th>
 * <th>TTL</th>
 * <th>written by</th>
 * <th>read by</th>
 * </tr>
 * <tr>
 * <td>{@code llmc:{policies}:docs}</td>
 * <td>hash: {@code <tenant>/<namespace>} to the {@link StoredPolicy} as JSON</td>
 * <td>none (control data: never evicted under {@code volatile-*} policies)</td>
 * <td>{@code PUT} policy (script)</td>
 * <td>every replica, when the change counter moves</td>
 * </tr>
 * <tr>
 * <td>{@code llmc:{policies}:changes}</td>
 * <td>string: a counter incremented on every change</td>
 * <td>none</td>
 * <td>{@code PUT} policy (script)</td>
 * <td>every replica, once a second</td>
 * </tr>
 * </table>
 * Both keys share the hash tag {@code {policies}}, so the compare-and-set script touches
 * one Cluster slot. Policies are few (one per tenant namespace that has its own), so
 * reading them all on a change is cheap.
 */
@Repository
class PolicyRepository {

	static final String DOCS_KEY = TenantNamespace.sharedKey("policies", "docs");

	static final String CHANGES_KEY = TenantNamespace.sharedKey("policies", "changes");

	/**
	 * Replaces a policy if its stored version is still the one the caller read (0 for
	 * none), and moves the change counter. Answers 1 when written, 0 on a lost race.
	 */
	private static final RedisScript<Long> COMPARE_AND_SET = RedisScript.of("""
			local current = redis.call('HGET', KEYS[1], ARGV[1])
			local version = 0
			if current then
			  version = cjson.decode(current)['version']
			end
			if tostring(version) ~= ARGV[2] then
			  return 0
			end
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
			redis.call('INCR', KEYS[2])
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	PolicyRepository(StringRedisTemplate redis, JsonMapper json) {
		this.redis = redis;
		this.json = json;
	}

	/**
	 * The change counter.
	 * @return the number of changes ever made, 0 if none
	 */
	long changes() {
		String value = this.redis.opsForValue().get(CHANGES_KEY);
		return (value != null) ? Long.parseLong(value) : 0;
	}

	/**
	 * Every policy set at runtime.
	 * @return policies by {@code <tenant>/<namespace>}
	 */
	Map<String, StoredPolicy> findAll() {
		Map<String, StoredPolicy> policies = new HashMap<>();
		this.redis.<String, String>opsForHash().entries(DOCS_KEY).forEach((partition, document) -> {
			StoredPolicy policy = this.json.readValue(document, StoredPolicy.class);
			policies.put(partition, policy);
		});
		return policies;
	}

	/**
	 * The stored version of one policy.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @return its version, 0 if none was set at runtime
	 */
	long versionOf(String tenant, String namespace) {
		Object document = this.redis.opsForHash().get(DOCS_KEY, StoredPolicy.partitionOf(tenant, namespace));
		return (document != null) ? this.json.readValue(document.toString(), StoredPolicy.class).version() : 0;
	}

	/**
	 * Writes a policy unless another write got there first.
	 * @param policy the policy
	 * @param expectedVersion the stored version it replaces (0 for none)
	 * @return {@code true} if written
	 */
	boolean compareAndSet(StoredPolicy policy, long expectedVersion) {
		Long written = this.redis.execute(COMPARE_AND_SET, List.of(DOCS_KEY, CHANGES_KEY), policy.partition(),
				Long.toString(expectedVersion), this.json.writeValueAsString(policy));
		return written != null && written == 1L;
	}

}
