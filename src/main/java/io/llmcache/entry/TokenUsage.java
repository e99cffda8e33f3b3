package io.llmcache.entry;

/**
 * The tokens an entry's response cost when the model produced it, which a hit saves: the
 * provider's own {@code usage} counts when the stored response carries them, otherwise an
 * estimate from the text.
 *
 * @param promptTokens the prompt (input) tokens
 * @param completionTokens the completion (output) tokens
 * @param estimated whether the counts are estimated rather than the provider's
 */
public record TokenUsage(long promptTokens, long completionTokens, boolean estimated) {

	/** Marks estimated counts in the stored form. */
	private static final char ESTIMATED = '~';

	public TokenUsage {
		if (promptTokens < 0 || completionTokens < 0) {
			throw new IllegalArgumentException("Token counts cannot be negative");
		}
	}

	/**
	 * The usage as the entry's {@code usage} field keeps it:
	 * {@code "<prompt> <completion>"}, preceded by {@code ~} when estimated.
	 * @return the stored form
	 */
	String encode() {
		return (this.estimated ? String.valueOf(ESTIMATED) : "") + this.promptTokens + " " + this.completionTokens;
	}

	/**
	 * Reads the stored form back.
	 * @param text the field's value, or {@code null} for entries stored before token
	 * usage was kept
	 * @return the usage, or {@code null} when the entry has none or it cannot be read
	 */
	static TokenUsage decode(String text) {
		if (text == null || text.isEmpty()) {
			return null;
		}
		boolean estimated = text.charAt(0) == ESTIMATED;
		String counts = estimated ? text.substring(1) : text;
		int space = counts.indexOf(' ');
		if (space < 0) {
			return null;
		}
		try {
			return new TokenUsage(Long.parseLong(counts, 0, space, 10),
					Long.parseLong(counts, space + 1, counts.length(), 10), estimated);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
