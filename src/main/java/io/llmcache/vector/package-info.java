/**
 * The in-process vector index of semantic matching: every replica holds the vectors of
 * every semantic entry, rebuilt from Redis at start-up and kept in sync through a Redis
 * stream of changes. The index only proposes candidates; every candidate is read back
 * from Redis and checked before it is served, so a stale index costs a miss, never a
 * wrong answer.
 */
package io.llmcache.vector;
