package io.llmcache.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.llmcache.vector.StoredVector;
import io.llmcache.vector.VectorScope;
import io.llmcache.vector.VectorSource;
import io.llmcache.vector.Vectors;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/**
 * Reads the vectors kept with semantic entries (fields {@code ctx}, {@code stext},
 * {@code vec} of the entry hash, and the index {@code P x:sem}, see
 * {@link CacheEntryRepository}), and records feedback on entries ({@code fb}).
 *
 * @author llm-cache developers
 */
@Repository
class SemanticEntryRepository implements VectorSource {

	private static final int BATCH = 500;

	/**
	 * KEYS: a key of the partition. ARGV: prefix, exact digests. Answers, per digest:
	 * ctx, vec, expires.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> READ_VECTORS = RedisScript.of("""
			local out = {}
			for i = 2, #ARGV do
			  local values = redis.call('HMGET', ARGV[1] .. 'e:' .. ARGV[i], 'ctx', 'vec', 'expires', 'fb')
			  for j = 1, 4 do
			    table.insert(out, values[j])
			  end
			end
			return out
			""", List.class);

	/** KEYS: entry. ARGV: entry id. Flags the entry if it still has that id. */
	private static final RedisScript<Long> FLAG_WRONG = RedisScript.of("""
			if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then
			  return 0
			end
			redis.call('HSET', KEYS[1], 'fb', 'wrong')
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	SemanticEntryRepository(StringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public Optional<StoredVector> read(String tenant, String namespace, String entryDigest) {
		List<StoredVector> vectors = readAll(new Partition(tenant, namespace), List.of(entryDigest));
		return vectors.stream().findFirst();
	}

	@Override
	public boolean forEach(String tenant, String namespace, Consumer<StoredVector> action) {
		Partition partition = new Partition(tenant, namespace);
		boolean any = false;
		List<String> batch = new ArrayList<>(BATCH);
		try (Cursor<ZSetOperations.TypedTuple<String>> cursor = this.redis.opsForZSet()
			.scan(partition.semanticIndexKey(), ScanOptions.scanOptions().count(BATCH).build())) {
			while (cursor.hasNext()) {
				any = true;
				batch.add(cursor.next().getValue());
				if (batch.size() == BATCH) {
					readAll(partition, batch).forEach(action);
					batch.clear();
				}
			}
		}
		readAll(partition, batch).forEach(action);
		return any;
	}

	/**
	 * Marks an entry as a wrong semantic answer, so that it is no longer served
	 * semantically.
	 * @param partition the partition
	 * @param exactDigest the entry's exact digest
	 * @param entryId the entry id the caller named
	 * @return {@code true} if the entry exists with that id
	 */
	boolean flagWrong(Partition partition, String exactDigest, String entryId) {
		Long flagged = this.redis.execute(FLAG_WRONG, List.of(partition.entryKey(exactDigest)), entryId);
		return flagged != null && flagged == 1L;
	}

	private List<StoredVector> readAll(Partition partition, List<String> digests) {
		if (digests.isEmpty()) {
			return List.of();
		}
		List<Object> args = new ArrayList<>(digests.size() + 1);
		args.add(partition.keyPrefix());
		args.addAll(digests);
		List<?> values = this.redis.execute(READ_VECTORS, List.of(partition.controlKey()), args.toArray());
		long now = System.currentTimeMillis();
		List<StoredVector> vectors = new ArrayList<>();
		for (int i = 0; i < digests.size(); i++) {
			Object context = values.get(i * 4);
			Object vector = values.get(i * 4 + 1);
			Object expires = values.get(i * 4 + 2);
			Object feedback = values.get(i * 4 + 3);
			if (context == null || vector == null || expires == null || feedback != null) {
				continue;
			}
			long expiresAt = Long.parseLong(expires.toString());
			if (expiresAt > now) {
				vectors.add(
						new StoredVector(new VectorScope(partition.tenant(), partition.namespace(), context.toString()),
								digests.get(i), Vectors.decode(vector.toString()), expiresAt));
			}
		}
		return vectors;
	}

}
