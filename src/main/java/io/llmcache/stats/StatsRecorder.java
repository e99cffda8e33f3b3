package io.llmcache.stats;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.llmcache.entry.TokenUsage;
import io.llmcache.policy.MatchType;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Counts lookups, hits, misses, stores, invalidations, and the tokens and money that hits
 * saved, per namespace. The counts add up in memory and are added to Redis every
 * {@code llmcache.stats.flush-interval} (1 s by default) and at shutdown, so a lookup
 * costs no extra Redis round trip and every replica reads the same totals, at most about
 * a second behind. Counts that cannot be written are kept for the next flush.
 */
@Service
public class StatsRecorder {

	private static final Logger logger = LoggerFactory.getLogger(StatsRecorder.class);

	/** Bounds the namespaces counted between two flushes. */
	private static final int MAX_PENDING_NAMESPACES = 10_000;

	private final StatsRepository repository;

	private final PriceTable prices;

	private final Clock clock;

	private final Map<NamespaceKey, PendingCounts> pending = new ConcurrentHashMap<>();

	StatsRecorder(StatsRepository repository, PriceTable prices, Clock clock) {
		this.repository = repository;
		this.prices = prices;
		this.clock = clock;
	}

	/**
	 * Counts a lookup, and for a hit what it saved.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @param hit how it matched, or {@code null} for a miss
	 * @param model the model of the entry served, or {@code null}
	 * @param usage the tokens the entry served had cost, or {@code null} if unknown
	 */
	public void lookup(String tenant, String namespace, MatchType hit, String model, TokenUsage usage) {
		PendingCounts counts = countsOf(tenant, namespace);
		if (counts == null) {
			return;
		}
		counts.add(StatsFields.LOOKUPS, 1);
		if (hit == null) {
			counts.add(StatsFields.MISSES, 1);
			return;
		}
		counts.add(StatsFields.hits(hit), 1);
		if (usage == null) {
			counts.add(StatsFields.HITS_WITHOUT_USAGE, 1);
			return;
		}
		counts.add(StatsFields.PROMPT_TOKENS, usage.promptTokens());
		counts.add(StatsFields.COMPLETION_TOKENS, usage.completionTokens());
		if (usage.estimated()) {
			counts.add(StatsFields.HITS_ESTIMATED_USAGE, 1);
		}
		long nanos = this.prices.nanos(model, usage);
		if (nanos >= 0) {
			counts.add(StatsFields.SAVED_NANOS, nanos);
		}
		else {
			counts.add(StatsFields.HITS_UNPRICED, 1);
		}
	}

	/**
	 * Counts a store.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 */
	public void store(String tenant, String namespace) {
		PendingCounts counts = countsOf(tenant, namespace);
		if (counts != null) {
			counts.add(StatsFields.STORES, 1);
		}
	}

	/**
	 * Counts an invalidation.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 */
	public void invalidation(String tenant, String namespace) {
		PendingCounts counts = countsOf(tenant, namespace);
		if (counts != null) {
			counts.add(StatsFields.INVALIDATIONS, 1);
		}
	}

	/**
	 * Adds the counts so far to Redis.
	 */
	@Scheduled(fixedDelayString = "${llmcache.stats.flush-interval:1s}")
	@PreDestroy
	public void flush() {
		for (Map.Entry<NamespaceKey, PendingCounts> entry : this.pending.entrySet()) {
			NamespaceKey key = entry.getKey();
			Map<String, Long> counts = entry.getValue().drain();
			if (counts.isEmpty()) {
				// Idle: forget it, moving over anything counted since the drain.
				this.pending.remove(key, entry.getValue());
				Map<String, Long> late = entry.getValue().drain();
				if (!late.isEmpty()) {
					this.pending.computeIfAbsent(key, (k) -> new PendingCounts()).restore(late);
				}
				continue;
			}
			try {
				this.repository.add(key.tenant(), key.namespace(), counts, this.clock.instant());
			}
			catch (DataAccessException | IllegalStateException ex) {
				// IllegalStateException: at shutdown the connection factory may already
				// be closed; the counts stay pending (and are lost with this replica).
				entry.getValue().restore(counts);
				logger.debug("Statistics of {}/{} kept for the next flush: {}", key.tenant(), key.namespace(),
						ex.getMessage());
			}
		}
	}

	private PendingCounts countsOf(String tenant, String namespace) {
		NamespaceKey key = new NamespaceKey(tenant, namespace);
		PendingCounts counts = this.pending.get(key);
		if (counts != null) {
			return counts;
		}
		if (this.pending.size() >= MAX_PENDING_NAMESPACES) {
			return null;
		}
		return this.pending.computeIfAbsent(key, (k) -> new PendingCounts());
	}

	private record NamespaceKey(String tenant, String namespace) {

	}

}
