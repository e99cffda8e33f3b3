package io.llmcache.lookup;

import java.util.List;
import java.util.Set;

import io.llmcache.key.CacheKey;
import io.llmcache.key.CacheKeys;
import io.llmcache.normalize.NormalizationRules;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;

/**
 * Answer of {@code POST /v1/cache/explain}: how the service sees a request and what a
 * lookup would do with it. It shows only the caller's own request and the ids of the
 * caller's own entries, never another entry's prompt.
 *
 * @param namespace the namespace
 * @param model the model
 * @param form {@code chat} or {@code completion}
 * @param policyVersion the version of the namespace policy applied
 * @param keyVersion the key version (normalization rules and ignored parameters)
 * @param allowedMatchTypes what the policy allows
 * @param triedMatchTypes what this lookup would try
 * @param normalization the normalization rules
 * @param keyParams the parameters that are part of the key
 * @param ignoredParams the parameters left out of the key
 * @param exact the exact key
 * @param normalized the normalized key
 * @param candidates the entries considered, in the order tried
 * @param result what the lookup would answer
 * @param semanticThreshold the least similarity a semantic candidate needs, when semantic
 * matching was tried
 * @param semanticCalibration how the policy's target precision was translated into the
 * threshold, from the calibration measured on the evaluation data
 */
record ExplainResponse(String namespace, String model, String form, long policyVersion, String keyVersion,
		Set<MatchType> allowedMatchTypes, Set<MatchType> triedMatchTypes, NormalizationRules normalization,
		List<String> keyParams, List<String> ignoredParams, KeyView exact, KeyView normalized,
		List<Candidate> candidates, LookupResponse result, Double semanticThreshold, String semanticCalibration) {

	/**
	 * One key as the service computed it.
	 *
	 * @param canonical the canonical, length-prefixed form
	 * @param digest its SHA-256, base64url
	 */
	record KeyView(String canonical, String digest) {

	}

	static ExplainResponse of(LookupRequest request, Explanation explanation) {
		NamespacePolicy policy = explanation.policy();
		CacheKeys keys = explanation.keys();
		return new ExplainResponse(policy.namespace(), request.model(),
				(request.messages() != null) ? "chat" : "completion", policy.version(), keys.keyVersion(),
				policy.matchTypes(), explanation.tried(), policy.normalization(), keys.keyParams(),
				keys.ignoredParams(), view(keys.exact()), view(keys.normalized()), explanation.candidates(),
				LookupResponse.of(explanation.result()),
				explanation.threshold().map(Matcher.Threshold::similarity).orElse(null),
				explanation.threshold().map(Matcher.Threshold::description).orElse(null));
	}

	private static KeyView view(CacheKey key) {
		return new KeyView(key.canonical(), key.digestText());
	}

}
