package io.llmcache.key;

import java.util.List;

/**
 * The keys of one request: for the {@code exact} match and for the {@code normalized}
 * match, with what went into them.
 *
 * @param exact the key of the request as sent
 * @param normalized the key of the request after the namespace's normalization
 * @param keyVersion the policy's key version included in both keys
 * @param keyParams the parameters that are part of the keys
 * @param ignoredParams the parameters that were left out because the policy says they do
 * not change the output
 * @author llm-cache developers
 */
public record CacheKeys(CacheKey exact, CacheKey normalized, String keyVersion, List<String> keyParams,
		List<String> ignoredParams) {

}
