package io.llmcache.normalize;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Masks for volatile fragments that commonly differ between otherwise identical prompts.
 * Their placeholders contain no digits, hex letters in runs, or separators that any
 * built-in pattern matches, so masking is idempotent.
 */
public enum BuiltinMask {

	/**
	 * ISO-8601 date-times such as {@code 2026-11-26T10:15:30.123Z} or with an offset; any
	 * case, since case folding may run first.
	 */
	TIMESTAMP("(?i)\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2})?",
			"<timestamp>"),

	/** RFC 4122 UUIDs in their canonical textual form, any case. */
	UUID("(?i)\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b", "<uuid>"),

	/**
	 * Request and trace identifiers with a common prefix, such as {@code req_8f2k…},
	 * {@code chatcmpl-AbC…}, {@code trace-id: …}.
	 */
	REQUEST_ID("(?i)\\b(?:req|request|trace|span|chatcmpl|msg|run)[_-][A-Za-z0-9]{6,}\\b", "<request-id>");

	private final String pattern;

	private final String replacement;

	BuiltinMask(String pattern, String replacement) {
		this.pattern = pattern;
		this.replacement = replacement;
	}

	Mask toMask() {
		return new Mask(this.pattern, this.replacement);
	}

	/**
	 * The name used in the API and configuration: {@code timestamp}, {@code uuid},
	 * {@code request-id}.
	 * @return the name
	 */
	@JsonValue
	public String apiName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	@JsonCreator
	static BuiltinMask fromApiName(String name) {
		for (BuiltinMask mask : values()) {
			if (mask.apiName().equals(name) || mask.name().equals(name)) {
				return mask;
			}
		}
		throw new IllegalArgumentException("Unknown built-in mask '" + name + "'");
	}

}
