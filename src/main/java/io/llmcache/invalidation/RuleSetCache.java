package io.llmcache.invalidation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.llmcache.entry.TenantNamespace;

import org.springframework.stereotype.Component;

/**
 * This replica's copy of each namespace's invalidation rules. Every read of an entry
 * comes back with the namespace's current sequence number; the copy is used only if it is
 * for exactly that number, and reloaded otherwise. So a rule recorded on any replica is
 * checked by the very next read everywhere, at the price of one extra round trip per
 * replica per new rule.
 */
@Component
class RuleSetCache {

	/** Bounds the copies kept; past it the cache starts over. */
	static final int MAX_PARTITIONS = 10_000;

	private final InvalidationRepository repository;

	private final Map<TenantNamespace, RuleSet> rules = new ConcurrentHashMap<>();

	RuleSetCache(InvalidationRepository repository) {
		this.repository = repository;
	}

	/**
	 * The rules of a namespace at a sequence number, or later.
	 * @param partition the partition
	 * @param sequence the sequence number a read just returned
	 * @return the rules
	 */
	RuleSet rulesAt(TenantNamespace partition, long sequence) {
		if (sequence == 0) {
			return RuleSet.EMPTY;
		}
		RuleSet cached = this.rules.get(partition);
		if (cached != null && cached.sequence() == sequence) {
			return cached;
		}
		return reload(partition);
	}

	/**
	 * The rules of a namespace as they are in Redis now.
	 * @param partition the partition
	 * @return the rules
	 */
	RuleSet reload(TenantNamespace partition) {
		RuleSet loaded = this.repository.load(partition).rules();
		if (this.rules.size() >= MAX_PARTITIONS) {
			this.rules.clear();
		}
		this.rules.put(partition, loaded);
		return loaded;
	}

}
