package io.llmcache.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmcache.entry.TenantNamespace;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StringRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Repository;

/**
 * The changes every replica applies to its {@link VectorIndex}, and the namespaces that
 * have semantic entries.
 * <ul>
 * <li>{@code llmc:{vectors}:changes} (stream): {@code t} tenant, {@code n} namespace,
 * {@code d} entry digest, {@code op} {@code add} or {@code del}; trimmed to about
 * {@value #MAX_CHANGES} changes. A replica that falls further behind rebuilds its index.
 * No TTL: it is trimmed instead.</li>
 * <li>{@code llmc:{vectors}:namespaces} (set of {@code tenant/namespace}): where a
 * rebuild looks; a namespace leaves it when a rebuild finds no semantic entry there.</li>
 * </ul>
 */
@Repository
class VectorChangeRepository {

	static final String CHANGES_KEY = TenantNamespace.sharedKey("vectors", "changes");

	static final String NAMESPACES_KEY = TenantNamespace.sharedKey("vectors", "namespaces");

	static final long MAX_CHANGES = 100_000;

	private final StringRedisTemplate redis;

	VectorChangeRepository(StringRedisTemplate redis) {
		this.redis = redis;
	}

	void publish(String origin, String tenant, String namespace, String entryDigest, boolean added) {
		StringRecord record = StringRecord
			.of(Map.of("t", tenant, "n", namespace, "d", entryDigest, "op", added ? "add" : "del", "o", origin))
			.withStreamKey(CHANGES_KEY);
		this.redis.opsForStream()
			.add(record, org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions.maxlen(MAX_CHANGES)
				.approximateTrimming(true));
	}

	void register(String tenant, String namespace) {
		this.redis.opsForSet().add(NAMESPACES_KEY, tenant + "/" + namespace);
	}

	void unregister(String qualifiedName) {
		this.redis.opsForSet().remove(NAMESPACES_KEY, qualifiedName);
	}

	Set<String> namespaces() {
		Set<String> members = this.redis.opsForSet().members(NAMESPACES_KEY);
		return (members != null) ? members : Set.of();
	}

	/**
	 * The id of the newest change, {@code 0-0} if there is none.
	 * @return the id
	 */
	String newestId() {
		List<MapRecord<String, Object, Object>> newest = this.redis.opsForStream()
			.reverseRange(CHANGES_KEY, Range.unbounded(), Limit.limit().count(1));
		return (newest == null || newest.isEmpty()) ? "0-0" : newest.get(0).getId().getValue();
	}

	/**
	 * The id of the oldest change still kept, or {@code null} if there is none.
	 * @return the id
	 */
	String oldestId() {
		List<MapRecord<String, Object, Object>> oldest = this.redis.opsForStream()
			.range(CHANGES_KEY, Range.unbounded(), Limit.limit().count(1));
		return (oldest == null || oldest.isEmpty()) ? null : oldest.get(0).getId().getValue();
	}

	/**
	 * Changes after an id.
	 * @param afterId the id of the last change applied
	 * @param count at most this many
	 * @return the changes, oldest first
	 */
	List<VectorChange> after(String afterId, int count) {
		List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
			.read(StreamReadOptions.empty().count(count), StreamOffset.create(CHANGES_KEY, ReadOffset.from(afterId)));
		List<VectorChange> changes = new ArrayList<>();
		if (records != null) {
			for (MapRecord<String, Object, Object> record : records) {
				Map<Object, Object> fields = record.getValue();
				changes.add(new VectorChange(record.getId().getValue(), String.valueOf(fields.get("t")),
						String.valueOf(fields.get("n")), String.valueOf(fields.get("d")),
						"add".equals(fields.get("op")), (fields.get("o") != null) ? fields.get("o").toString() : null));
			}
		}
		return changes;
	}

}
