package io.llmcache.feedback;

import java.util.List;

import io.llmcache.entry.TenantNamespace;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/**
 * Keeps each tenant's feedback: a list {@code llmc:{<tenant>/}:feedback} of JSON records,
 * newest first, trimmed to {@value #MAX_RECORDS}.
 */
@Repository
class FeedbackRepository {

	static final int MAX_RECORDS = 10_000;

	private static final RedisScript<Long> APPEND = RedisScript.of("""
			redis.call('LPUSH', KEYS[1], ARGV[1])
			redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	FeedbackRepository(StringRedisTemplate redis, JsonMapper json) {
		this.redis = redis;
		this.json = json;
	}

	void append(String tenant, FeedbackRecord record) {
		this.redis.execute(APPEND, List.of(keyOf(tenant)), this.json.writeValueAsString(record),
				Integer.toString(MAX_RECORDS));
	}

	List<FeedbackRecord> newest(String tenant, int limit) {
		List<String> records = this.redis.opsForList().range(keyOf(tenant), 0, limit - 1L);
		return (records != null)
				? records.stream().map((text) -> this.json.readValue(text, FeedbackRecord.class)).toList() : List.of();
	}

	static String keyOf(String tenant) {
		return TenantNamespace.tenantKey(tenant, "feedback");
	}

}
