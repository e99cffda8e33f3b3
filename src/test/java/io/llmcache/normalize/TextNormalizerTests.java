package io.llmcache.normalize;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TextNormalizer}.
 */
class TextNormalizerTests {

	private final TextNormalizer defaults = TextNormalizer.compile(NormalizationRules.defaults());

	@Test
	void collapsesUnicodeWhiteSpaceAndTrims() {
		assertThat(this.defaults.normalize("  a\t\tb\u00A0\u2003c\n\r\n d  ")).isEqualTo("a b c d");
	}

	@Test
	void removesZeroWidthCharacters() {
		assertThat(this.defaults.normalize("ab\u200Bc\uFEFF")).isEqualTo("abc");
	}

	@Test
	void composesAcrossRemovedZeroWidthCharacters() {
		// Found by the generated-input test: removing U+200B after NFKC left "a" and a
		// combining acute uncomposed, so a second pass changed the text.
		String once = this.defaults.normalize("a\u200B\u0301\u0301");
		assertThat(once).isEqualTo("\u00E1\u0301");
		assertThat(this.defaults.normalize(once)).isEqualTo(once);
	}

	@Test
	void appliesCompatibilityCompositionByDefault() {
		assertThat(this.defaults.normalize("\uFF21\uFF22\uFF23 \uFB01le e\u0301")).isEqualTo("ABC file \u00E9");
	}

	@Test
	void keepsCaseUnlessCaseFoldingIsOn() {
		assertThat(this.defaults.normalize("getUserID")).isEqualTo("getUserID");
		TextNormalizer folding = TextNormalizer
			.compile(new NormalizationRules(UnicodeForm.NFKC, true, true, List.of(), List.of()));
		assertThat(folding.normalize("GetUserID \u0130stanbul"))
			.isEqualTo(folding.normalize("getuserid i\u0307stanbul"));
	}

	@Test
	void caseFoldingIsLocaleIndependent() {
		TextNormalizer folding = TextNormalizer
			.compile(new NormalizationRules(UnicodeForm.NONE, false, true, List.of(), List.of()));
		java.util.Locale previous = java.util.Locale.getDefault();
		try {
			java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr"));
			assertThat(folding.normalize("TITLE")).isEqualTo("title");
		}
		finally {
			java.util.Locale.setDefault(previous);
		}
	}

	@Test
	void leavesTextAloneWhenEverythingIsOff() {
		TextNormalizer off = TextNormalizer
			.compile(new NormalizationRules(UnicodeForm.NONE, false, false, List.of(), List.of()));
		assertThat(off.normalize("  A\uFF21  ")).isEqualTo("  A\uFF21  ");
	}

	@Test
	void masksTimestampsUuidsAndRequestIds() {
		TextNormalizer masking = TextNormalizer.compile(new NormalizationRules(UnicodeForm.NFKC, true, false,
				List.of(BuiltinMask.TIMESTAMP, BuiltinMask.UUID, BuiltinMask.REQUEST_ID), List.of()));
		assertThat(masking.normalize("at 2026-11-26T10:15:30.123+01:00 id 123e4567-E89B-12d3-a456-426614174000 "
				+ "req_8f2kLm9Q chatcmpl-AbCdEf12"))
			.isEqualTo("at <timestamp> id <uuid> <request-id> <request-id>");
		assertThat(masking.normalize("on 2026-11-26 only")).isEqualTo("on 2026-11-26 only");
	}

	@Test
	void appliesUserMasksWithLiteralReplacements() {
		TextNormalizer masking = TextNormalizer.compile(new NormalizationRules(UnicodeForm.NFKC, true, false, List.of(),
				List.of(new Mask("order #\\d+", "order $1"))));
		assertThat(masking.normalize("order #123 and order #9")).isEqualTo("order $1 and order $1");
	}

	@Test
	void repeatsMasksUntilNothingChanges() {
		// Removing "x" joins "a" and "b" into a new match of the first mask.
		TextNormalizer masking = TextNormalizer.compile(new NormalizationRules(UnicodeForm.NFKC, true, false, List.of(),
				List.of(new Mask("ab", "<AB>"), new Mask("x", ""))));
		String once = masking.normalize("axb");
		assertThat(once).isEqualTo("<AB>");
		assertThat(masking.normalize(once)).isEqualTo(once);
	}

	@Test
	void rejectsPlaceholdersThatAMaskWouldMatchAgain() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TextNormalizer.compile(
					new NormalizationRules(UnicodeForm.NFKC, true, false, List.of(), List.of(new Mask("ab", "<ab>")))))
			.withMessageContaining("matched by the mask pattern");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TextNormalizer.compile(new NormalizationRules(UnicodeForm.NFKC, true, false,
					List.of(BuiltinMask.UUID), List.of(new Mask("secret", "123e4567-e89b-12d3-a456-426614174000")))))
			.withMessageContaining("matched by the mask pattern");
	}

	@Test
	void rejectsPlaceholdersThatTheRulesWouldChange() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TextNormalizer.compile(
					new NormalizationRules(UnicodeForm.NFKC, true, true, List.of(), List.of(new Mask("ab", "<AB>")))))
			.withMessageContaining("'<ab>'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TextNormalizer.compile(
					new NormalizationRules(UnicodeForm.NFKC, true, false, List.of(), List.of(new Mask("ab", " x ")))))
			.withMessageContaining("normalized form");
	}

	@Test
	void rejectsMasksThatMatchTheEmptyString() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TextNormalizer.compile(
					new NormalizationRules(UnicodeForm.NFKC, true, false, List.of(), List.of(new Mask("a*", "x")))))
			.withMessageContaining("empty string");
	}

	@Test
	void rejectsMasksThatAreNotRe2Syntax() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TextNormalizer.compile(
					new NormalizationRules(UnicodeForm.NFKC, true, false, List.of(), List.of(new Mask("(a)\\1", "x")))))
			.withMessageContaining("RE2");
	}

	@Test
	void isIdempotentOnGeneratedTrickyText() {
		// Code points that interact with the steps: combining marks, compatibility forms,
		// case mappings that change length or depend on context, every kind of space,
		// zero-width characters, and fragments the built-in masks look for.
		String[] pieces = { "a", "B", "\u0301", "\u0308", "\u00A8", "\uFB01", "\uFF21", "\u2460", "\u0130", "I",
				"\u03A3", "\u03C2", "\u1E9E", "\u00DF", "\u212A", "\u2126", " ", "\t", "\n", "\u00A0", "\u2003",
				"\u3000", "\u200B", "\uFEFF", "\u2060", "\uD83D\uDE00", "2026-11-26T10:15:30Z", "T", "z", "-", "_",
				"req", "123e4567-e89b-12d3-a456-426614174000", "ab", "x", "c", ",", "0", "9" };
		List<NormalizationRules> ruleSets = List.of(NormalizationRules.defaults(),
				new NormalizationRules(UnicodeForm.NFKC, true, true, List.of(BuiltinMask.values()), List.of()),
				new NormalizationRules(UnicodeForm.NFC, false, true, List.of(BuiltinMask.TIMESTAMP),
						List.of(new Mask("\\d+", "<n>"), new Mask("x", ""), new Mask("ab", "<cd>"))),
				new NormalizationRules(UnicodeForm.NONE, true, false, List.of(BuiltinMask.REQUEST_ID), List.of()));
		java.util.Random random = new java.util.Random(20261126);
		for (NormalizationRules rules : ruleSets) {
			TextNormalizer normalizer = TextNormalizer.compile(rules);
			for (int i = 0; i < 20000; i++) {
				StringBuilder text = new StringBuilder();
				int length = random.nextInt(12);
				for (int j = 0; j < length; j++) {
					text.append(pieces[random.nextInt(pieces.length)]);
				}
				String once = normalizer.normalize(text.toString());
				assertThat(normalizer.normalize(once)).as("rules %s, text '%s'", rules, text).isEqualTo(once);
			}
		}
	}

	@Test
	void fingerprintChangesWithEveryRule() {
		NormalizationRules base = NormalizationRules.defaults();
		assertThat(base.fingerprint()).startsWith("n1-").isEqualTo(NormalizationRules.defaults().fingerprint());
		assertThat(new NormalizationRules(UnicodeForm.NFC, true, false, List.of(), List.of()).fingerprint())
			.isNotEqualTo(base.fingerprint());
		assertThat(new NormalizationRules(UnicodeForm.NFKC, false, false, List.of(), List.of()).fingerprint())
			.isNotEqualTo(base.fingerprint());
		assertThat(new NormalizationRules(UnicodeForm.NFKC, true, true, List.of(), List.of()).fingerprint())
			.isNotEqualTo(base.fingerprint());
		assertThat(new NormalizationRules(UnicodeForm.NFKC, true, false, List.of(BuiltinMask.UUID), List.of())
			.fingerprint()).isNotEqualTo(base.fingerprint());
		assertThat(new NormalizationRules(UnicodeForm.NFKC, true, false, List.of(), List.of(new Mask("a", "b")))
			.fingerprint())
			.isNotEqualTo(new NormalizationRules(UnicodeForm.NFKC, true, false, List.of(), List.of(new Mask("a", "c")))
				.fingerprint());
	}

}
