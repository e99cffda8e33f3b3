package io.llmcache.entry;

import java.util.List;

/**
 * Published (as a Spring application event, synchronously) when entries with vectors were
 * deleted or must no longer be matched semantically, so that the semantic index forgets
 * them here and on the other replicas.
 *
 * @param namespace the tenant's namespace
 * @param exactDigestsWithVectors the exact digests of the entries
 */
public record EntriesDeleted(TenantNamespace namespace, List<String> exactDigestsWithVectors) {

}
