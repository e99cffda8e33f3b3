package io.llmcache.normalize;

import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Normalizing twice gives the same result as once, for any text and any combination of
 * rules. Runs as a normal test on the inputs recorded under
 * {@code src/test/resources/io/llmcache/normalize/TextNormalizerFuzzTestsInputs}; run
 * with {@code JAZZER_FUZZ=1} to search for new ones.
 */
class TextNormalizerFuzzTests {

	/** Masks whose placeholders are valid whether or not case folding is on. */
	private static final List<Mask> SAMPLE_MASKS = List.of(new Mask("\\d+", "<n>"), new Mask("ab", "<cd>"),
			new Mask("x", ""), new Mask("(?i)secret-\\w+", "<secret>"), new Mask("\\s+,", ","), new Mask("c+", "<b>"));

	@FuzzTest(maxDuration = "60s")
	void normalizingIsIdempotent(FuzzedDataProvider data) {
		UnicodeForm form = data.pickValue(UnicodeForm.values());
		boolean collapse = data.consumeBoolean();
		boolean caseFold = data.consumeBoolean();
		List<BuiltinMask> builtins = new ArrayList<>();
		for (BuiltinMask mask : BuiltinMask.values()) {
			if (data.consumeBoolean()) {
				builtins.add(mask);
			}
		}
		List<Mask> masks = new ArrayList<>();
		for (Mask mask : SAMPLE_MASKS) {
			if (data.consumeBoolean()) {
				masks.add(mask);
			}
		}
		TextNormalizer normalizer;
		try {
			normalizer = TextNormalizer.compile(new NormalizationRules(form, collapse, caseFold, builtins, masks));
		}
		catch (IllegalArgumentException ex) {
			// Rules whose placeholders are not fixed points are refused, never used.
			return;
		}
		String text = data.consumeRemainingAsString();
		String once = normalizer.normalize(text);
		assertThat(normalizer.normalize(once)).isEqualTo(once);
	}

}
