package io.llmcache.lookup;

import java.time.Instant;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.key.CacheKeys;
import io.llmcache.key.LlmRequest;
import io.llmcache.policy.NamespacePolicy;

/**
 * Everything a matcher needs to know about one lookup, fixed before the first matcher
 * runs.
 *
 * @param namespace the caller's tenant and namespace
 * @param policy the namespace's policy
 * @param keys the request's keys (the normalized one is computed on first use)
 * @param request the request
 * @param minSimilarity the lookup's own least similarity, or {@code null}
 * @param maxAgeSeconds the oldest entry the lookup accepts, or {@code null}
 * @param now the time of the lookup
 * @param explaining whether candidates that cannot match are read anyway, to be named
 */
public record LookupContext(TenantNamespace namespace, NamespacePolicy policy, CacheKeys keys, LlmRequest request,
		Double minSimilarity, Long maxAgeSeconds, Instant now, boolean explaining) {

}
