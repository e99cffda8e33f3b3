package io.llmcache.store;

import java.util.List;
import java.util.Map;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.key.LlmRequest;

import tools.jackson.databind.JsonNode;

/**
 * A response to store, as callers inside the service hand it over.
 *
 * @param namespace the caller's tenant and the namespace
 * @param request the request it answers
 * @param response the response, any JSON value, returned as given
 * @param ttlSeconds the time to live asked for, or {@code null} for the policy's default
 * @param tags tags for invalidation
 * @param metadata a flat string map returned with the entry
 * @param storeToken the store token of the lookup miss it answers, or {@code null}
 */
public record NewEntry(TenantNamespace namespace, LlmRequest request, JsonNode response, Long ttlSeconds,
		List<String> tags, Map<String, String> metadata, String storeToken) {

	public NewEntry {
		tags = (tags != null) ? List.copyOf(tags) : List.of();
		metadata = (metadata != null) ? Map.copyOf(metadata) : Map.of();
	}

}
