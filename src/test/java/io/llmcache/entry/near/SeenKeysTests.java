package io.llmcache.entry.near;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SeenKeys}.
 */
class SeenKeysTests {

	private final SeenKeys seen = new SeenKeys();

	@Test
	void aKeyIsNewOnItsFirstLookupAndSeenOnLaterOnes() {
		assertThat(this.seen.lookedUpBefore("llmc:{acme/ns}:e:abc")).isFalse();
		assertThat(this.seen.lookedUpBefore("llmc:{acme/ns}:e:abc")).isTrue();
		assertThat(this.seen.lookedUpBefore("llmc:{acme/ns}:e:abc")).isTrue();
		assertThat(this.seen.lookedUpBefore("llmc:{acme/ns}:e:abd")).isFalse();
	}

	@Test
	void keepsTheMarksOfAsManyKeysAsItHasSlotsForMostly() {
		int keys = SeenKeys.SLOTS / 8;
		IntStream.range(0, keys).forEach((i) -> this.seen.lookedUpBefore("key-" + i));
		long remembered = IntStream.range(0, keys).filter((i) -> this.seen.lookedUpBefore("key-" + i)).count();
		// Keys sharing a slot overwrite each other's marks: a few per cent at this load.
		assertThat(remembered).isGreaterThan(keys * 9L / 10);
	}

	@Test
	void aFloodOfNewKeysOverwritesOldMarks() {
		this.seen.lookedUpBefore("hot");
		IntStream.range(0, SeenKeys.SLOTS * 8).forEach((i) -> this.seen.lookedUpBefore("flood-" + i));
		assertThat(this.seen.lookedUpBefore("hot")).isFalse();
	}

}
