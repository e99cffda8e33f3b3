package io.llmcache.lookup;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.llmcache.key.CacheKeys;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;

/**
 * How the service sees a request and what a lookup does with it.
 *
 * @param policy the namespace's policy
 * @param keys the request's keys
 * @param tried the match types tried
 * @param candidates the entries considered, in the order tried
 * @param result what the lookup answers
 * @param threshold the least similarity a semantic candidate needs, when semantic
 * matching was tried
 */
public record Explanation(NamespacePolicy policy, CacheKeys keys, Set<MatchType> tried, List<Candidate> candidates,
		LookupResult result, Optional<Matcher.Threshold> threshold) {

}
