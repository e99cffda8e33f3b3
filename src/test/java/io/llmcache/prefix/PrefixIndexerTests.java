package io.llmcache.prefix;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.store.EntryStored;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The listener that indexes stored entries: what it records, that it can be switched off,
 * and that a failing index never fails the store.
 */
class PrefixIndexerTests {

	private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

	private final PrefixIndex index = mock(PrefixIndex.class);

	private final EntryStored event = new EntryStored("acme", "support", "entry-1",
			TokenSequenceTests.chat("gpt-4o", "system", "Be brief.", "user", "Hi"), "{}", List.of(), NOW,
			NOW.plus(Duration.ofHours(1)));

	@Test
	void recordsTheBlocksOfAStoredEntryInItsPartition() {
		indexer(true).stored(this.event);
		List<Block> expected = BlockChain.of("acme", "support", factory().of(this.event.request()));
		verify(this.index).record(new TenantNamespace("acme", "support"), expected, "entry-1", NOW.toEpochMilli(),
				NOW.plus(Duration.ofHours(1)).toEpochMilli());
	}

	@Test
	void indexesNothingWhenSwitchedOff() {
		indexer(false).stored(this.event);
		verifyNoInteractions(this.index);
	}

	@Test
	void aFailingIndexLeavesTheStoreAlone() {
		willThrow(new QueryTimeoutException("Redis too slow")).given(this.index)
			.record(any(), anyList(), eq("entry-1"), anyLong(), anyLong());
		assertThatNoException().isThrownBy(() -> indexer(true).stored(this.event));
	}

	private PrefixIndexer indexer(boolean enabled) {
		PrefixProperties defaults = TokenSequenceTests.properties(131_072);
		PrefixProperties properties = new PrefixProperties(enabled, defaults.defaultEncoding(), defaults.encodings(),
				defaults.maxTokens(), defaults.segmentCacheTokens(), defaults.blockCacheSize(),
				defaults.blockCacheTtl(), defaults.entriesPerBlock(), defaults.topPrefixes(),
				defaults.lookupFlushInterval(), defaults.providers());
		return new PrefixIndexer(factory(), this.index, Clock.fixed(NOW, ZoneOffset.UTC), properties);
	}

	private static TokenSequenceFactory factory() {
		PrefixProperties properties = TokenSequenceTests.properties(131_072);
		return new TokenSequenceFactory(new Tokenizers(properties), new SegmentTokenCache(properties), properties);
	}

}
