package io.llmcache.prefix;

import java.util.List;

import io.llmcache.invalidation.RenderedPrompt;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CanonicalPromptTokenizer}, with the real tokenizers: where a
 * {@code promptPrefix} selector may end.
 */
class CanonicalPromptTokenizerTests {

	private final PrefixProperties properties = TokenSequenceTests.properties(131_072);

	private final CanonicalPromptTokenizer tokenizer = new CanonicalPromptTokenizer(new Tokenizers(this.properties),
			new SegmentTokenCache(this.properties));

	@Test
	void aTextEndingOnATokenBoundaryIsATokenPrefix() {
		String segment = "You are SupportBot v3. Answer in French.";

		assertThat(this.tokenizer.isTokenPrefix("gpt-4o", segment, "You are SupportBot v3")).isTrue();
		assertThat(this.tokenizer.isTokenPrefix("gpt-4o", segment, "You are SupportBot v3.")).isTrue();
		assertThat(this.tokenizer.isTokenPrefix("gpt-4o", segment, segment)).isTrue();
		assertThat(this.tokenizer.isTokenPrefix("gpt-4o", segment, "You are Supp")).as("inside a token").isFalse();
		assertThat(this.tokenizer.isTokenPrefix("gpt-4o", segment, "You are SupportBot v3. Ans")).isFalse();
	}

	@Test
	void worksWithEveryConfiguredTokenizer() {
		for (String model : List.of("gpt-4o", "gpt-4", "some-unknown-model")) {
			assertThat(this.tokenizer.isTokenPrefix(model, "hello world", "hello")).as(model).isTrue();
			assertThat(this.tokenizer.isTokenPrefix(model, "hello world", "hell")).as(model).isFalse();
		}
	}

	@Test
	void selectsEverythingBuiltOnASystemPromptLongerThanAnyHeadWouldKeep() {
		String system = "You are SupportBot v3. ".repeat(200).strip();
		List<String> built = List.of(system, "Where is my order?");
		List<String> other = List.of(system.substring(0, system.length() - 1) + "4", "Where is my order?");

		assertThat(RenderedPrompt.startsWith(built, system,
				(segment, text) -> this.tokenizer.isTokenPrefix("gpt-4o", segment, text)))
			.isTrue();
		assertThat(RenderedPrompt.startsWith(other, system,
				(segment, text) -> this.tokenizer.isTokenPrefix("gpt-4o", segment, text)))
			.as("differs in its last character")
			.isFalse();
	}

}
