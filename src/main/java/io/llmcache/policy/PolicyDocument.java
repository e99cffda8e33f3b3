package io.llmcache.policy;

import java.util.List;
import java.util.Set;

import io.llmcache.normalize.BuiltinMask;
import io.llmcache.normalize.Mask;
import io.llmcache.normalize.UnicodeForm;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code PUT /v1/admin/namespaces/{namespace}/policy}: a whole policy in the
 * API's shape. Fields left out take the configured defaults
 * ({@code llmcache.policy.defaults}).
 *
 * @param defaultTtlSeconds time to live of entries stored without one
 * @param maxTtlSeconds longest time to live a store may ask for
 * @param matchTypes the match types lookups may use
 * @param normalization the normalization rules
 * @param keyParams parameters known to change the output
 * @param ignoredParams parameters that do not split the cache
 * @param semantic semantic matching settings; fields left out take the configured
 * defaults
 * @param nonDeterministic what the proxy does with requests whose answers vary by design
 * ({@code mode}: bypass, cache or bucket; {@code bucketSize}); fields left out take the
 * configured defaults
 */
@Schema(example = """
		{"defaultTtlSeconds": 86400, "maxTtlSeconds": 604800, "matchTypes": ["exact", "normalized"],
		 "normalization": {"unicode": "NFKC", "collapseWhitespace": true, "caseFold": false,
		   "builtinMasks": ["timestamp"], "masks": [{"pattern": "ticket #\\\\d+", "replacement": "<ticket>"}]},
		 "ignoredParams": ["user", "stream", "stream_options", "metadata"],
		 "nonDeterministic": {"mode": "bypass", "bucketSize": 3}}""")
record PolicyDocument(@Positive @Max(MAX_TTL_SECONDS) Long defaultTtlSeconds,
		@Positive @Max(MAX_TTL_SECONDS) Long maxTtlSeconds, @Size(min = 1, max = 4) Set<@NotNull MatchType> matchTypes,
		@Valid Normalization normalization, @Size(max = 128) List<@NotBlank @Size(max = 64) String> keyParams,
		@Size(max = 128) List<@NotBlank @Size(max = 64) String> ignoredParams, @Valid SemanticSettings semantic,
		@Valid NonDeterministicSettings nonDeterministic) {

	/** One year: the longest time to live a policy may set. */
	static final long MAX_TTL_SECONDS = 31_536_000;

	/**
	 * Normalization rules; fields left out take the configured defaults.
	 *
	 * @param unicode {@code NFKC}, {@code NFC} or {@code NONE}
	 * @param collapseWhitespace collapse white space and trim
	 * @param caseFold lower-case text
	 * @param builtinMasks any of {@code timestamp}, {@code uuid}, {@code request-id}
	 * @param masks RE2 patterns with literal placeholders
	 */
	record Normalization(UnicodeForm unicode, Boolean collapseWhitespace, Boolean caseFold,
			@Size(max = 8) List<@NotNull BuiltinMask> builtinMasks, @Valid @Size(max = 32) List<@NotNull Mask> masks) {

	}

}
