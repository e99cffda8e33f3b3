package io.llmcache.policy;

import java.util.List;
import java.util.Set;

import io.llmcache.normalize.NormalizationRules;

/**
 * A namespace policy in the API's shape (times in seconds).
 *
 * @param namespace the namespace
 * @param version the policy version
 * @param defaultTtlSeconds time to live of entries stored without one
 * @param maxTtlSeconds longest time to live a store may ask for
 * @param matchTypes the match types lookups may use
 * @param normalization the normalization rules
 * @param keyParams parameters known to change the output
 * @param ignoredParams parameters that do not split the cache
 * @param keyVersion the version of everything that shapes keys
 * @param semantic the semantic matching settings
 * @param nonDeterministic what the proxy does with requests whose answers vary by design
 * @param source where the policy comes from: {@code runtime} (set with {@code PUT}),
 * {@code configuration} or {@code defaults}
 */
record PolicyView(String namespace, long version, long defaultTtlSeconds, long maxTtlSeconds, Set<MatchType> matchTypes,
		NormalizationRules normalization, List<String> keyParams, List<String> ignoredParams, String keyVersion,
		SemanticSettings semantic, NonDeterministicSettings nonDeterministic, String source) {

	static PolicyView of(NamespacePolicy policy, String source) {
		return new PolicyView(policy.namespace(), policy.version(), policy.defaultTtl().toSeconds(),
				policy.maxTtl().toSeconds(), policy.matchTypes(), policy.normalization(), policy.keyParams(),
				policy.ignoredParams(), policy.keyVersion(), policy.semantic(), policy.nonDeterministic(), source);
	}

}
