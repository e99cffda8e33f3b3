package io.llmcache.stats;

import java.util.Map;

/**
 * The statistics of one namespace, totals over every replica since the namespace was
 * first used (or since its statistics expired after
 * {@value StatsRepository#RETENTION_DAYS} idle days).
 *
 * @param namespace the namespace
 * @param entries live entries now
 * @param lookups lookups answered
 * @param hits hits by match type
 * @param misses misses
 * @param hitRate hits per lookup, 0 without lookups
 * @param stores entries stored
 * @param invalidations invalidations recorded
 */
public record NamespaceStats(String namespace, long entries, long lookups, Map<String, Long> hits, long misses,
		double hitRate, long stores, long invalidations) {

}
