package io.llmcache.stats;

import java.time.Duration;
import java.time.Instant;

/**
 * The lengths of the time buckets statistics are kept in, and how long each is kept: long
 * enough for the longest window that shows it, plus one bucket.
 */
enum StatsResolution {

	/** Five minutes, for the last hour. */
	FIVE_MINUTES("5m", Duration.ofMinutes(5), Duration.ofHours(1)),

	/** One hour, for the last day and the last week. */
	HOUR("1h", Duration.ofHours(1), Duration.ofDays(7));

	private final String keyName;

	private final Duration length;

	private final Duration longestWindow;

	StatsResolution(String keyName, Duration length, Duration longestWindow) {
		this.keyName = keyName;
		this.length = length;
		this.longestWindow = longestWindow;
	}

	String keyName() {
		return this.keyName;
	}

	Duration length() {
		return this.length;
	}

	Duration retention() {
		return this.longestWindow.plus(this.length);
	}

	/** The number of the bucket that holds a moment: whole lengths since the epoch. */
	long bucketOf(Instant at) {
		return Math.floorDiv(at.getEpochSecond(), this.length.toSeconds());
	}

	Instant startOf(long bucket) {
		return Instant.ofEpochSecond(bucket * this.length.toSeconds());
	}

}
