package io.llmcache.prefix;

import io.llmcache.entry.TenantNamespace;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

/**
 * The prefix index: blocks in Redis ({@link PrefixIndexRepository}), shared by every
 * replica, with a bounded in-process cache of verified blocks in front. Only blocks that
 * were found in Redis with the right check are cached, keyed by their whole 256-bit hash;
 * a block missing from the cache is always asked of Redis, so a block stored on another
 * replica is seen at once, and the entries a cached block names are at most
 * {@code block-cache-ttl} old.
 */
@Component
class PrefixIndex {

	private final PrefixIndexRepository repository;

	private final PrefixProperties properties;

	private final Cache<FrontKey, IndexedBlock> front;

	PrefixIndex(PrefixIndexRepository repository, PrefixProperties properties) {
		this.repository = repository;
		this.properties = properties;
		this.front = Caffeine.newBuilder()
			.maximumSize(properties.blockCacheSize())
			.expireAfterWrite(properties.blockCacheTtl())
			.build();
	}

	/**
	 * Records the blocks of a stored entry.
	 * @param partition the partition
	 * @param blocks the blocks of its request
	 * @param entryId the entry
	 * @param nowMillis now
	 * @param expiresAtMillis its expiry
	 */
	void record(TenantNamespace partition, List<Block> blocks, String entryId, long nowMillis, long expiresAtMillis) {
		if (blocks.isEmpty()) {
			return;
		}
		this.repository.store(partition, blocks, entryId, nowMillis, expiresAtMillis, this.properties.entriesPerBlock(),
				this.properties.topPrefixes());
		// This replica's cached copies now name too few entries; read them again.
		for (Block block : blocks) {
			this.front.invalidate(FrontKey.of(partition, block));
		}
	}

	/**
	 * The longest run of blocks, from the first, that the index holds.
	 * @param partition the partition
	 * @param blocks the blocks of a request
	 * @return the verified blocks, in order
	 */
	List<IndexedBlock> match(TenantNamespace partition, List<Block> blocks) {
		List<IndexedBlock> matched = new ArrayList<>(blocks.size());
		int i = 0;
		while (i < blocks.size()) {
			IndexedBlock cached = this.front.getIfPresent(FrontKey.of(partition, blocks.get(i)));
			if (cached == null) {
				break;
			}
			matched.add(cached);
			i++;
		}
		if (i < blocks.size()) {
			List<IndexedBlock> found = this.repository.walk(partition, blocks.subList(i, blocks.size()));
			for (int j = 0; j < found.size(); j++) {
				this.front.put(FrontKey.of(partition, blocks.get(i + j)), found.get(j));
				matched.add(found.get(j));
			}
		}
		return matched;
	}

	/**
	 * A block in the in-process cache: its partition and whole hash.
	 */
	private record FrontKey(TenantNamespace partition, long h0, long h1, long h2, long h3) {

		static FrontKey of(TenantNamespace partition, Block block) {
			ByteBuffer hash = ByteBuffer.wrap(block.hash());
			return new FrontKey(partition, hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
		}

	}

}
