/**
 * Token prefixes: the canonical token sequence of a request, a shared index of chained
 * block hashes in Redis, prefix lookups and prefix analytics.
 */
package io.llmcache.prefix;
