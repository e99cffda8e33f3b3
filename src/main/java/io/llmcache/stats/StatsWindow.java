package io.llmcache.stats;

import java.time.Instant;
import java.util.Locale;

/**
 * The windows a namespace's recent statistics are shown over, each as consecutive buckets
 * ending with the current one.
 */
enum StatsWindow {

	/** The last hour, in 12 buckets of five minutes. */
	HOUR(StatsResolution.FIVE_MINUTES, 12),

	/** The last day, in 24 hourly buckets. */
	DAY(StatsResolution.HOUR, 24),

	/** The last week, in 168 hourly buckets. */
	WEEK(StatsResolution.HOUR, 168);

	private final StatsResolution resolution;

	private final int buckets;

	StatsWindow(StatsResolution resolution, int buckets) {
		this.resolution = resolution;
		this.buckets = buckets;
	}

	StatsResolution resolution() {
		return this.resolution;
	}

	int buckets() {
		return this.buckets;
	}

	/** The first bucket of the window that ends with the bucket holding {@code now}. */
	long firstBucket(Instant now) {
		return this.resolution.bucketOf(now) - this.buckets + 1;
	}

	String apiName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
