package io.llmcache.entry.near;

/**
 * What the near-cache can keep: a value read through the tracking connection.
 */
public interface NearValue {

	/**
	 * Whether the value may be kept (a read that found nothing is not).
	 * @return {@code true} to keep it
	 */
	boolean keep();

	/**
	 * About how many bytes of heap the value takes, to bound the cache.
	 * @return the estimate
	 */
	int weight();

	/**
	 * When the value stops being valid (the entry's expiry).
	 * @return epoch milliseconds
	 */
	long expiresAtMillis();

}
