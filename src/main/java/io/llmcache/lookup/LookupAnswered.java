package io.llmcache.lookup;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.policy.MatchType;

/**
 * Published (as a Spring application event, synchronously) for every lookup answered, for
 * features that count them.
 *
 * @param namespace the tenant's namespace
 * @param hit how the entry served matched, or {@code null} for a miss
 */
public record LookupAnswered(TenantNamespace namespace, MatchType hit) {

}
