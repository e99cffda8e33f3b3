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
 * The steps, in order: removal of zero-width characters (with white space collapsing);
 * Unicode normalization; case folding with {@link Locale#ROOT} followed by the Unicode
 * form again (lower-casing can leave text that is not in the form); collapsing of white
 * space runs to one space and trimming; then the masks, after which the whole pipeline
 * runs again until nothing changes (at most {@value #MAX_MASK_PASSES} passes), so that a
 * mask which joins a letter to a combining mark or makes a new match possible cannot
 * break idempotence. Mask placeholders must be fixed points of the pipeline (checked when
 * compiling). Applying the normalizer to its own output returns that output unchanged.
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
		TextNormalizer normalizer = new TextNormalizer(rules, List.copyOf(masks));
		for (Mask mask : rules.masks()) {
			normalizer.checkPlaceholder(mask.replacement());
		}
		return normalizer;
	}

	/**
	 * A placeholder must come out of the pipeline unchanged, or normalizing twice would
	 * differ from normalizing once: it must already be normalized (for example lower-case
	 * when case folding is on) and no mask may match inside it.
	 */
	private void checkPlaceholder(String replacement) {
		if (!beforeMasks(replacement).equals(replacement)) {
			throw new IllegalArgumentException("Mask replacement '" + replacement
					+ "' is changed by the normalization rules themselves; use its normalized form '"
					+ beforeMasks(replacement) + "'");
		}
		for (CompiledMask mask : this.masks) {
			if (mask.pattern().matcher(replacement).find()) {
				throw new IllegalArgumentException("Mask replacement '" + replacement
						+ "' is matched by the mask pattern '" + mask.pattern() + "'");
			}
		}
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
		String result = beforeMasks(text);
		if (this.masks.isEmpty()) {
			return result;
		}
		for (int pass = 0; pass < MAX_MASK_PASSES; pass++) {
			// A mask may remove text between a letter and a combining mark, or create a
			// new
			// match: run the whole pipeline again until it changes nothing.
			String next = beforeMasks(applyMasks(result));
			if (next.equals(result)) {
				break;
			}
			result = next;
		}
		return result;
	}

	private String beforeMasks(String text) {
		// Zero-width characters go first: left in place they block canonical composition,
		// and removing them afterwards would leave text that is not in the form.
		String result = this.rules.collapseWhitespace() ? ZERO_WIDTH.matcher(text).replaceAll("") : text;
		result = this.rules.unicode().apply(result);
		if (this.rules.caseFold()) {
			result = this.rules.unicode().apply(result.toLowerCase(Locale.ROOT));
		}
		return collapseWhitespace(result);
	}

	private String collapseWhitespace(String text) {
		if (!this.rules.collapseWhitespace()) {
			return text;
		}
		return WHITESPACE_RUN.matcher(text).replaceAll(" ").strip();
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
