package io.llmcache.store;

import java.time.Instant;
import java.util.List;

import io.llmcache.key.LlmRequest;

/**
 * Published (as a Spring application event, synchronously, after the entry is in Redis)
 * when an entry is stored, for features that index entries their own way.
 *
 * @param tenant the tenant
 * @param namespace the namespace
 * @param entryId the new entry's id
 * @param request the request the entry answers
 * @param responseJson the stored response, as JSON text
 * @param tags the entry's tags
 * @param createdAt when it was stored
 * @param expiresAt when it expires
 */
public record EntryStored(String tenant, String namespace, String entryId, LlmRequest request, String responseJson,
		List<String> tags, Instant createdAt, Instant expiresAt) {

}
