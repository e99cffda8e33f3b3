package io.llmcache.prefix;

import io.llmcache.entry.TenantNamespace;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Counts prefix lookups in memory and adds them to the index every
 * {@code llmcache.prefix.lookup-flush-interval}, so that a lookup answered from the
 * in-process block cache costs no Redis write. The counts feed analytics only, so they
 * are approximate where that is cheaper: counts that cannot be written are dropped, a
 * lookup counted while its partition is being flushed may be lost, and at most
 * {@value #MAX_BLOCKS} blocks are counted between two flushes.
 */
@Component
class LookupCounter {

	private static final Logger logger = LoggerFactory.getLogger(LookupCounter.class);

	static final int MAX_BLOCKS = 10_000;

	private final Map<TenantNamespace, Map<String, LongAdder>> counts = new ConcurrentHashMap<>();

	private final LongAdder blocks = new LongAdder();

	private final PrefixIndexRepository repository;

	private final int topSize;

	LookupCounter(PrefixIndexRepository repository, PrefixProperties properties) {
		this.repository = repository;
		this.topSize = properties.topPrefixes();
	}

	/**
	 * Counts a lookup whose longest shared prefix ended with a block.
	 * @param partition the partition
	 * @param blockId the block
	 */
	void count(TenantNamespace partition, String blockId) {
		Map<String, LongAdder> partitionCounts = this.counts.computeIfAbsent(partition,
				(key) -> new ConcurrentHashMap<>());
		LongAdder adder = partitionCounts.get(blockId);
		if (adder == null) {
			if (this.blocks.sum() >= MAX_BLOCKS) {
				return;
			}
			adder = partitionCounts.computeIfAbsent(blockId, (key) -> {
				this.blocks.increment();
				return new LongAdder();
			});
		}
		adder.increment();
	}

	/**
	 * Adds the counts to Redis, one script per partition.
	 */
	@Scheduled(fixedDelayString = "${llmcache.prefix.lookup-flush-interval:1s}")
	@PreDestroy
	void flush() {
		for (TenantNamespace partition : this.counts.keySet()) {
			Map<String, LongAdder> partitionCounts = this.counts.remove(partition);
			if (partitionCounts == null || partitionCounts.isEmpty()) {
				continue;
			}
			Map<String, Long> taken = new HashMap<>();
			partitionCounts.forEach((id, adder) -> taken.put(id, adder.sumThenReset()));
			this.blocks.add(-partitionCounts.size());
			try {
				this.repository.countLookups(partition, taken, this.topSize);
			}
			catch (DataAccessException | IllegalStateException ex) {
				// At shutdown the Redis connection may already be closed.
				logger.debug("Prefix lookups of {}/{} not counted: {}", partition.tenant(), partition.namespace(),
						ex.getMessage());
			}
		}
	}

}
