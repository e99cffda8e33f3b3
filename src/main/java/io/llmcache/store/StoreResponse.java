package io.llmcache.store;

import java.time.Instant;

/**
 * Answer of {@code POST /v1/cache/entries}.
 *
 * @param entryId the new entry's id
 * @param createdAt when it was stored
 * @param expiresAt when it expires, after any capping by the policy
 * @param ttlSeconds the time to live applied
 * @param ttlCapped whether the requested time to live was longer than the policy allows
 */
public record StoreResponse(String entryId, Instant createdAt, Instant expiresAt, long ttlSeconds, boolean ttlCapped) {

	static StoreResponse of(StoreReceipt receipt) {
		return new StoreResponse(receipt.entryId(), receipt.createdAt(), receipt.expiresAt(), receipt.ttlSeconds(),
				receipt.ttlCapped());
	}

}
