package io.llmcache.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.llmcache.entry.EntryRepository;
import io.llmcache.entry.StoredEntry;
import io.llmcache.entry.TenantNamespace;
import io.llmcache.invalidation.StoreToken;
import io.llmcache.invalidation.StoreTokens;
import io.llmcache.key.CacheKeyFactory;
import io.llmcache.key.CacheKeys;
import io.llmcache.policy.NamespacePolicy;
import io.llmcache.policy.PolicyService;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Stores responses: the typed operation behind {@code POST /v1/cache/entries} and the
 * proxy's stores. A store replaces any entry with the same canonical request, whole or
 * not at all; with a store token it is refused when an invalidation recorded since the
 * lookup covers the entry. When Redis fails or is slower than its command timeout, it
 * answers a retryable 503.
 */
@Service
public class StoreService {

	private static final int MAX_STORE_ATTEMPTS = 3;

	private final PolicyService policies;

	private final CacheKeyFactory keyFactory;

	private final EntryFactory factory;

	private final EntryRepository entries;

	private final StoreTokens storeTokens;

	private final StoreEffects effects;

	private final Clock clock;

	StoreService(PolicyService policies, CacheKeyFactory keyFactory, EntryFactory factory, EntryRepository entries,
			StoreTokens storeTokens, StoreEffects effects, Clock clock) {
		this.policies = policies;
		this.keyFactory = keyFactory;
		this.factory = factory;
		this.entries = entries;
		this.storeTokens = storeTokens;
		this.effects = effects;
		this.clock = clock;
	}

	/**
	 * Stores a response.
	 * @param request what to store
	 * @return what was stored
	 * @throws ApiException with a retryable 503 when the store failed, a 409 when
	 * invalidations kept being recorded, a stale-token problem when an invalidation since
	 * the lookup covers the entry
	 */
	public StoreReceipt store(NewEntry request) {
		long start = System.nanoTime();
		TenantNamespace namespace = request.namespace();
		Instant now = this.clock.instant();
		StoreToken token = this.storeTokens.checked(namespace, request.storeToken(), now);
		NamespacePolicy policy = this.policies.policyFor(namespace.tenant(), namespace.namespace());
		CacheKeys keys = this.keyFactory.keysFor(namespace.tenant(), policy, request.request());
		Duration requested = (request.ttlSeconds() != null) ? Duration.ofSeconds(request.ttlSeconds()) : null;
		Duration ttl = policy.effectiveTtl(requested);
		Instant createdAt = now.truncatedTo(ChronoUnit.MILLIS);
		StoredEntry entry = this.factory.create(request, policy, keys, createdAt, ttl);
		String exactDigest = keys.exact().digestText();
		try {
			for (int attempt = 0; attempt < MAX_STORE_ATTEMPTS; attempt++) {
				Long expectedSequence = (token != null)
						? this.storeTokens.checkNoInvalidationSince(namespace, token, entry, request.request()) : null;
				if (this.entries.save(namespace, exactDigest, entry, ttl, now, expectedSequence).stored()) {
					this.effects.stored(request, exactDigest, entry, start);
					return new StoreReceipt(entry.entryId(), createdAt, entry.expiresAt(), ttl.toSeconds(),
							!ttl.equals((requested != null) ? requested : policy.defaultTtl()));
				}
			}
		}
		catch (DataAccessException ex) {
			throw this.effects.unavailable(namespace, start, ex);
		}
		this.effects.failed(namespace, start);
		throw new ApiException(ProblemType.CONFLICT,
				"Invalidations kept being recorded in this namespace while storing; nothing was stored. Retry.", true,
				null);
	}

}
