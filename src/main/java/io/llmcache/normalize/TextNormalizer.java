package io.llmcache.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.google.re2j.Matcher;

/**
 * Normalizes prompt text according to {@link NormalizationRules}. Thread-safe and
 * immutable; build one per rules and reuse it.
 * <p>
 * The steps, in order: Unicode normalization; case folding with {@link Locale#ROOT}
 * followed by the Unicode form again (lower-casing can leave text that is not in the
 * form); removal of zero-width characters and collapsing of white space; then the masks,
 * repeated until nothing changes (at most {@value #MAX_MASK_PASSES} passes) so that a
 * replacement which makes a new match possible cannot break idempotence. Applying the
 * normalizer to its own output returns that output unchanged.
 *
 * @author llm-cache developers
 */
public final class TextNormalizer {

	private static final int MAX_MASK_PASSES = 4;

	private static final Pattern WHITESPACE_RUN = Pattern.compile("\\p{IsWhite_Space}+");

	private static final Pattern ZERO_WIDTH = Pattern.compile("[\\x{200B}\\x{2060}\\x{FEFF}]+");

	private final NormalizationRules rules;

	private final List<CompiledMask> masks;

	private TextNormalizer(NormalizationRules rules, List<CompiledMask> masks) {
		this.rules = rules;
		this.masks = masks;
	}

	/**
	 * Compiles the rules into a normalizer.
	 * @param rules the rules
	 * @return the normalizer
	 * @throws IllegalArgumentException if a mask pattern is not valid RE2 syntax or
	 * matches the empty string
	 */
	public static TextNormalizer compile(NormalizationRules rules) {
		List<CompiledMask> masks = new ArrayList<>();
		rules.builtinMasks().forEach((builtin) -> masks.add(CompiledMask.of(builtin.toMask())));
		rules.masks().forEach((mask) -> masks.add(CompiledMask.of(mask)));
		return new TextNormalizer(rules, List.copyOf(masks));
	}

	/**
	 * The rules this normalizer applies.
	 * @return the rules
	 */
	public NormalizationRules rules() {
		return this.rules;
	}

	/**
	 * Normalizes one piece of prompt text.
	 * @param text the text as sent
	 * @return the normalized text
	 */
	public String normalize(String text) {
		String result = this.rules.unicode().apply(text);
		if (this.rules.caseFold()) {
			result = this.rules.unicode().apply(result.toLowerCase(Locale.ROOT));
		}
		result = collapseWhitespace(result);
		for (int pass = 0; pass < MAX_MASK_PASSES && !this.masks.isEmpty(); pass++) {
			String masked = collapseWhitespace(applyMasks(result));
			if (masked.equals(result)) {
				break;
			}
			result = masked;
		}
		return result;
	}

	private String collapseWhitespace(String text) {
		if (!this.rules.collapseWhitespace()) {
			return text;
		}
		String withoutZeroWidth = ZERO_WIDTH.matcher(text).replaceAll("");
		return WHITESPACE_RUN.matcher(withoutZeroWidth).replaceAll(" ").strip();
	}

	private String applyMasks(String text) {
		String result = text;
		for (CompiledMask mask : this.masks) {
			result = mask.apply(result);
		}
		return result;
	}

	private record CompiledMask(com.google.re2j.Pattern pattern, String quotedReplacement) {

		static CompiledMask of(Mask mask) {
			com.google.re2j.Pattern pattern;
			try {
				pattern = com.google.re2j.Pattern.compile(mask.pattern());
			}
			catch (com.google.re2j.PatternSyntaxException ex) {
				throw new IllegalArgumentException("Mask pattern is not valid RE2 syntax: " + ex.getMessage(), ex);
			}
			if (pattern.matches("")) {
				throw new IllegalArgumentException("Mask pattern must not match the empty string: " + mask.pattern());
			}
			return new CompiledMask(pattern, Matcher.quoteReplacement(mask.replacement()));
		}

		String apply(String text) {
			return this.pattern.matcher(text).replaceAll(this.quotedReplacement);
		}

	}

}
