/**
 * Storing, reading and deleting entries: the typed operations behind
 * {@code /v1/cache/entries} and the proxy's stores, on top of the entry store.
 */
package io.llmcache.store;
