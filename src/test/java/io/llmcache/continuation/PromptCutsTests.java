package io.llmcache.continuation;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PromptCuts}.
 */
class PromptCutsTests {

	@Test
	void eachCutIsNamedAsTheCachedPromptEndingThereWouldBe() {
		String prompt = "def add(a, b):\n    return a + b";
		List<PromptCuts.Cut> cuts = PromptCuts.cutsOf(prompt, 1024);

		assertThat(cuts).hasSize(prompt.length());
		for (PromptCuts.Cut cut : cuts) {
			assertThat(cut.name()).isEqualTo(PromptCuts.nameOf(prompt.substring(0, cut.promptLength())));
		}
	}

	@Test
	void listsTheLongestCachedPromptFirstAndNeverThePromptItself() {
		List<PromptCuts.Cut> cuts = PromptCuts.cutsOf("abcd", 1024);

		assertThat(cuts).extracting(PromptCuts.Cut::promptLength).containsExactly(3, 2, 1, 0);
	}

	@Test
	void looksNoFurtherBackThanTheCharactersAUserMayHaveTyped() {
		List<PromptCuts.Cut> cuts = PromptCuts.cutsOf("abcdefgh", 3);

		assertThat(cuts).extracting(PromptCuts.Cut::promptLength).containsExactly(7, 6, 5);
		assertThat(cuts.get(2).name()).isEqualTo(PromptCuts.nameOf("abcde"));
	}

	@Test
	void neverCutsASurrogatePairInTwo() {
		String prompt = "hi \uD83D\uDE00!";

		assertThat(PromptCuts.cutsOf(prompt, 1024)).extracting(PromptCuts.Cut::promptLength)
			.containsExactly(5, 3, 2, 1, 0);
	}

	@Test
	void namesDifferentPromptsDifferently() {
		assertThat(PromptCuts.nameOf("ab")).isNotEqualTo(PromptCuts.nameOf("ba"));
		assertThat(PromptCuts.nameOf("a")).isNotEqualTo(PromptCuts.nameOf("a\u0000"));
		assertThat(PromptCuts.nameOf("")).isNotEqualTo(PromptCuts.nameOf("\u0000"));
	}

}
