package io.llmcache.invalidation;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EntryPrompts}.
 */
class EntryPromptsTests {

	private final EntryPrompts prompts = new EntryPrompts(
			(model, segment, text) -> segment.length() == text.length() || segment.charAt(text.length()) == ' ',
			JsonMapper.builder().build());

	@Test
	void readsTheStoredRequestOnceAndOnlyWhenASelectorAsks() {
		AtomicInteger reads = new AtomicInteger();
		Predicate<String> startsWith = this.prompts.startsWith("m", () -> {
			reads.incrementAndGet();
			return """
					{"messages":[{"role":"user","content":"Where is my order?"},
					 {"role":"system","content":"You are SupportBot v3."}],"tools":[],"params":{}}""";
		});
		assertThat(reads).hasValue(0);

		assertThat(startsWith.test("You are")).isTrue();
		assertThat(startsWith.test("You ar")).as("not on a token boundary").isFalse();
		assertThat(startsWith.test("You are SupportBot v3.\nWhere is")).isTrue();
		assertThat(startsWith.test("Where is")).as("system messages come first").isFalse();
		assertThat(reads).hasValue(1);
	}

	@Test
	void readsCompletionPrompts() {
		Predicate<String> startsWith = this.prompts.startsWith("m",
				() -> "{\"prompt\":\"def add(a, b):\",\"tools\":[],\"params\":{}}");

		assertThat(startsWith.test("def add(a,")).isTrue();
		assertThat(startsWith.test("def ad")).isFalse();
	}

	@Test
	void anEntryGoneSinceItWasReadIsSelectedSoItIsNeverServed() {
		assertThat(this.prompts.startsWith("m", () -> null).test("anything")).isTrue();
	}

}
