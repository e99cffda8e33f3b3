package io.llmcache.store;

import java.time.Instant;

/**
 * What a store did.
 *
 * @param entryId the new entry's id
 * @param createdAt when it was stored
 * @param expiresAt when it expires, after any capping by the policy
 * @param ttlSeconds the time to live applied
 * @param ttlCapped whether the time to live differs from the one asked for (or the
 * policy's default), because the policy caps it
 */
public record StoreReceipt(String entryId, Instant createdAt, Instant expiresAt, long ttlSeconds, boolean ttlCapped) {

}
