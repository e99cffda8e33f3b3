package io.llmcache.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.llmcache.key.CacheKey;
import io.llmcache.key.CacheKeyFactory;
import io.llmcache.key.CacheKeys;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;
import io.llmcache.policy.PolicyService;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Looks up, stores, reads, deletes and explains cache entries within the caller's tenant.
 * <p>
 * A lookup tries the exact key first, then the normalized key, as far as the namespace
 * policy and the request allow. A candidate is served only if its stored canonical form
 * equals the request's, it is younger than {@code maxAgeSeconds}, and it has not expired.
 * When Redis fails or is slower than its command timeout, a lookup answers a degraded
 * miss and every other operation a retryable 503.
 *
 * @author llm-cache developers
 */
@Service
class CacheService {

	private static final Logger logger = LoggerFactory.getLogger(CacheService.class);

	private static final Set<MatchType> SUPPORTED = EnumSet.of(MatchType.EXACT, MatchType.NORMALIZED);

	private final PolicyService policies;

	private final CacheKeyFactory keyFactory;

	private final CacheEntryRepository repository;

	private final CacheMetrics metrics;

	private final JsonMapper json;

	private final Clock clock;

	CacheService(PolicyService policies, CacheKeyFactory keyFactory, CacheEntryRepository repository,
			CacheMetrics metrics, JsonMapper json, Clock clock) {
		this.policies = policies;
		this.keyFactory = keyFactory;
		this.repository = repository;
		this.metrics = metrics;
		this.json = json;
		this.clock = clock;
	}

	LookupResponse lookup(Caller caller, LookupRequest request) {
		long start = System.nanoTime();
		LookupResponse result = evaluate(caller, request).result();
		this.metrics.lookup(request.namespaceOrDefault(), result, Duration.ofNanos(System.nanoTime() - start));
		return result;
	}

	ExplainResponse explain(Caller caller, LookupRequest request) {
		Evaluation evaluation = evaluate(caller, request);
		NamespacePolicy policy = evaluation.policy();
		CacheKeys keys = evaluation.keys();
		return new ExplainResponse(policy.namespace(), request.model(),
				(request.messages() != null) ? "chat" : "completion", policy.version(), keys.keyVersion(),
				policy.matchTypes(), evaluation.tried(), policy.normalization(), keys.keyParams(), keys.ignoredParams(),
				view(keys.exact()), view(keys.normalized()), evaluation.candidates(), evaluation.result());
	}

	StoreResponse store(Caller caller, StoreRequest request) {
		long start = System.nanoTime();
		String namespace = request.namespaceOrDefault();
		NamespacePolicy policy = this.policies.policyFor(caller.tenant(), namespace);
		CacheKeys keys = this.keyFactory.keysFor(caller.tenant(), policy, request.toLlmRequest());
		Duration requested = (request.ttlSeconds() != null) ? Duration.ofSeconds(request.ttlSeconds()) : null;
		Duration ttl = policy.effectiveTtl(requested);
		Instant createdAt = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Instant expiresAt = createdAt.plus(ttl);
		StoredEntry entry = new StoredEntry(EntryIds.create(namespace, keys.exact().digest()), request.model(),
				keys.exact().canonical(), keys.normalized().canonical(), keys.normalized().digestText(),
				requestJson(request), this.json.writeValueAsString(request.response()), request.tags(),
				request.metadata(), createdAt, expiresAt);
		try {
			this.repository.save(new Partition(caller.tenant(), namespace), keys.exact().digestText(), entry, ttl);
		}
		catch (DataAccessException ex) {
			this.metrics.store(namespace, false, Duration.ofNanos(System.nanoTime() - start));
			throw unavailable("store", ex);
		}
		this.metrics.store(namespace, true, Duration.ofNanos(System.nanoTime() - start));
		return new StoreResponse(entry.entryId(), createdAt, expiresAt, ttl.toSeconds(),
				!ttl.equals((requested != null) ? requested : policy.defaultTtl()));
	}

	EntryResponse get(Caller caller, String entryId) {
		EntryIds.Parsed id = EntryIds.parse(entryId).orElseThrow(() -> notFound(entryId));
		Optional<StoredEntry> found;
		try {
			found = this.repository.findByExactDigest(new Partition(caller.tenant(), id.namespace()), id.exactDigest(),
					true);
		}
		catch (DataAccessException ex) {
			throw unavailable("get", ex);
		}
		StoredEntry entry = found.filter((candidate) -> entryId.equals(candidate.entryId()))
			.orElseThrow(() -> notFound(entryId));
		return new EntryResponse(entry.entryId(), id.namespace(), entry.model(), entry.requestJson(),
				entry.responseJson(), entry.tags(), entry.metadata(), entry.createdAt(), entry.expiresAt());
	}

	void delete(Caller caller, String entryId) {
		EntryIds.Parsed id = EntryIds.parse(entryId).orElseThrow(() -> notFound(entryId));
		boolean deleted;
		try {
			deleted = this.repository.delete(new Partition(caller.tenant(), id.namespace()), id.exactDigest(), entryId);
		}
		catch (DataAccessException ex) {
			throw unavailable("delete", ex);
		}
		if (!deleted) {
			throw notFound(entryId);
		}
	}

	private Evaluation evaluate(Caller caller, LookupRequest request) {
		Partition partition = new Partition(caller.tenant(), request.namespaceOrDefault());
		NamespacePolicy policy = this.policies.policyFor(caller.tenant(), partition.namespace());
		CacheKeys keys = this.keyFactory.keysFor(caller.tenant(), policy, request.toLlmRequest());
		Set<MatchType> tried = EnumSet.noneOf(MatchType.class);
		tried.addAll(policy.matchTypes());
		tried.retainAll(SUPPORTED);
		if (request.matchTypes() != null) {
			tried.retainAll(request.matchTypes());
		}
		List<ExplainResponse.Candidate> candidates = new ArrayList<>();
		LookupResponse result;
		try {
			result = findMatch(partition, keys, tried, request.maxAgeSeconds(), candidates);
		}
		catch (DataAccessException ex) {
			this.metrics.degraded("lookup");
			logger.warn("Lookup answered as a miss: the cache store failed ({})", ex.getMessage());
			result = LookupResponse.miss("store-unavailable", true);
		}
		return new Evaluation(policy, keys, tried, candidates, result);
	}

	private LookupResponse findMatch(Partition partition, CacheKeys keys, Set<MatchType> tried, Long maxAgeSeconds,
			List<ExplainResponse.Candidate> candidates) {
		if (tried.isEmpty()) {
			return LookupResponse.miss("no-match-type-allowed", false);
		}
		Instant now = this.clock.instant();
		if (tried.contains(MatchType.EXACT)) {
			Optional<StoredEntry> entry = this.repository.findByExactDigest(partition, keys.exact().digestText(),
					false);
			if (entry.isPresent()) {
				LookupResponse hit = accept(MatchType.EXACT, entry.get(), entry.get().exactCanonical(), keys.exact(),
						maxAgeSeconds, now, candidates);
				if (hit != null) {
					return hit;
				}
			}
		}
		if (tried.contains(MatchType.NORMALIZED)) {
			Optional<StoredEntry> entry = this.repository.findByNormalizedDigest(partition,
					keys.normalized().digestText());
			if (entry.isPresent()) {
				LookupResponse hit = accept(MatchType.NORMALIZED, entry.get(), entry.get().normalizedCanonical(),
						keys.normalized(), maxAgeSeconds, now, candidates);
				if (hit != null) {
					return hit;
				}
			}
		}
		return LookupResponse.miss(candidates.isEmpty() ? "not-found" : "candidates-rejected", false);
	}

	private LookupResponse accept(MatchType matchType, StoredEntry entry, String storedCanonical, CacheKey key,
			Long maxAgeSeconds, Instant now, List<ExplainResponse.Candidate> candidates) {
		if (!key.canonical().equals(storedCanonical)) {
			this.metrics.collision(matchType);
			logger.warn("Digest collision on a {} key: the stored canonical form differs", matchType.apiName());
			return reject(matchType, entry, "digest matched but the canonical form differs", candidates);
		}
		if (!now.isBefore(entry.expiresAt())) {
			return reject(matchType, entry, "expired", candidates);
		}
		Duration age = Duration.between(entry.createdAt(), now);
		if (age.isNegative()) {
			age = Duration.ZERO;
		}
		if (maxAgeSeconds != null && age.compareTo(Duration.ofSeconds(maxAgeSeconds)) >= 0) {
			return reject(matchType, entry, "older than maxAgeSeconds", candidates);
		}
		candidates.add(new ExplainResponse.Candidate(matchType, entry.entryId(), true,
				(matchType == MatchType.EXACT) ? "canonical request identical" : "equal after normalization", 1.0));
		return LookupResponse.hit(matchType, entry, age.toSeconds());
	}

	private static LookupResponse reject(MatchType matchType, StoredEntry entry, String reason,
			List<ExplainResponse.Candidate> candidates) {
		candidates.add(new ExplainResponse.Candidate(matchType, entry.entryId(), false, reason, null));
		return null;
	}

	private String requestJson(StoreRequest request) {
		ObjectNode stored = this.json.createObjectNode();
		if (request.messages() != null) {
			stored.set("messages", this.json.valueToTree(request.messages()));
		}
		else {
			stored.put("prompt", request.prompt());
		}
		stored.set("tools", this.json.valueToTree(request.toLlmRequest().tools()));
		stored.set("params", this.json.valueToTree(request.toLlmRequest().params()));
		return this.json.writeValueAsString(stored);
	}

	private ApiException unavailable(String operation, DataAccessException ex) {
		this.metrics.degraded(operation);
		logger.warn("The cache store failed during {}: {}", operation, ex.getMessage());
		return new ApiException(ProblemType.STORE_UNAVAILABLE,
				"The cache store did not answer in time; the operation took effect whole or not at all. Retry later.",
				true, ex);
	}

	private static ApiException notFound(String entryId) {
		return new ApiException(ProblemType.ENTRY_NOT_FOUND, "No entry '" + entryId + "' in this tenant");
	}

	private static ExplainResponse.KeyView view(CacheKey key) {
		return new ExplainResponse.KeyView(key.canonical(), key.digestText());
	}

	private record Evaluation(NamespacePolicy policy, CacheKeys keys, Set<MatchType> tried,
			List<ExplainResponse.Candidate> candidates, LookupResponse result) {

	}

}
