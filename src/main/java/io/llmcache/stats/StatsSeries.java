package io.llmcache.stats;

import java.time.Instant;
import java.util.List;

/**
 * A namespace's statistics over a recent window, in time buckets, counted across every
 * replica.
 *
 * @param namespace the namespace
 * @param window {@code hour}, {@code day} or {@code week}
 * @param bucketSeconds the length of each bucket
 * @param currency the currency of the estimated savings
 * @param total the sums over the whole window
 * @param buckets the buckets, oldest first; the last one is the current, still filling
 */
public record StatsSeries(String namespace, String window, long bucketSeconds, String currency, WindowCounts total,
		List<Bucket> buckets) {

	/**
	 * One bucket.
	 *
	 * @param start when it starts
	 * @param counts what it counted
	 */
	public record Bucket(Instant start, WindowCounts counts) {

	}

}
