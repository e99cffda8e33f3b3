package io.llmcache.entry;

/**
 * The outcome of a store.
 *
 * @param stored whether the entry was written
 * @param sequence the invalidation sequence number it was stored at, or the one that
 * differed from the expected one
 */
public record StoreOutcome(boolean stored, long sequence) {

}
