package io.llmcache.lookup;

import java.util.Set;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.key.LlmRequest;
import io.llmcache.policy.MatchType;

/**
 * A lookup as callers inside the service ask for it.
 *
 * @param namespace the caller's tenant and the namespace
 * @param request the request whose response is looked for
 * @param matchTypes the match types to try, within what the policy allows; {@code null}
 * for all allowed
 * @param minSimilarity the least similarity a semantic match must have, or {@code null};
 * tightens the policy, never loosens it
 * @param maxAgeSeconds serve only entries younger than this, or {@code null}
 */
public record Lookup(TenantNamespace namespace, LlmRequest request, Set<MatchType> matchTypes, Double minSimilarity,
		Long maxAgeSeconds) {

	/**
	 * A lookup with every match type the policy allows and no further limits.
	 * @param namespace the tenant's namespace
	 * @param request the request
	 * @return the lookup
	 */
	public static Lookup of(TenantNamespace namespace, LlmRequest request) {
		return new Lookup(namespace, request, null, null, null);
	}

}
