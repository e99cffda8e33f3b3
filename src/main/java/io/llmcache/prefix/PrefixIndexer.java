package io.llmcache.prefix;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.store.EntryStored;
import io.llmcache.system.StoreFailureLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Adds every stored entry's blocks to the prefix index. It runs in the store's thread,
 * after the entry is in Redis: a failure here is logged and leaves the store as it is
 * (the entry is served; only its prefixes are not indexed).
 */
@Component
class PrefixIndexer {

	private static final Logger logger = LoggerFactory.getLogger(PrefixIndexer.class);

	private final StoreFailureLog failures = new StoreFailureLog(PrefixIndexer.class, Duration.ofSeconds(10));

	private final TokenSequenceFactory sequences;

	private final PrefixIndex index;

	private final Clock clock;

	private final boolean enabled;

	PrefixIndexer(TokenSequenceFactory sequences, PrefixIndex index, Clock clock, PrefixProperties properties) {
		this.sequences = sequences;
		this.index = index;
		this.clock = clock;
		this.enabled = properties.indexStores();
	}

	@EventListener
	void stored(EntryStored event) {
		if (!this.enabled) {
			return;
		}
		try {
			TenantNamespace partition = new TenantNamespace(event.tenant(), event.namespace());
			TokenSequence sequence = this.sequences.of(event.request());
			List<Block> blocks = BlockChain.of(event.tenant(), event.namespace(), sequence);
			this.index.record(partition, blocks, event.entryId(), this.clock.millis(),
					event.expiresAt().toEpochMilli());
		}
		catch (DataAccessException ex) {
			// Every store fails this way while Redis is slow: summarised, not a line each
			this.failures.failed("prefix indexing", ex.getMostSpecificCause().getMessage());
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Prefixes of entry {} in {}/{} not indexed: {}", event.entryId(), event.tenant(),
					event.namespace(), ex.getMessage());
		}
	}

}
