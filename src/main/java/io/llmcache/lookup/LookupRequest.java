package io.llmcache.lookup;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.key.DescribesLlmRequest;
import io.llmcache.key.ValidLlmRequest;
import io.llmcache.policy.MatchType;
import io.llmcache.tenant.Tenants;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /v1/cache/lookup} and {@code POST /v1/cache/explain}.
 *
 * @param namespace the namespace, {@code default} if absent
 * @param model the model
 * @param messages chat messages, or {@code null} with {@code prompt}
 * @param prompt the completion prompt, or {@code null} with {@code messages}
 * @param tools tool definitions
 * @param params generation parameters
 * @param matchTypes the match types to try, within what the policy allows; all allowed if
 * absent
 * @param minSimilarity the least similarity a semantic match must have; may tighten,
 * never loosen, the policy
 * @param maxAgeSeconds serve only entries younger than this
 */
@ValidLlmRequest
public record LookupRequest(@Pattern(regexp = Tenants.NAME_PATTERN) String namespace,
		@NotBlank @Size(max = MAX_MODEL_LENGTH) String model, @Size(max = MAX_MESSAGES) List<JsonNode> messages,
		String prompt, @Size(max = MAX_TOOLS) List<JsonNode> tools,
		@Size(max = MAX_PARAMS) Map<String, JsonNode> params,
		@Size(min = 1, max = 4) Set<@NotNull MatchType> matchTypes,
		@DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double minSimilarity,
		@PositiveOrZero Long maxAgeSeconds) implements DescribesLlmRequest {

	/**
	 * The lookup this body asks for.
	 * @param tenant the caller's tenant
	 * @return the lookup
	 */
	Lookup toLookup(String tenant) {
		return new Lookup(TenantNamespace.of(tenant, namespace()), toLlmRequest(), matchTypes(), minSimilarity(),
				maxAgeSeconds());
	}

}
