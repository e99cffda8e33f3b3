package io.llmcache.cache;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.llmcache.audit.AuditLog;
import io.llmcache.audit.AuditRecord;
import io.llmcache.invalidation.InvalidationRule;
import io.llmcache.invalidation.Selector;
import io.llmcache.policy.NamespacePolicy;
import io.llmcache.policy.PolicyService;
import io.llmcache.stats.StatsRecorder;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Records invalidations. A real invalidation costs the same whatever it covers: it counts
 * what it matches (exactly while its indexes are small, from their sizes above
 * {@link InvalidationProperties#exactCountLimit()}), records a rule that every read
 * checks from then on, on every replica, and leaves the deleting to the
 * {@link InvalidationSweeper}. A dry run counts exactly and changes nothing.
 *
 * @author llm-cache developers
 */
@Service
class InvalidationService {

	private static final Logger logger = LoggerFactory.getLogger(InvalidationService.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final InvalidationRepository repository;

	private final InvalidationScanner scanner;

	private final RuleSetCache ruleSets;

	private final PolicyService policies;

	private final AuditLog audit;

	private final CacheMetrics metrics;

	private final StatsRecorder stats;

	private final InvalidationProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	InvalidationService(InvalidationRepository repository, InvalidationScanner scanner, RuleSetCache ruleSets,
			PolicyService policies, AuditLog audit, CacheMetrics metrics, StatsRecorder stats,
			InvalidationProperties properties, JsonMapper json, Clock clock) {
		this.repository = repository;
		this.scanner = scanner;
		this.ruleSets = ruleSets;
		this.policies = policies;
		this.audit = audit;
		this.metrics = metrics;
		this.stats = stats;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
	}

	InvalidationResponse invalidate(Caller caller, InvalidationRequest request) {
		Selector selector = request.selector();
		if (!selector.isSpecified()) {
			throw new ApiException(ProblemType.VALIDATION,
					"Name at least one selector (tags, model, promptPrefix, createdBefore), or all=true to empty "
							+ "the namespace");
		}
		Partition partition = new Partition(caller.tenant(), request.namespaceOrDefault());
		Instant now = this.clock.instant();
		try {
			InvalidationRepository.LoadedRules loaded = this.repository.load(partition);
			if (request.isDryRun()) {
				long matched = this.scanner.countMatching(partition, selector, loaded.rules(), now);
				return new InvalidationResponse(null, matched, true, false, null);
			}
			Count count = count(partition, selector, loaded, now);
			String id = newId();
			InvalidationRule rule = new InvalidationRule(0, id, now, caller.keyId(), selector);
			long sequence = this.repository.record(partition, rule, now, keepUntil(partition, now),
					this.properties.maxRules());
			if (sequence < 0) {
				throw new ApiException(ProblemType.TOO_MANY_INVALIDATIONS,
						"The namespace already has " + this.properties.maxRules()
								+ " invalidations in force; they expire with the entries they "
								+ "cover. Invalidate more broadly (e.g. by model or all) instead.",
						true, null);
			}
			this.ruleSets.reload(partition);
			this.metrics.invalidation(partition.namespace(), count.matched());
			this.stats.invalidation(caller.tenant(), partition.namespace());
			logger.info("Invalidation {} of {}/{} by {}: {} ({} entries{})", id, caller.tenant(), partition.namespace(),
					caller.keyId(), selector, count.matched(), count.estimated() ? ", estimated" : "");
			boolean audited = this.audit.append(caller.tenant(),
					new AuditRecord(id, now, caller.keyId(), AuditRecord.INVALIDATE, partition.namespace(),
							this.json.valueToTree(selector), count.matched(), count.estimated(), null));
			return new InvalidationResponse(id, count.matched(), false, count.estimated(), audited ? null : false);
		}
		catch (DataAccessException ex) {
			this.metrics.degraded("invalidate");
			throw new ApiException(ProblemType.STORE_UNAVAILABLE,
					"The cache store did not answer in time; the invalidation was recorded whole or not at all. "
							+ "Retry: a repeated invalidation changes nothing more.",
					true, ex);
		}
	}

	/**
	 * Counts exactly when that is cheap. Above the limit, the live size of the selector's
	 * indexes is exact only for a selector that is just one tag, just a model, or just
	 * {@code all}, with no earlier invalidation still being swept.
	 */
	private Count count(Partition partition, Selector selector, InvalidationRepository.LoadedRules loaded,
			Instant now) {
		List<String> indexes = InvalidationScanner.indexesFor(partition, selector);
		long members = 0;
		long live = 0;
		for (String index : indexes) {
			InvalidationRepository.IndexSize size = this.repository.sizeOf(index, now);
			members += size.members();
			live += size.live();
		}
		if (members <= this.properties.exactCountLimit()) {
			return new Count(this.scanner.countMatching(partition, selector, loaded.rules(), now), false);
		}
		boolean oneIndexOnly = selector.promptPrefix() == null && selector.createdBefore() == null
				&& (selector.tags().isEmpty() || selector.tags().size() == 1 && selector.model() == null);
		boolean nothingPending = loaded.swept() >= loaded.rules().sequence() || loaded.rules().rules().isEmpty();
		return new Count(live, !(oneIndexOnly && nothingPending));
	}

	/**
	 * A rule is kept while entries stored before it may live (the namespace's latest
	 * expiry, read in Redis, or its policy's longest TTL from now) and while store tokens
	 * issued before it are valid.
	 */
	private Instant keepUntil(Partition partition, Instant now) {
		NamespacePolicy policy = this.policies.policyFor(partition.tenant(), partition.namespace());
		Duration longest = policy.maxTtl().compareTo(this.properties.storeTokenTtl()) > 0 ? policy.maxTtl()
				: this.properties.storeTokenTtl();
		return now.plus(longest).plusSeconds(1);
	}

	private static String newId() {
		byte[] bytes = new byte[12];
		RANDOM.nextBytes(bytes);
		return "inv_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private record Count(long matched, boolean estimated) {

	}

}
