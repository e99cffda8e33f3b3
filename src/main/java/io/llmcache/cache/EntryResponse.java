package io.llmcache.cache;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * Answer of {@code GET /v1/cache/entries/{entryId}}.
 *
 * @param entryId the entry's id
 * @param namespace its namespace
 * @param model its model
 * @param request the stored request description ({@code messages} or {@code prompt},
 * {@code tools}, {@code params})
 * @param response the stored response
 * @param tags its tags
 * @param metadata its metadata
 * @param createdAt when it was stored
 * @param expiresAt when it expires
 * @author llm-cache developers
 */
record EntryResponse(String entryId, String namespace, String model, @JsonRawValue String request,
		@JsonRawValue String response, List<String> tags, Map<String, String> metadata, Instant createdAt,
		Instant expiresAt) {

}
