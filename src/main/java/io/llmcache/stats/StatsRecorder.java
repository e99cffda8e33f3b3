package io.llmcache.stats;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.llmcache.policy.MatchType;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Counts lookups, hits, misses, stores and invalidations per namespace. The counts add up
 * in memory and are added to Redis every {@code llmcache.stats.flush-interval} (1 s by
 * default) and at shutdown, so a lookup costs no extra Redis round trip and every replica
 * reads the same totals, at most about a second behind. Counts that cannot be written are
 * kept for the next flush.
 */
@Service
public class StatsRecorder {

	private static final Logger logger = LoggerFactory.getLogger(StatsRecorder.class);

	/** Bounds the namespaces counted between two flushes. */
	private static final int MAX_PENDING_NAMESPACES = 10_000;

	private final StatsRepository repository;

	private final Map<NamespaceKey, Pending> pending = new ConcurrentHashMap<>();

	StatsRecorder(StatsRepository repository) {
		this.repository = repository;
	}

	/**
	 * Counts a lookup.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @param hit how it matched, or {@code null} for a miss
	 */
	public void lookup(String tenant, String namespace, MatchType hit) {
		Pending counts = countsOf(tenant, namespace);
		if (counts == null) {
			return;
		}
		counts.lookups.increment();
		if (hit != null) {
			counts.hits.get(hit).increment();
		}
		else {
			counts.misses.increment();
		}
	}

	/**
	 * Counts a store.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 */
	public void store(String tenant, String namespace) {
		Pending counts = countsOf(tenant, namespace);
		if (counts != null) {
			counts.stores.increment();
		}
	}

	/**
	 * Counts an invalidation.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 */
	public void invalidation(String tenant, String namespace) {
		Pending counts = countsOf(tenant, namespace);
		if (counts != null) {
			counts.invalidations.increment();
		}
	}

	/**
	 * Adds the counts so far to Redis.
	 */
	@Scheduled(fixedDelayString = "${llmcache.stats.flush-interval:1s}")
	@PreDestroy
	public void flush() {
		for (Map.Entry<NamespaceKey, Pending> entry : this.pending.entrySet()) {
			NamespaceKey key = entry.getKey();
			Map<String, Long> counts = entry.getValue().drain();
			if (counts.values().stream().allMatch((count) -> count == 0)) {
				// Idle: forget it, moving over anything counted since the drain.
				this.pending.remove(key, entry.getValue());
				Map<String, Long> late = entry.getValue().drain();
				if (late.values().stream().anyMatch((count) -> count != 0)) {
					this.pending.computeIfAbsent(key, (k) -> new Pending()).restore(late);
				}
				continue;
			}
			try {
				this.repository.add(key.tenant(), key.namespace(), counts);
			}
			catch (DataAccessException | IllegalStateException ex) {
				// IllegalStateException: at shutdown the connection factory may already
				// be
				// closed; the counts stay pending (and are lost with this replica).
				entry.getValue().restore(counts);
				logger.debug("Statistics of {}/{} kept for the next flush: {}", key.tenant(), key.namespace(),
						ex.getMessage());
			}
		}
	}

	private Pending countsOf(String tenant, String namespace) {
		NamespaceKey key = new NamespaceKey(tenant, namespace);
		Pending counts = this.pending.get(key);
		if (counts != null) {
			return counts;
		}
		if (this.pending.size() >= MAX_PENDING_NAMESPACES) {
			return null;
		}
		return this.pending.computeIfAbsent(key, (k) -> new Pending());
	}

	private record NamespaceKey(String tenant, String namespace) {

	}

	/** Counts not yet in Redis. */
	private static final class Pending {

		private final LongAdder lookups = new LongAdder();

		private final LongAdder misses = new LongAdder();

		private final LongAdder stores = new LongAdder();

		private final LongAdder invalidations = new LongAdder();

		private final Map<MatchType, LongAdder> hits = new EnumMap<>(MatchType.class);

		Pending() {
			for (MatchType type : MatchType.values()) {
				this.hits.put(type, new LongAdder());
			}
		}

		Map<String, Long> drain() {
			Map<String, Long> counts = new LinkedHashMap<>();
			counts.put(StatsRepository.LOOKUPS, this.lookups.sumThenReset());
			counts.put(StatsRepository.MISSES, this.misses.sumThenReset());
			counts.put(StatsRepository.STORES, this.stores.sumThenReset());
			counts.put(StatsRepository.INVALIDATIONS, this.invalidations.sumThenReset());
			this.hits.forEach((type, adder) -> counts.put(StatsRepository.hitsField(type), adder.sumThenReset()));
			return counts;
		}

		void restore(Map<String, Long> counts) {
			this.lookups.add(counts.get(StatsRepository.LOOKUPS));
			this.misses.add(counts.get(StatsRepository.MISSES));
			this.stores.add(counts.get(StatsRepository.STORES));
			this.invalidations.add(counts.get(StatsRepository.INVALIDATIONS));
			this.hits.forEach((type, adder) -> adder.add(counts.get(StatsRepository.hitsField(type))));
		}

	}

}
