package io.llmcache.key;

import java.util.List;
import java.util.function.Supplier;

/**
 * The keys of one request: for the {@code exact} match and for the {@code normalized}
 * match, with what went into them. The normalized key is computed on first use, so an
 * exact hit never pays for normalization. Not thread-safe: one request, one thread.
 */
public final class CacheKeys {

	private final CacheKey exact;

	private final Supplier<CacheKey> normalizer;

	private final String keyVersion;

	private final List<String> keyParams;

	private final List<String> ignoredParams;

	private CacheKey normalized;

	CacheKeys(CacheKey exact, Supplier<CacheKey> normalizer, String keyVersion, List<String> keyParams,
			List<String> ignoredParams) {
		this.exact = exact;
		this.normalizer = normalizer;
		this.keyVersion = keyVersion;
		this.keyParams = keyParams;
		this.ignoredParams = ignoredParams;
	}

	/**
	 * The key of the request as sent.
	 * @return the exact key
	 */
	public CacheKey exact() {
		return this.exact;
	}

	/**
	 * The key of the request after the namespace's normalization.
	 * @return the normalized key
	 */
	public CacheKey normalized() {
		if (this.normalized == null) {
			this.normalized = this.normalizer.get();
		}
		return this.normalized;
	}

	/**
	 * The policy's key version included in both keys.
	 * @return the key version
	 */
	public String keyVersion() {
		return this.keyVersion;
	}

	/**
	 * The parameters that are part of the keys.
	 * @return parameter names, sorted
	 */
	public List<String> keyParams() {
		return this.keyParams;
	}

	/**
	 * The parameters left out because the policy says they do not change the output.
	 * @return parameter names, sorted
	 */
	public List<String> ignoredParams() {
		return this.ignoredParams;
	}

}
