package io.llmcache.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text as the guards see it: its tokens, in original case and lower-cased, analysed
 * once per check.
 */
final class GuardText {

	// Words, numbers and identifiers: letters and digits with inner apostrophes, dots,
	// underscores, hyphens, thousands separators, and trailing plus and hash signs
	// (don't, node.js, snake_case, 1,000, C++, C#)
	private static final Pattern TOKEN = Pattern
		.compile("[\\p{L}\\p{N}](?:[\\p{L}\\p{N}_]|['’.\\-](?=[\\p{L}\\p{N}])|(?<=\\p{N}),(?=\\p{N}{3}))*[+#]*");

	private static final Pattern SENTENCE_BREAK = Pattern.compile("[.?!:;\"“(\\[\\n]");

	private final String text;

	private final List<String> tokens;

	private final List<String> lower;

	private final Set<String> lowerSet;

	private final List<Boolean> sentenceStarts;

	private GuardText(String text, List<String> tokens, List<Boolean> sentenceStarts) {
		this.text = text;
		this.tokens = tokens;
		this.sentenceStarts = sentenceStarts;
		this.lower = tokens.stream().map((token) -> token.toLowerCase(Locale.ROOT).replace('’', '\'')).toList();
		this.lowerSet = Set.copyOf(this.lower);
	}

	static GuardText of(String text) {
		List<String> tokens = new ArrayList<>();
		List<Boolean> sentenceStarts = new ArrayList<>();
		Matcher matcher = TOKEN.matcher(text);
		int previousEnd = 0;
		while (matcher.find()) {
			tokens.add(matcher.group());
			// A capital letter says little at the start of a sentence, a quote or a
			// parenthesis
			String gap = text.substring(previousEnd, matcher.start());
			sentenceStarts.add(tokens.size() == 1 || SENTENCE_BREAK.matcher(gap).find());
			previousEnd = matcher.end();
		}
		return new GuardText(text, List.copyOf(tokens), List.copyOf(sentenceStarts));
	}

	String text() {
		return this.text;
	}

	/** Tokens as written. */
	List<String> tokens() {
		return this.tokens;
	}

	/** Tokens lower-cased ({@code Locale.ROOT}), typographic apostrophes made plain. */
	List<String> lower() {
		return this.lower;
	}

	/** Whether the token at an index starts a sentence, quote or parenthesis. */
	boolean startsSentence(int index) {
		return this.sentenceStarts.get(index);
	}

	boolean has(String lowerToken) {
		return this.lowerSet.contains(lowerToken);
	}

}
