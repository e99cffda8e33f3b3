package io.llmcache.audit;

import java.util.List;

import io.llmcache.entry.TenantNamespace;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/**
 * Keeps each tenant's audit log in Redis: a list {@code llmc:{<tenant>/}:audit} of JSON
 * records, newest first, trimmed to its maximum on every append. It has no TTL, so it is
 * never evicted under the {@code volatile-*} policies the service needs.
 */
@Repository
class AuditRepository {

	private static final RedisScript<Long> APPEND = RedisScript.of("""
			redis.call('LPUSH', KEYS[1], ARGV[1])
			redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	AuditRepository(StringRedisTemplate redis, JsonMapper json) {
		this.redis = redis;
		this.json = json;
	}

	void append(String tenant, AuditRecord record, int maxRecords) {
		this.redis.execute(APPEND, List.of(keyOf(tenant)), this.json.writeValueAsString(record),
				Integer.toString(maxRecords));
	}

	List<AuditRecord> newest(String tenant, int limit) {
		List<String> records = this.redis.opsForList().range(keyOf(tenant), 0, limit - 1L);
		return (records != null) ? records.stream().map((text) -> this.json.readValue(text, AuditRecord.class)).toList()
				: List.of();
	}

	static String keyOf(String tenant) {
		return TenantNamespace.tenantKey(tenant, "audit");
	}

}
