package io.llmcache.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.llmcache.normalize.NormalizationRules;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Namespace policies from configuration ({@code llmcache.policy.*}).
 *
 * @param defaults the policy of every namespace that has no entry in {@code namespaces}
 * @param namespaces policies by namespace name; fields they leave out take the built-in
 * defaults
 */
@ConfigurationProperties("llmcache.policy")
@Validated
record PolicyProperties(@DefaultValue @Valid @NotNull Settings defaults, Map<String, @Valid Settings> namespaces) {

	PolicyProperties {
		namespaces = (namespaces != null) ? Map.copyOf(namespaces) : Map.of();
	}

	/**
	 * The settings of one policy.
	 *
	 * @param defaultTtl time to live of an entry stored without {@code ttlSeconds}
	 * @param maxTtl longest time to live a store may ask for; longer requests are capped
	 * @param matchTypes the match types lookups may use
	 * @param normalization the normalization rules of the {@code normalized} match
	 * @param keyParams generation parameters known to change the output; listed for
	 * {@code explain}, since any parameter not in {@code ignoredParams} is part of the
	 * key
	 * @param ignoredParams generation parameters that do not change the output and so do
	 * not split the cache
	 * @param semantic how the namespace matches semantically, if it does
	 * @param nonDeterministic what the OpenAI-compatible proxy does with requests whose
	 * answers vary by design (temperature above 0, n above 1)
	 */
	record Settings(@DefaultValue("24h") @NotNull Duration defaultTtl, @DefaultValue("7d") @NotNull Duration maxTtl,
			@DefaultValue( {
					"exact", "normalized" }) @NotEmpty Set<@NotNull MatchType> matchTypes,
			@DefaultValue @Valid @NotNull NormalizationRules normalization,
			@DefaultValue({ "temperature", "top_p", "top_k", "max_tokens", "max_completion_tokens", "stop", "seed",
					"response_format", "tool_choice", "parallel_tool_calls", "n", "presence_penalty",
					"frequency_penalty", "logit_bias", "logprobs", "top_logprobs", "reasoning_effort",
					"verbosity" }) @Size(max = 128) List<String> keyParams,
			@DefaultValue({ "user", "stream", "stream_options", "metadata", "store", "service_tier",
					"safety_identifier", "prompt_cache_key", "prompt_cache_retention" }) @Size(
							max = 128) List<String> ignoredParams,
			@DefaultValue @Valid @NotNull SemanticSettings semantic,
			@DefaultValue @Valid @NotNull NonDeterministicSettings nonDeterministic){

	}

}
