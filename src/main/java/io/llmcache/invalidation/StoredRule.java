package io.llmcache.invalidation;

import java.time.Instant;
import java.util.List;

import tools.jackson.core.type.TypeReference;

/**
 * An invalidation rule as kept in Redis, under its sequence number.
 *
 * @param id the invalidation id
 * @param recordedAt when it was recorded
 * @param keyId who recorded it
 * @param selector what it covers
 */
record StoredRule(String id, Instant recordedAt, String keyId, Selector selector) {

	static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
	};

	static StoredRule of(InvalidationRule rule) {
		return new StoredRule(rule.id(), rule.recordedAt(), rule.keyId(), rule.selector());
	}

	InvalidationRule toRule(long sequence) {
		return new InvalidationRule(sequence, this.id, this.recordedAt, this.keyId, this.selector);
	}

}
