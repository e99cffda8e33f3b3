package io.llmcache.invalidation;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.policy.NamespacePolicy;
import io.llmcache.policy.PolicyService;
import io.llmcache.system.ApiException;
import io.llmcache.system.Degradation;
import io.llmcache.system.ProblemType;
import io.llmcache.system.StoreReads;
import io.llmcache.tenant.Caller;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Records invalidations. A real invalidation costs the same whatever it covers: it counts
 * what it matches (see {@link MatchCounter}), records a rule that every read checks from
 * then on, on every replica, and leaves the deleting to the {@link InvalidationSweeper}.
 * A dry run counts exactly and changes nothing.
 */
@Service
class InvalidationService {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final InvalidationRepository repository;

	private final MatchCounter counter;

	private final PolicyService policies;

	private final InvalidationEffects effects;

	private final InvalidationProperties properties;

	private final Degradation degradation;

	private final Clock clock;

	InvalidationService(InvalidationRepository repository, MatchCounter counter, PolicyService policies,
			InvalidationEffects effects, InvalidationProperties properties, Degradation degradation, Clock clock) {
		this.repository = repository;
		this.counter = counter;
		this.policies = policies;
		this.effects = effects;
		this.properties = properties;
		this.degradation = degradation;
		this.clock = clock;
	}

	InvalidationResponse invalidate(Caller caller, InvalidationRequest request) {
		Selector selector = request.selector();
		if (!selector.isSpecified()) {
			throw new ApiException(ProblemType.VALIDATION,
					"Name at least one selector (tags, model, promptPrefix, createdBefore), or all=true to empty "
							+ "the namespace");
		}
		TenantNamespace namespace = new TenantNamespace(caller.tenant(), request.namespaceOrDefault());
		Instant now = this.clock.instant();
		try {
			InvalidationRepository.LoadedRules loaded = StoreReads.retryingOnce(() -> this.repository.load(namespace));
			if (request.isDryRun()) {
				long matched = StoreReads
					.retryingOnce(() -> this.counter.countExactly(namespace, selector, loaded, now));
				return new InvalidationResponse(null, matched, true, false, null);
			}
			MatchCounter.Count count = StoreReads
				.retryingOnce(() -> this.counter.count(namespace, selector, loaded, now));
			InvalidationRule rule = new InvalidationRule(0, newId(), now, caller.keyId(), selector);
			long sequence = this.repository.record(namespace, rule, now, keepUntil(namespace, now),
					this.properties.maxRules());
			if (sequence < 0) {
				throw new ApiException(ProblemType.TOO_MANY_INVALIDATIONS,
						"The namespace already has " + this.properties.maxRules()
								+ " invalidations in force; they expire with the entries they "
								+ "cover. Invalidate more broadly (e.g. by model or all) instead.",
						true, null);
			}
			boolean audited = this.effects.recorded(caller, namespace, rule, count);
			return new InvalidationResponse(rule.id(), count.matched(), false, count.estimated(),
					audited ? null : false);
		}
		catch (DataAccessException ex) {
			this.degradation.count("invalidate");
			throw new ApiException(ProblemType.STORE_UNAVAILABLE,
					"The cache store did not answer in time; the invalidation was recorded whole or not at all. "
							+ "Retry: a repeated invalidation changes nothing more.",
					true, ex);
		}
	}

	/**
	 * A rule is kept while entries stored before it may live (the namespace's latest
	 * expiry, read in Redis, or its policy's longest TTL from now) and while store tokens
	 * issued before it are valid.
	 */
	private Instant keepUntil(TenantNamespace namespace, Instant now) {
		NamespacePolicy policy = this.policies.policyFor(namespace.tenant(), namespace.namespace());
		Duration longest = policy.maxTtl().compareTo(this.properties.storeTokenTtl()) > 0 ? policy.maxTtl()
				: this.properties.storeTokenTtl();
		return now.plus(longest).plusSeconds(1);
	}

	private static String newId() {
		byte[] bytes = new byte[12];
		RANDOM.nextBytes(bytes);
		return "inv_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
