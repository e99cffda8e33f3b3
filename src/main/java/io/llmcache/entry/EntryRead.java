package io.llmcache.entry;

import java.util.Optional;

/**
 * The outcome of a read of an entry: the entry, if there was one, and the namespace's
 * invalidation sequence number read in the same round trip, against which the entry is
 * checked before it is served.
 *
 * @param sequence the namespace's invalidation sequence number at the read
 * @param entry the entry, if there was one
 */
public record EntryRead(long sequence, Optional<StoredEntry> entry) {

}
