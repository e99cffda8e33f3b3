package io.llmcache.invalidation;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import io.llmcache.entry.TenantNamespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes the entries that invalidations cover, in batches, in the background, and drops
 * rules that can no longer cover anything. Every replica sweeps; a lease per namespace in
 * Redis keeps two from sweeping the same namespace at once, and since a sweep only
 * deletes entries that are still the ones a rule covers, a sweep that is repeated or
 * interrupted does no harm.
 */
@Component
class InvalidationSweeper {

	private static final Logger logger = LoggerFactory.getLogger(InvalidationSweeper.class);

	private static final int PARTITIONS_PER_ROUND = 64;

	private static final Duration LEASE = Duration.ofMinutes(1);

	private final InvalidationRepository repository;

	private final InvalidationScanner scanner;

	private final InvalidationMetrics metrics;

	private final Clock clock;

	private final String owner = UUID.randomUUID().toString();

	InvalidationSweeper(InvalidationRepository repository, InvalidationScanner scanner, InvalidationMetrics metrics,
			Clock clock) {
		this.repository = repository;
		this.scanner = scanner;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * One round: some of the namespaces that have rules, each swept if no other replica
	 * is at it.
	 */
	@Scheduled(fixedDelayString = "${llmcache.invalidation.sweep-interval:1s}")
	void sweep() {
		try {
			for (String name : this.repository.partitionsWithRules(PARTITIONS_PER_ROUND)) {
				TenantNamespace.parse(name).ifPresent(this::sweep);
			}
		}
		catch (DataAccessException ex) {
			logger.debug("Sweep round skipped: {}", ex.getMessage());
		}
	}

	void sweep(TenantNamespace partition) {
		if (!this.repository.acquireLease(partition, this.owner, LEASE)) {
			return;
		}
		try {
			InvalidationRepository.LoadedRules loaded = this.repository.load(partition);
			for (InvalidationRule rule : loaded.rules().rules()) {
				if (rule.sequence() > loaded.swept()) {
					long deleted = this.scanner.sweep(partition, rule);
					this.repository.markSwept(partition, rule.sequence());
					this.metrics.swept(deleted);
					logger.debug("Invalidation {} of {}: {} entries deleted", rule.id(), partition.qualifiedName(),
							deleted);
				}
			}
			this.repository.prune(partition, this.clock.instant());
		}
		finally {
			this.repository.releaseLease(partition, this.owner);
		}
	}

}
