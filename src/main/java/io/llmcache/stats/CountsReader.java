package io.llmcache.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmcache.policy.MatchType;

/**
 * Turns the counters of a stats hash (or the sum of several) into {@link WindowCounts}.
 */
final class CountsReader {

	private CountsReader() {
	}

	/** Adds up hashes field by field; a missing field counts 0. */
	static Map<String, Long> sum(List<? extends Map<?, ?>> hashes) {
		Map<String, Long> sums = new LinkedHashMap<>();
		for (Map<?, ?> hash : hashes) {
			hash.forEach((field, value) -> sums.merge(field.toString(), Long.parseLong(value.toString()), Long::sum));
		}
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
