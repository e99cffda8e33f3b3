package io.llmcache.store;

import java.util.List;
import java.util.Map;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.key.DescribesLlmRequest;
import io.llmcache.key.ValidLlmRequest;
import io.llmcache.tenant.Tenants;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /v1/cache/entries}.
 *
 * @param namespace the namespace, {@code default} if absent
 * @param model the model
 * @param messages chat messages, or {@code null} with {@code prompt}
 * @param prompt the completion prompt, or {@code null} with {@code messages}
 * @param tools tool definitions
 * @param params generation parameters
 * @param response the response to cache, any JSON value, returned as given
 * @param ttlSeconds the time to live; the policy's default if absent, capped at its
 * maximum
 * @param tags tags for invalidation, at most 32
 * @param metadata a flat string map returned with the entry
 * @param storeToken the {@code storeToken} of the lookup miss this response answers; with
 * it, the store is refused if an invalidation recorded since then covers the entry
 */
@ValidLlmRequest
public record StoreRequest(@Pattern(regexp = Tenants.NAME_PATTERN) String namespace,
		@NotBlank @Size(max = MAX_MODEL_LENGTH) String model, @Size(max = MAX_MESSAGES) List<JsonNode> messages,
		String prompt, @Size(max = MAX_TOOLS) List<JsonNode> tools,
		@Size(max = MAX_PARAMS) Map<String, JsonNode> params, @NotNull JsonNode response, @Positive Long ttlSeconds,
		@Size(max = 32) List<@NotNull @Pattern(regexp = "^[A-Za-z0-9:._/-]{1,128}$") String> tags,
		@Size(max = 64) Map<@NotBlank @Size(max = 128) String, @NotNull @Size(max = 4096) String> metadata,
		@Size(max = 200) String storeToken) implements DescribesLlmRequest {

	public StoreRequest {
		tags = (tags != null) ? tags : List.of();
		metadata = (metadata != null) ? metadata : Map.of();
	}

	/**
	 * The store this body asks for.
	 * @param tenant the caller's tenant
	 * @return what to store
	 */
	NewEntry toNewEntry(String tenant) {
		return new NewEntry(TenantNamespace.of(tenant, namespace()), toLlmRequest(), response(), ttlSeconds(), tags(),
				metadata(), storeToken());
	}

}
