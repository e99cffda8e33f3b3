package io.llmcache.normalize;

import java.util.List;

import io.llmcache.system.Digests;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How prompt text is normalized before the {@code normalized} match. Part of a namespace
 * policy; its {@linkplain #fingerprint() fingerprint} goes into every cache key so that
 * entries made under different rules never mix.
 *
 * @param unicode the Unicode normalization form, {@code NFKC} by default
 * @param collapseWhitespace whether runs of Unicode white space become one space and the
 * text is trimmed, on by default
 * @param caseFold whether text is lower-cased (locale-independent), off by default since
 * code and identifiers are case-sensitive
 * @param builtinMasks built-in masks for volatile fragments, none by default
 * @param masks user-supplied masks, applied after the built-in ones, none by default
 */
public record NormalizationRules(@DefaultValue("NFKC") @NotNull UnicodeForm unicode,
		@DefaultValue("true") boolean collapseWhitespace, @DefaultValue("false") boolean caseFold,
		@Size(max = 8) List<@NotNull BuiltinMask> builtinMasks, @Valid @Size(max = 32) List<@NotNull Mask> masks) {

	/**
	 * Version of the normalization code. Bump it whenever {@link TextNormalizer} changes
	 * what it produces for the same rules, so that old entries are not matched by new
	 * keys.
	 */
	static final int PIPELINE_VERSION = 1;

	public NormalizationRules {
		builtinMasks = (builtinMasks != null) ? List.copyOf(builtinMasks) : List.of();
		masks = (masks != null) ? List.copyOf(masks) : List.of();
	}

	/**
	 * The rules used when a namespace policy says nothing: NFKC, whitespace collapsed, no
	 * case folding, no masks.
	 * @return the default rules
	 */
	public static NormalizationRules defaults() {
		return new NormalizationRules(UnicodeForm.NFKC, true, false, List.of(), List.of());
	}

	/**
	 * A stable, human-readable identifier of these rules and the pipeline version, for
	 * keys and {@code explain}.
	 * @return the fingerprint, for example {@code n1-nfkc-ws-3f9a0c1e}
	 */
	public String fingerprint() {
		StringBuilder description = new StringBuilder();
		description.append(this.unicode).append('|').append(this.collapseWhitespace).append('|').append(this.caseFold);
		this.builtinMasks.forEach((mask) -> description.append("|b:").append(mask));
		this.masks.forEach((mask) -> description.append("|m:")
			.append(mask.pattern().length())
			.append(':')
			.append(mask.pattern())
			.append(mask.replacement().length())
			.append(':')
			.append(mask.replacement()));
		return "n" + PIPELINE_VERSION + "-" + Digests.shortSha256(description.toString());
	}

}
