package io.llmcache.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of one namespace not yet in Redis, by {@link StatsFields field}. Counting is
 * lock-free; a drain takes what was counted so far and leaves zeros behind.
 */
final class PendingCounts {

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	void add(String field, long amount) {
		this.counts.computeIfAbsent(field, (name) -> new LongAdder()).add(amount);
	}

	/** The non-zero counts since the last drain, which are taken. */
	Map<String, Long> drain() {
		Map<String, Long> drained = new LinkedHashMap<>();
		this.counts.forEach((field, adder) -> {
			long count = adder.sumThenReset();
			if (count != 0) {
				drained.put(field, count);
			}
		});
		return drained;
	}

	/** Puts back counts that could not be written. */
	void restore(Map<String, Long> drained) {
		drained.forEach(this::add);
	}

}
