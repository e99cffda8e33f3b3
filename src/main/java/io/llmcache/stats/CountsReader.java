package io.llmcache.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmcache.policy.MatchType;

/**
 * Reads the counters of stats hashes, adds them up, and turns them into
 * {@link WindowCounts}.
 */
final class CountsReader {

	private CountsReader() {
	}

	/** The counters of a stats hash as Redis answers it. */
	static Map<String, Long> parse(Map<?, ?> hash) {
		Map<String, Long> counters = new LinkedHashMap<>();
		hash.forEach((field, value) -> counters.put(field.toString(), Long.parseLong(value.toString())));
		return counters;
	}

	/** Adds up counters field by field; a missing field counts 0. */
	static Map<String, Long> sum(List<Map<String, Long>> counters) {
		Map<String, Long> sums = new LinkedHashMap<>();
		counters.forEach((each) -> each.forEach((field, count) -> sums.merge(field, count, Long::sum)));
		return sums;
	}

	static WindowCounts counts(Map<String, Long> counters) {
		Map<String, Long> hits = new LinkedHashMap<>();
		long totalHits = 0;
		for (MatchType type : MatchType.values()) {
			long count = counters.getOrDefault(StatsFields.hits(type), 0L);
			hits.put(type.apiName(), count);
			totalHits += count;
		}
		long lookups = counters.getOrDefault(StatsFields.LOOKUPS, 0L);
		return new WindowCounts(lookups, hits, counters.getOrDefault(StatsFields.MISSES, 0L),
				(lookups > 0) ? (double) totalHits / lookups : 0.0, counters.getOrDefault(StatsFields.STORES, 0L),
				counters.getOrDefault(StatsFields.INVALIDATIONS, 0L),
				counters.getOrDefault(StatsFields.PROMPT_TOKENS, 0L),
				counters.getOrDefault(StatsFields.COMPLETION_TOKENS, 0L),
				PriceTable.amount(counters.getOrDefault(StatsFields.SAVED_NANOS, 0L)),
				counters.getOrDefault(StatsFields.HITS_UNPRICED, 0L),
				counters.getOrDefault(StatsFields.HITS_ESTIMATED_USAGE, 0L),
				counters.getOrDefault(StatsFields.HITS_WITHOUT_USAGE, 0L));
	}

}
