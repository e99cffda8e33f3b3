package io.llmcache.prefix;

import java.util.List;
import java.util.Map;

import io.llmcache.key.DescribesLlmRequest;
import io.llmcache.key.ValidLlmRequest;
import io.llmcache.tenant.Tenants;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /v1/prefix/lookup}: the shared request description.
 *
 * @param namespace the namespace, {@code default} if absent
 * @param model the model (chooses the tokenizer)
 * @param messages chat messages, or {@code null} with {@code prompt}
 * @param prompt the completion prompt, or {@code null} with {@code messages}
 * @param tools tool definitions
 * @param params generation parameters (accepted for symmetry; they do not change tokens)
 */
@ValidLlmRequest
record PrefixLookupRequest(@Pattern(regexp = Tenants.NAME_PATTERN) String namespace,
		@NotBlank @Size(max = MAX_MODEL_LENGTH) String model, @Size(max = MAX_MESSAGES) List<JsonNode> messages,
		String prompt, @Size(max = MAX_TOOLS) List<JsonNode> tools,
		@Size(max = MAX_PARAMS) Map<String, JsonNode> params) implements DescribesLlmRequest {

}
