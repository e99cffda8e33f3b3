package io.llmcache.lookup;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.entry.TokenUsage;
import io.llmcache.policy.MatchType;

/**
 * Published (as a Spring application event, synchronously) for every lookup answered, for
 * features that count them.
 *
 * @param namespace the tenant's namespace
 * @param hit how the entry served matched, or {@code null} for a miss
 * @param model the model of the entry served, or {@code null} for a miss
 * @param usage the tokens the entry served had cost, or {@code null} for a miss or an
 * entry stored before they were kept
 */
public record LookupAnswered(TenantNamespace namespace, MatchType hit, String model, TokenUsage usage) {

	static LookupAnswered of(TenantNamespace namespace, LookupResult result) {
		return (result instanceof LookupResult.Hit hit)
				? new LookupAnswered(namespace, hit.matchType(), hit.entry().model(), hit.entry().usage())
				: new LookupAnswered(namespace, null, null, null);
	}

}
