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
	void holdsTheKeysAddedUntilTheyAreRemoved() {
		assertThat(this.seen.contains("llmc:{acme/ns}:e:abc")).isFalse();
		this.seen.add("llmc:{acme/ns}:e:abc");
		assertThat(this.seen.contains("llmc:{acme/ns}:e:abc")).isTrue();
		assertThat(this.seen.contains("llmc:{acme/ns}:e:abd")).isFalse();
		this.seen.remove("llmc:{acme/ns}:e:abd");
		assertThat(this.seen.contains("llmc:{acme/ns}:e:abc")).isTrue();
		this.seen.remove("llmc:{acme/ns}:e:abc");
		assertThat(this.seen.contains("llmc:{acme/ns}:e:abc")).isFalse();
	}

	@Test
	void keepsTheMarksOfAsManyKeysAsItHasSlotsForMostly() {
		int keys = SeenKeys.SLOTS / 8;
		IntStream.range(0, keys).forEach((i) -> this.seen.add("key-" + i));
		long held = IntStream.range(0, keys).filter((i) -> this.seen.contains("key-" + i)).count();
		long strangers = IntStream.range(0, keys).filter((i) -> this.seen.contains("other-" + i)).count();
		// Keys sharing a slot overwrite each other's marks: a few per cent at this load.
		assertThat(held).isGreaterThan(keys * 9L / 10);
		assertThat(strangers).isZero();
	}

	@Test
	void aFloodOfNewKeysOverwritesOldMarks() {
		this.seen.add("hot");
		IntStream.range(0, SeenKeys.SLOTS * 8).forEach((i) -> this.seen.add("flood-" + i));
		assertThat(this.seen.contains("hot")).isFalse();
	}

}
