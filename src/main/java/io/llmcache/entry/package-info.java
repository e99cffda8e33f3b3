/**
 * The entry store: the Redis layout of cached entries, owned in one place. A
 * {@link io.llmcache.entry.TenantNamespace} makes every key; the
 * {@link io.llmcache.entry.EntryRepository} keeps entries, their pointers and index
 * memberships with its scripts. Features (lookup, store, invalidation, semantic,
 * continuation, feedback, stats) sit on top of it; it imports none of them.
 */
package io.llmcache.entry;
