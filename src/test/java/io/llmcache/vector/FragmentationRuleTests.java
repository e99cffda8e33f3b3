package io.llmcache.vector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the index is worth compacting.
 */
class FragmentationRuleTests {

	@Test
	void compactsSoonerWhenTheLargestSegmentHasNoDeletions() {
		// Without deletions: up to 3 segments and a 64th of the largest outside it.
		assertThat(FragmentationRule.isFragmented(1, 6_400, 6_400, 0)).isFalse();
		assertThat(FragmentationRule.isFragmented(3, 6_500, 6_400, 0)).isFalse();
		assertThat(FragmentationRule.isFragmented(2, 6_501, 6_400, 0)).isTrue();
		assertThat(FragmentationRule.isFragmented(4, 6_410, 6_400, 0)).isTrue();
		// With deletions in the largest: an eighth, deletions included, however many
		// segments.
		assertThat(FragmentationRule.isFragmented(1, 6_400, 6_400, 800)).isFalse();
		assertThat(FragmentationRule.isFragmented(10, 6_800, 6_400, 400)).isFalse();
		assertThat(FragmentationRule.isFragmented(1, 6_400, 6_400, 801)).isTrue();
		assertThat(FragmentationRule.isFragmented(2, 6_801, 6_400, 400)).isTrue();
	}

}
