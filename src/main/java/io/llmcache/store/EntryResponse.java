package io.llmcache.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonRawValue;

import io.llmcache.entry.StoredEntry;

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
 */
record EntryResponse(String entryId, String namespace, String model, @JsonRawValue String request,
		@JsonRawValue String response, List<String> tags, Map<String, String> metadata, Instant createdAt,
		Instant expiresAt) {

	static EntryResponse of(EntryService.EntryView view) {
		StoredEntry entry = view.entry();
		return new EntryResponse(entry.entryId(), view.namespace().namespace(), entry.model(), entry.requestJson(),
				entry.responseJson(), entry.tags(), entry.metadata(), entry.createdAt(), entry.expiresAt());
	}

}
