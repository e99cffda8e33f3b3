/**
 * Per-namespace statistics, counted in Redis so that every replica reports the same:
 * lookups, hits by match type, misses, stores, invalidations, and live entries.
 */
package io.llmcache.stats;
