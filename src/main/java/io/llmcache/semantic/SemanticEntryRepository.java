package io.llmcache.semantic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.llmcache.entry.EntryRepository;
import io.llmcache.entry.TenantNamespace;
import io.llmcache.vector.StoredVector;
import io.llmcache.vector.VectorScope;
import io.llmcache.vector.VectorSource;
import io.llmcache.vector.Vectors;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.stereotype.Repository;

/**
 * Reads the vectors kept with semantic entries (fields {@code ctx}, {@code vec},
 * {@code expires}, {@code fb} of the entry hash, through the {@link EntryRepository}, and
 * the index {@code P x:sem}), to rebuild the vector index.
 */
@Repository
class SemanticEntryRepository implements VectorSource {

	private static final int BATCH = 500;

	private static final List<String> FIELDS = List.of("ctx", "vec", "expires", "fb");

	private final StringRedisTemplate redis;

	private final EntryRepository entries;

	SemanticEntryRepository(StringRedisTemplate redis, EntryRepository entries) {
		this.redis = redis;
		this.entries = entries;
	}

	@Override
	public Optional<StoredVector> read(String tenant, String namespace, String entryDigest) {
		List<StoredVector> vectors = readAll(new TenantNamespace(tenant, namespace), List.of(entryDigest));
		return vectors.stream().findFirst();
	}

	@Override
	public boolean forEach(String tenant, String namespace, Consumer<StoredVector> action) {
		TenantNamespace partition = new TenantNamespace(tenant, namespace);
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

	private List<StoredVector> readAll(TenantNamespace partition, List<String> digests) {
		List<List<String>> values = this.entries.readFields(partition, digests, FIELDS);
		long now = System.currentTimeMillis();
		List<StoredVector> vectors = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			List<String> entry = values.get(i);
			String context = entry.get(0);
			String vector = entry.get(1);
			String expires = entry.get(2);
			if (context == null || vector == null || expires == null || entry.get(3) != null) {
				continue;
			}
			long expiresAt = Long.parseLong(expires);
			if (expiresAt > now) {
				vectors.add(new StoredVector(new VectorScope(partition.tenant(), partition.namespace(), context),
						digests.get(i), Vectors.decode(vector), expiresAt));
			}
		}
		return vectors;
	}

}
