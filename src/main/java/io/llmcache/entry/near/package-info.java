/**
 * The near-cache: hot entries kept in this replica's memory and served without reading
 * them from Redis again, kept consistent by Redis server-assisted client-side caching.
 * Entries are read through one connection with {@code CLIENT TRACKING} on
 * ({@link io.llmcache.entry.near.TrackingConnection}); Redis then tells that connection
 * of every later change of a key it read, and the
 * {@link io.llmcache.entry.near.NearCache} drops the copy. Before serving a copy, a
 * lookup waits for the answer to a ping on that connection sent after it arrived
 * ({@code SharedPings}), so no write that has returned is missed. It imports nothing of
 * the entry store: the store decides what to keep.
 */
package io.llmcache.entry.near;
