package io.llmcache.lookup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.invalidation.StoreTokens;
import io.llmcache.key.CacheKeyFactory;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;
import io.llmcache.policy.PolicyService;
import io.llmcache.system.Degradation;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Looks up cached responses within a tenant's namespace: the typed operation behind
 * {@code POST /v1/cache/lookup}, {@code /explain} and the proxy.
 * <p>
 * The {@link Matcher matchers} are tried in order, as far as the namespace policy and the
 * lookup allow; the first hit is served. A miss hands out a store token with the
 * namespace's invalidation sequence number of the latest read. When Redis fails or is
 * slower than its command timeout, a lookup answers a degraded miss.
 */
@Service
public class LookupService {

	private final PolicyService policies;

	private final CacheKeyFactory keyFactory;

	private final List<Matcher> matchers;

	private final StoreTokens storeTokens;

	private final LookupRecorder recorder;

	private final Degradation degradation;

	private final Clock clock;

	LookupService(PolicyService policies, CacheKeyFactory keyFactory, List<Matcher> matchers, StoreTokens storeTokens,
			LookupRecorder recorder, Degradation degradation, Clock clock) {
		this.policies = policies;
		this.keyFactory = keyFactory;
		this.matchers = List.copyOf(matchers);
		this.storeTokens = storeTokens;
		this.recorder = recorder;
		this.degradation = degradation;
		this.clock = clock;
	}

	/**
	 * Looks up a cached response.
	 * @param lookup the lookup
	 * @return a hit, or a miss (degraded when the store failed)
	 */
	public LookupResult lookup(Lookup lookup) {
		long start = System.nanoTime();
		LookupResult result = evaluate(lookup, false).result();
		this.recorder.recorded(lookup.namespace(), result, start);
		return result;
	}

	/**
	 * Looks up several requests of one namespace by their exact keys only, with one round
	 * trip to the store.
	 * @param namespace the tenant's namespace
	 * @param lookups the lookups, all of that namespace; their match types are ignored
	 * @return a result for each, in order
	 */
	public List<LookupResult> lookupExact(TenantNamespace namespace, List<Lookup> lookups) {
		long start = System.nanoTime();
		NamespacePolicy policy = this.policies.policyFor(namespace.tenant(), namespace.namespace());
		List<LookupResult> results = new ArrayList<>(lookups.size());
		if (!policy.matchTypes().contains(MatchType.EXACT)) {
			lookups.forEach((lookup) -> results.add(new LookupResult.Miss("no-match-type-allowed", false, null)));
		}
		else {
			Instant now = this.clock.instant();
			List<LookupContext> contexts = lookups.stream()
				.map((lookup) -> contextOf(lookup, policy, now, false))
				.toList();
			List<CandidateLog> logs = lookups.stream().map((lookup) -> new CandidateLog()).toList();
			try {
				List<Match> matches = exactMatcher().matchAll(contexts, logs);
				for (int i = 0; i < matches.size(); i++) {
					results.add(resultOf(contexts.get(i), MatchType.EXACT, matches.get(i), logs.get(i)));
				}
			}
			catch (DataAccessException ex) {
				lookups.forEach((lookup) -> results.add(degraded(ex)));
			}
		}
		results.forEach((result) -> this.recorder.recorded(namespace, result, start));
		return results;
	}

	/**
	 * Explains a lookup: the keys, the candidates considered and what it answers. Reads
	 * every candidate, even those that cannot match, to name them; records no metrics.
	 * @param lookup the lookup
	 * @return the explanation
	 */
	public Explanation explain(Lookup lookup) {
		return evaluate(lookup, true);
	}

	private Explanation evaluate(Lookup lookup, boolean explaining) {
		TenantNamespace namespace = lookup.namespace();
		NamespacePolicy policy = this.policies.policyFor(namespace.tenant(), namespace.namespace());
		Set<MatchType> tried = EnumSet.noneOf(MatchType.class);
		tried.addAll(policy.matchTypes());
		if (lookup.matchTypes() != null) {
			tried.retainAll(lookup.matchTypes());
		}
		LookupContext context = contextOf(lookup, policy, this.clock.instant(), explaining);
		CandidateLog log = new CandidateLog();
		LookupResult result;
		try {
			result = findMatch(context, tried, log);
		}
		catch (DataAccessException ex) {
			result = degraded(ex);
		}
		Optional<Matcher.Threshold> threshold = this.matchers.stream()
			.filter((matcher) -> tried.contains(matcher.type()))
			.map((matcher) -> matcher.threshold(context))
			.flatMap(Optional::stream)
			.findFirst();
		return new Explanation(policy, context.keys(), tried, log.candidates(), result, threshold);
	}

	private LookupContext contextOf(Lookup lookup, NamespacePolicy policy, Instant now, boolean explaining) {
		return new LookupContext(lookup.namespace(), policy,
				this.keyFactory.keysFor(lookup.namespace().tenant(), policy, lookup.request()), lookup.request(),
				lookup.minSimilarity(), lookup.maxAgeSeconds(), now, explaining);
	}

	private LookupResult findMatch(LookupContext context, Set<MatchType> tried, CandidateLog log) {
		if (tried.isEmpty()) {
			return new LookupResult.Miss("no-match-type-allowed", false, null);
		}
		for (Matcher matcher : this.matchers) {
			if (tried.contains(matcher.type())) {
				Match match = matcher.match(context, log);
				if (match instanceof Match.Hit) {
					return resultOf(context, matcher.type(), match, log);
				}
			}
		}
		return resultOf(context, null, Match.MISS, log);
	}

	/** The answer to a lookup whose matching ended with a match. */
	private LookupResult resultOf(LookupContext context, MatchType matchType, Match match, CandidateLog log) {
		if (match instanceof Match.Hit hit) {
			return new LookupResult.Hit(matchType, hit.entry(), hit.responseJson(), hit.similarity(), hit.ageSeconds());
		}
		String storeToken = log.sequence().isPresent()
				? this.storeTokens.issue(context.namespace(), log.sequence().getAsLong(), context.now()) : null;
		return new LookupResult.Miss(log.isEmpty() ? "not-found" : "candidates-rejected", false, storeToken);
	}

	private LookupResult degraded(DataAccessException ex) {
		this.degradation.failed("lookup", ex);
		return new LookupResult.Miss("store-unavailable", true, null);
	}

	private ExactMatcher exactMatcher() {
		return this.matchers.stream()
			.filter(ExactMatcher.class::isInstance)
			.map(ExactMatcher.class::cast)
			.findFirst()
			.orElseThrow();
	}

}
