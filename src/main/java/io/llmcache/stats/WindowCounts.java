package io.llmcache.stats;

import java.math.BigDecimal;
import java.util.Map;

import tools.jackson.databind.annotation.JsonSerialize;

/**
 * What a namespace counted over a stretch of time (one bucket, or a whole window).
 *
 * @param lookups lookups answered
 * @param hits hits by match type
 * @param misses misses
 * @param hitRate hits per lookup, 0 without lookups
 * @param stores entries stored
 * @param invalidations invalidations recorded
 * @param promptTokensSaved prompt tokens of the hits served
 * @param completionTokensSaved completion tokens of the hits served
 * @param estimatedSavings what those tokens would have cost at the configured prices, an
 * estimate (in the series' currency)
 * @param hitsUnpriced hits of models the price table does not list, not in
 * {@code estimatedSavings}
 * @param hitsEstimatedUsage hits whose response carried no token counts, so that they
 * were estimated from its text
 * @param hitsWithoutUsage hits of entries stored before token counts were kept, not in
 * the token and money figures
 */
public record WindowCounts(long lookups, Map<String, Long> hits, long misses, double hitRate, long stores,
		long invalidations, long promptTokensSaved, long completionTokensSaved,
		@JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal estimatedSavings, long hitsUnpriced,
		long hitsEstimatedUsage, long hitsWithoutUsage) {

}
