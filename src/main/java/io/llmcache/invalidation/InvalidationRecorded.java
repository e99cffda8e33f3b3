package io.llmcache.invalidation;

import io.llmcache.entry.TenantNamespace;

/**
 * Published (as a Spring application event, synchronously) when an invalidation was
 * recorded, for features that count them.
 *
 * @param namespace the tenant's namespace
 * @param id the invalidation's id
 */
public record InvalidationRecorded(TenantNamespace namespace, String id) {

}
