package io.llmcache.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.llmcache.invalidation.EntryFacts;
import io.llmcache.invalidation.InvalidationRule;
import io.llmcache.invalidation.RuleSet;
import io.llmcache.invalidation.StoreToken;
import io.llmcache.key.CacheKey;
import io.llmcache.key.CacheKeyFactory;
import io.llmcache.key.CacheKeys;
import io.llmcache.key.LlmRequest;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;
import io.llmcache.policy.PolicyService;
import io.llmcache.semantic.EmbeddingException;
import io.llmcache.stats.StatsRecorder;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Caller;
import io.llmcache.vector.Neighbour;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Looks up, stores, reads, deletes and explains cache entries within the caller's tenant.
 * <p>
 * A lookup tries the exact key first, then the normalized key, as far as the namespace
 * policy and the request allow. A candidate is served only if its stored canonical form
 * equals the request's, it is younger than {@code maxAgeSeconds}, it has not expired, and
 * no invalidation covers it (every read brings the namespace's invalidation sequence
 * number along, see {@link RuleSetCache}). A miss hands out a {@link StoreToken}; a store
 * that carries it is refused when an invalidation recorded since covers the entry. When
 * Redis fails or is slower than its command timeout, a lookup answers a degraded miss and
 * every other operation a retryable 503.
 *
 * @author llm-cache developers
 */
@Service
public class CacheService {

	private static final Logger logger = LoggerFactory.getLogger(CacheService.class);

	private static final int MAX_STORE_ATTEMPTS = 3;

	private final PolicyService policies;

	private final CacheKeyFactory keyFactory;

	private final CacheEntryRepository repository;

	private final RuleSetCache ruleSets;

	private final SemanticMatcher semantic;

	private final SemanticEntryRepository semanticEntries;

	private final ContinuationMatcher continuation;

	private final EntryPrompts prompts;

	private final FeedbackRepository feedback;

	private final ApplicationEventPublisher events;

	private final Duration storeTokenTtl;

	private final CacheMetrics metrics;

	private final StatsRecorder stats;

	private final JsonMapper json;

	private final Clock clock;

	CacheService(PolicyService policies, CacheKeyFactory keyFactory, CacheEntryRepository repository,
			RuleSetCache ruleSets, SemanticMatcher semantic, SemanticEntryRepository semanticEntries,
			ContinuationMatcher continuation, EntryPrompts prompts, FeedbackRepository feedback,
			ApplicationEventPublisher events, InvalidationProperties invalidation, CacheMetrics metrics,
			StatsRecorder stats, JsonMapper json, Clock clock) {
		this.policies = policies;
		this.keyFactory = keyFactory;
		this.repository = repository;
		this.ruleSets = ruleSets;
		this.semantic = semantic;
		this.semanticEntries = semanticEntries;
		this.continuation = continuation;
		this.prompts = prompts;
		this.feedback = feedback;
		this.events = events;
		this.storeTokenTtl = invalidation.storeTokenTtl();
		this.metrics = metrics;
		this.stats = stats;
		this.json = json;
		this.clock = clock;
	}

	public LookupResponse lookup(Caller caller, LookupRequest request) {
		long start = System.nanoTime();
		LookupResponse result = evaluate(caller, request, false).result();
		this.metrics.lookup(request.namespaceOrDefault(), result, Duration.ofNanos(System.nanoTime() - start));
		this.stats.lookup(caller.tenant(), request.namespaceOrDefault(), result.hit() ? result.matchType() : null);
		return result;
	}

	ExplainResponse explain(Caller caller, LookupRequest request) {
		Evaluation evaluation = evaluate(caller, request, true);
		NamespacePolicy policy = evaluation.policy();
		CacheKeys keys = evaluation.keys();
		return new ExplainResponse(policy.namespace(), request.model(),
				(request.messages() != null) ? "chat" : "completion", policy.version(), keys.keyVersion(),
				policy.matchTypes(), evaluation.tried(), policy.normalization(), keys.keyParams(), keys.ignoredParams(),
				view(keys.exact()), view(keys.normalized()), evaluation.candidates(), evaluation.result(),
				evaluation.tried().contains(MatchType.SEMANTIC)
						? this.semantic.thresholdFor(policy.semantic(), request.minSimilarity()) : null,
				evaluation.tried().contains(MatchType.SEMANTIC) ? this.semantic.describeThreshold(policy.semantic())
						: null);
	}

	public StoreResponse store(Caller caller, StoreRequest request) {
		long start = System.nanoTime();
		String namespace = request.namespaceOrDefault();
		Partition partition = new Partition(caller.tenant(), namespace);
		Instant now = this.clock.instant();
		StoreToken token = checkedToken(partition, request.storeToken(), now);
		NamespacePolicy policy = this.policies.policyFor(caller.tenant(), namespace);
		CacheKeys keys = this.keyFactory.keysFor(caller.tenant(), policy, request.toLlmRequest());
		Duration requested = (request.ttlSeconds() != null) ? Duration.ofSeconds(request.ttlSeconds()) : null;
		Duration ttl = policy.effectiveTtl(requested);
		Instant createdAt = now.truncatedTo(ChronoUnit.MILLIS);
		Instant expiresAt = createdAt.plus(ttl);
		StoredEntry entry = new StoredEntry(EntryIds.create(namespace, keys.exact().digest()), 0, request.model(),
				keys.exact().canonical(), keys.normalized().canonical(), keys.normalized().digestText(),
				requestJson(request), this.json.writeValueAsString(request.response()),
				semanticDataOf(caller, policy, request),
				this.continuation.indexFor(caller.tenant(), policy, request.toLlmRequest(), request.response()),
				request.tags(), request.metadata(), createdAt, expiresAt);
		try {
			for (int attempt = 0; attempt < MAX_STORE_ATTEMPTS; attempt++) {
				Long expectedSequence = (token != null)
						? checkNoInvalidationSince(partition, token, entry, request.toLlmRequest()) : null;
				if (this.repository.save(partition, keys.exact().digestText(), entry, ttl, now, expectedSequence)
					.stored()) {
					this.metrics.store(namespace, true, Duration.ofNanos(System.nanoTime() - start));
					this.stats.store(caller.tenant(), namespace);
					this.semantic.stored(partition, keys.exact().digestText(), entry);
					this.events.publishEvent(new EntryStored(caller.tenant(), namespace, entry.entryId(),
							request.toLlmRequest(), entry.responseJson(), entry.tags(), createdAt, expiresAt));
					return new StoreResponse(entry.entryId(), createdAt, expiresAt, ttl.toSeconds(),
							!ttl.equals((requested != null) ? requested : policy.defaultTtl()));
				}
			}
		}
		catch (DataAccessException ex) {
			this.metrics.store(namespace, false, Duration.ofNanos(System.nanoTime() - start));
			throw unavailable("store", ex);
		}
		this.metrics.store(namespace, false, Duration.ofNanos(System.nanoTime() - start));
		throw new ApiException(ProblemType.CONFLICT,
				"Invalidations kept being recorded in this namespace while storing; nothing was stored. Retry.", true,
				null);
	}

	/**
	 * The semantic data of an entry about to be stored. Without an embedding (the
	 * embedder failed) the entry is still stored, for exact and normalized matches.
	 */
	private StoredEntry.SemanticData semanticDataOf(Caller caller, NamespacePolicy policy, StoreRequest request) {
		try {
			return this.semantic.prepare(caller.tenant(), policy, request.toLlmRequest());
		}
		catch (RuntimeException ex) {
			this.metrics.degraded("embed");
			logger.warn("Stored without a vector: the embedder failed ({})", ex.getMessage());
			return null;
		}
	}

	/** The store token a request carries, if any, once it is known to be usable here. */
	private StoreToken checkedToken(Partition partition, String text, Instant now) {
		if (text == null) {
			return null;
		}
		StoreToken token = StoreToken.decode(text)
			.filter((candidate) -> candidate.isFor(partition.tenant(), partition.namespace()))
			.orElseThrow(() -> new ApiException(ProblemType.VALIDATION,
					"storeToken was not issued by a lookup in this namespace"));
		if (token.issuedAt().plus(this.storeTokenTtl).isBefore(now)) {
			throw new ApiException(ProblemType.STALE_STORE_TOKEN,
					"The storeToken is older than " + this.storeTokenTtl.toMinutes()
							+ " minutes and can no longer be checked; nothing was stored. "
							+ "Look up again and store with the new token.");
		}
		return token;
	}

	/**
	 * Refuses the store if an invalidation recorded after the token's lookup selects the
	 * entry.
	 * @return the sequence number the check was made at; the store goes ahead only if it
	 * is still current
	 */
	private long checkNoInvalidationSince(Partition partition, StoreToken token, StoredEntry entry,
			LlmRequest request) {
		RuleSet rules = this.ruleSets.reload(partition);
		EntryFacts facts = new EntryFacts(rules.sequence(), entry.model(), entry.tags(), entry.createdAt(),
				this.prompts.startsWith(request));
		Optional<InvalidationRule> rule = rules.selectingRuleAfter(token.sequence(), facts);
		if (rule.isPresent()) {
			throw new ApiException(ProblemType.STALE_STORE_TOKEN, "Invalidation " + rule.get().id()
					+ " was recorded after the lookup and covers this entry; it was not cached.");
		}
		return rules.sequence();
	}

	EntryResponse get(Caller caller, String entryId) {
		EntryIds.Parsed id = EntryIds.parse(entryId).orElseThrow(() -> notFound(entryId));
		Partition partition = new Partition(caller.tenant(), id.namespace());
		StoredEntry entry;
		try {
			CacheEntryRepository.Read read = this.repository.findByExactDigest(partition, id.exactDigest(), true);
			entry = read.entry()
				.filter((candidate) -> entryId.equals(candidate.entryId()))
				.filter((candidate) -> coveringRule(partition, read.sequence(), candidate).isEmpty())
				.orElseThrow(() -> notFound(entryId));
		}
		catch (DataAccessException ex) {
			throw unavailable("get", ex);
		}
		return new EntryResponse(entry.entryId(), id.namespace(), entry.model(), entry.requestJson(),
				entry.responseJson(), entry.tags(), entry.metadata(), entry.createdAt(), entry.expiresAt());
	}

	/**
	 * Which of some entry ids still name stored entries of a namespace: not deleted,
	 * swept, replaced or expired. For features that name entries without serving them.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @param entryIds entry ids (ids of other namespaces are never stored here)
	 * @return the ids whose entries are stored
	 * @throws DataAccessException if Redis fails
	 */
	public Set<String> storedEntryIds(String tenant, String namespace, Collection<String> entryIds) {
		Map<String, String> byDigest = new LinkedHashMap<>();
		for (String entryId : entryIds) {
			EntryIds.parse(entryId)
				.filter((id) -> id.namespace().equals(namespace))
				.ifPresent((id) -> byDigest.put(id.exactDigest(), entryId));
		}
		List<String> digests = List.copyOf(byDigest.keySet());
		List<String> found = this.repository.entryIds(new Partition(tenant, namespace), digests);
		Set<String> stored = new HashSet<>();
		for (int i = 0; i < digests.size(); i++) {
			String entryId = byDigest.get(digests.get(i));
			if (entryId.equals(found.get(i))) {
				stored.add(entryId);
			}
		}
		return stored;
	}

	void delete(Caller caller, String entryId) {
		EntryIds.Parsed id = EntryIds.parse(entryId).orElseThrow(() -> notFound(entryId));
		boolean deleted;
		try {
			Partition partition = new Partition(caller.tenant(), id.namespace());
			CacheEntryRepository.Deletion deletion = this.repository.delete(partition,
					Map.of(id.exactDigest(), entryId));
			this.semantic.removed(partition, deletion.withVectors());
			deleted = deletion.deleted() == 1;
		}
		catch (DataAccessException ex) {
			throw unavailable("delete", ex);
		}
		if (!deleted) {
			throw notFound(entryId);
		}
	}

	/**
	 * Records feedback on an entry. A {@code wrong} verdict also stops the entry from
	 * being served semantically (it is still served to identical and normalized-equal
	 * requests, which it answers by construction).
	 */
	void feedback(Caller caller, String entryId, FeedbackRequest request) {
		EntryIds.Parsed id = EntryIds.parse(entryId).orElseThrow(() -> notFound(entryId));
		Partition partition = new Partition(caller.tenant(), id.namespace());
		try {
			StoredEntry entry = this.repository.findByExactDigest(partition, id.exactDigest(), false)
				.entry()
				.filter((candidate) -> entryId.equals(candidate.entryId()))
				.orElseThrow(() -> notFound(entryId));
			if (request.isWrong()) {
				if (!this.semanticEntries.flagWrong(partition, id.exactDigest(), entryId)) {
					throw notFound(entryId);
				}
				if (entry.semantic() != null) {
					this.semantic.removed(partition, List.of(id.exactDigest()));
				}
			}
			this.feedback.append(caller.tenant(),
					new FeedbackRecord(this.clock.instant(), caller.keyId(), id.namespace(), entryId, request.verdict(),
							request.query(), (entry.semantic() != null) ? entry.semantic().text() : null));
		}
		catch (DataAccessException ex) {
			throw unavailable("feedback", ex);
		}
	}

	private Evaluation evaluate(Caller caller, LookupRequest request, boolean explaining) {
		Partition partition = new Partition(caller.tenant(), request.namespaceOrDefault());
		NamespacePolicy policy = this.policies.policyFor(caller.tenant(), partition.namespace());
		CacheKeys keys = this.keyFactory.keysFor(caller.tenant(), policy, request.toLlmRequest());
		Set<MatchType> tried = EnumSet.noneOf(MatchType.class);
		tried.addAll(policy.matchTypes());
		if (request.matchTypes() != null) {
			tried.retainAll(request.matchTypes());
		}
		Attempt attempt = new Attempt(partition, keys, request.maxAgeSeconds(), this.clock.instant());
		attempt.policy = policy;
		attempt.request = request.toLlmRequest();
		attempt.minSimilarity = request.minSimilarity();
		attempt.explaining = explaining;
		LookupResponse result;
		try {
			result = findMatch(attempt, tried);
			if (!result.hit() && attempt.sequence != null) {
				result = result.withStoreToken(
						StoreToken.issue(partition.tenant(), partition.namespace(), attempt.sequence, attempt.now)
							.encode());
			}
		}
		catch (DataAccessException ex) {
			this.metrics.degraded("lookup");
			logger.warn("Lookup answered as a miss: the cache store failed ({})", ex.getMessage());
			result = LookupResponse.miss("store-unavailable", true);
		}
		return new Evaluation(policy, keys, tried, attempt.candidates, result);
	}

	private LookupResponse findMatch(Attempt attempt, Set<MatchType> tried) {
		if (tried.isEmpty()) {
			return LookupResponse.miss("no-match-type-allowed", false);
		}
		if (tried.contains(MatchType.EXACT)) {
			CacheEntryRepository.Read read = this.repository.findByExactDigest(attempt.partition,
					attempt.keys.exact().digestText(), false);
			attempt.sequence = read.sequence();
			if (read.entry().isPresent()) {
				StoredEntry entry = read.entry().get();
				LookupResponse hit = accept(attempt, MatchType.EXACT, entry, entry.exactCanonical(),
						attempt.keys.exact());
				if (hit != null) {
					return hit;
				}
			}
		}
		if (tried.contains(MatchType.NORMALIZED)) {
			CacheEntryRepository.Read read = this.repository.findByNormalizedDigest(attempt.partition,
					attempt.keys.normalized().digestText());
			attempt.sequence = read.sequence();
			if (read.entry().isPresent()) {
				StoredEntry entry = read.entry().get();
				LookupResponse hit = accept(attempt, MatchType.NORMALIZED, entry, entry.normalizedCanonical(),
						attempt.keys.normalized());
				if (hit != null) {
					return hit;
				}
			}
		}
		if (tried.contains(MatchType.CONTINUATION)) {
			LookupResponse hit = findContinuation(attempt);
			if (hit != null) {
				return hit;
			}
		}
		if (tried.contains(MatchType.SEMANTIC)) {
			LookupResponse hit;
			try {
				hit = findSemanticMatch(attempt);
			}
			catch (EmbeddingException ex) {
				// Without an embedding the lookup is a plain miss: exact and normalized
				// were tried.
				this.metrics.degraded("embed");
				logger.warn("Semantic matching skipped: the embedder failed ({})", ex.getMessage());
				hit = null;
			}
			if (hit != null) {
				return hit;
			}
		}
		return LookupResponse.miss(attempt.candidates.isEmpty() ? "not-found" : "candidates-rejected", false);
	}

	/**
	 * A completion prompt that continues a cached prompt with the start of its completion
	 * is served the rest of it, from the longest such prompt that is live.
	 */
	private LookupResponse findContinuation(Attempt attempt) {
		for (ContinuationMatcher.Candidate candidate : this.continuation.candidates(attempt.partition, attempt.policy,
				attempt.request)) {
			attempt.sequence = candidate.sequence();
			if (candidate.rejection() != null) {
				reject(MatchType.CONTINUATION, candidate.entry(), candidate.rejection(), attempt.candidates);
				continue;
			}
			LookupResponse hit = accept(attempt, MatchType.CONTINUATION, candidate.entry(), null, null);
			if (hit != null) {
				return hit.withResponse(candidate.continuedResponse());
			}
		}
		return null;
	}

	/**
	 * Semantic candidates come from the index of the request's context only; each is read
	 * back from Redis and must still be in that context, live, not invalidated, not
	 * flagged wrong, similar enough, and pass the guards.
	 */
	private LookupResponse findSemanticMatch(Attempt attempt) {
		Optional<SemanticMatcher.Query> query = this.semantic.queryFor(attempt.partition, attempt.policy,
				attempt.request);
		if (query.isEmpty()) {
			return null;
		}
		double threshold = this.semantic.thresholdFor(attempt.policy.semantic(), attempt.minSimilarity);
		for (Neighbour neighbour : this.semantic.candidates(query.get())) {
			if (neighbour.similarity() < threshold && !attempt.explaining) {
				// Not similar enough whatever the entry holds: a lookup does not read it
				// (explain does, to name it).
				this.metrics.semanticCandidate(neighbour.similarity(), false);
				continue;
			}
			CacheEntryRepository.Read read = this.repository.findByExactDigest(attempt.partition,
					neighbour.entryDigest(), false);
			attempt.sequence = read.sequence();
			if (read.entry().isEmpty()) {
				continue;
			}
			StoredEntry entry = read.entry().get();
			double similarity = Math.min(1.0, neighbour.similarity());
			String rejection = semanticRejection(attempt, query.get(), entry, similarity, threshold);
			if (rejection != null) {
				this.metrics.semanticCandidate(similarity, false);
				attempt.candidates.add(new ExplainResponse.Candidate(MatchType.SEMANTIC, entry.entryId(), false,
						rejection, similarity));
				continue;
			}
			LookupResponse hit = accept(attempt, MatchType.SEMANTIC, entry, null, null);
			this.metrics.semanticCandidate(similarity, hit != null);
			ExplainResponse.Candidate judged = attempt.candidates.remove(attempt.candidates.size() - 1);
			attempt.candidates.add(new ExplainResponse.Candidate(MatchType.SEMANTIC, entry.entryId(), judged.accepted(),
					judged.reason(), similarity));
			if (hit != null) {
				return hit.withSimilarity(similarity);
			}
		}
		return null;
	}

	private String semanticRejection(Attempt attempt, SemanticMatcher.Query query, StoredEntry entry, double similarity,
			double threshold) {
		StoredEntry.SemanticData stored = entry.semantic();
		if (stored == null || !query.scope().context().equals(stored.context())) {
			return "not in the request's context";
		}
		if (stored.flaggedWrong()) {
			return "flagged wrong by feedback";
		}
		if (similarity < threshold) {
			return String.format(Locale.ROOT, "similarity %.3f below the threshold %.3f", similarity, threshold);
		}
		return this.semantic.guardRejection(attempt.policy.semantic(), query.key().text(), stored.text());
	}

	private LookupResponse accept(Attempt attempt, MatchType matchType, StoredEntry entry, String storedCanonical,
			CacheKey key) {
		List<ExplainResponse.Candidate> candidates = attempt.candidates;
		if (key != null && !key.canonical().equals(storedCanonical)) {
			this.metrics.collision(matchType);
			logger.warn("Digest collision on a {} key: the stored canonical form differs", matchType.apiName());
			return reject(matchType, entry, "digest matched but the canonical form differs", candidates);
		}
		if (!attempt.now.isBefore(entry.expiresAt())) {
			return reject(matchType, entry, "expired", candidates);
		}
		Optional<InvalidationRule> rule = coveringRule(attempt.partition, attempt.sequence, entry);
		if (rule.isPresent()) {
			return reject(matchType, entry, "invalidated by " + rule.get().id(), candidates);
		}
		Duration age = Duration.between(entry.createdAt(), attempt.now);
		if (age.isNegative()) {
			age = Duration.ZERO;
		}
		if (attempt.maxAgeSeconds != null && age.compareTo(Duration.ofSeconds(attempt.maxAgeSeconds)) >= 0) {
			return reject(matchType, entry, "older than maxAgeSeconds", candidates);
		}
		candidates.add(new ExplainResponse.Candidate(matchType, entry.entryId(), true, switch (matchType) {
			case EXACT -> "canonical request identical";
			case NORMALIZED -> "equal after normalization";
			case CONTINUATION -> "its prompt followed by the start of its completion; serving the rest";
			default -> "similar in the same context; guards passed";
		}, 1.0));
		return LookupResponse.hit(matchType, entry, age.toSeconds());
	}

	/** The invalidation that hides an entry, checked against the rules of the read. */
	private Optional<InvalidationRule> coveringRule(Partition partition, long sequence, StoredEntry entry) {
		RuleSet rules = this.ruleSets.rulesAt(partition, sequence);
		if (rules.rules().isEmpty()) {
			return Optional.empty();
		}
		String exactDigest = EntryIds.parse(entry.entryId()).map(EntryIds.Parsed::exactDigest).orElse("");
		Supplier<String> request = (entry.requestJson() != null) ? entry::requestJson
				: () -> this.repository.requestJson(partition, exactDigest);
		return rules.coveringRule(new EntryFacts(entry.generation(), entry.model(), entry.tags(), entry.createdAt(),
				this.prompts.startsWith(entry.model(), request)));
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

	/** One lookup in progress. */
	private static final class Attempt {

		private final Partition partition;

		private final CacheKeys keys;

		private final Long maxAgeSeconds;

		private final Instant now;

		private final List<ExplainResponse.Candidate> candidates = new ArrayList<>();

		/**
		 * The invalidation sequence number of the latest read, {@code null} before any.
		 */
		private Long sequence;

		private NamespacePolicy policy;

		private LlmRequest request;

		private Double minSimilarity;

		/** Whether every candidate is read to be named, even those that cannot match. */
		private boolean explaining;

		Attempt(Partition partition, CacheKeys keys, Long maxAgeSeconds, Instant now) {
			this.partition = partition;
			this.keys = keys;
			this.maxAgeSeconds = maxAgeSeconds;
			this.now = now;
		}

	}

	private record Evaluation(NamespacePolicy policy, CacheKeys keys, Set<MatchType> tried,
			List<ExplainResponse.Candidate> candidates, LookupResponse result) {

	}

}
