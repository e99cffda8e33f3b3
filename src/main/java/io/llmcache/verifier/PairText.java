package io.llmcache.verifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One side of a pair as the verifier reads it: its words lower-cased, their stems, which
 * carry content, which are written with a capital inside a sentence, and its numbers.
 */
final class PairText {

	private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’.][\\p{L}\\p{N}]+)*[+#]*");

	/**
	 * Words that say how something is asked rather than what: two questions that differ
	 * only in these ("What is X?", "Explain X.") ask the same.
	 */
	static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "is", "are", "was", "were", "be", "been",
			"being", "am", "do", "does", "did", "doing", "have", "has", "had", "having", "i", "me", "my", "we", "our",
			"you", "your", "it", "its", "this", "that", "these", "those", "there", "of", "in", "on", "at", "to", "for",
			"from", "by", "with", "about", "as", "into", "and", "or", "so", "if", "than", "then", "what", "which",
			"who", "whom", "whose", "why", "how", "when", "where", "can", "could", "should", "would", "will", "shall",
			"may", "might", "must", "some", "any", "please", "explain", "describe", "tell", "know", "give", "let",
			"get", "one", "also", "just", "really", "much", "very", "s");

	/** Words that turn a statement around; their count's parity is compared. */
	static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nobody", "nothing", "neither", "nor",
			"without", "cannot", "can't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't",
			"wouldn't", "shouldn't", "couldn't", "haven't", "hasn't", "hadn't", "n't");

	/** The words a question opens with, compared between the two sides. */
	static final List<String> QUESTION_WORDS = List.of("what", "why", "how", "which", "who", "when", "where", "whose",
			"is", "are", "can", "should", "do", "does", "will", "would");

	final List<String> words;

	final List<String> stems;

	final List<Boolean> content;

	final List<Boolean> capitalized;

	final List<String> numbers;

	private PairText(List<String> words, List<String> stems, List<Boolean> content, List<Boolean> capitalized,
			List<String> numbers) {
		this.words = words;
		this.stems = stems;
		this.content = content;
		this.capitalized = capitalized;
		this.numbers = numbers;
	}

	static PairText of(String text) {
		List<String> words = new ArrayList<>();
		List<String> stems = new ArrayList<>();
		List<Boolean> content = new ArrayList<>();
		List<Boolean> capitalized = new ArrayList<>();
		List<String> numbers = new ArrayList<>();
		Matcher matcher = WORD.matcher(text);
		int previousEnd = 0;
		while (matcher.find()) {
			String written = matcher.group();
			String word = written.toLowerCase(Locale.ROOT).replace('’', '\'');
			// A capital says nothing at the start of a sentence
			boolean sentenceStart = words.isEmpty()
					|| text.substring(previousEnd, matcher.start()).matches(".*[.?!:;\"(\\n].*");
			previousEnd = matcher.end();
			words.add(word);
			stems.add(stem(word));
			content.add(!FUNCTION_WORDS.contains(word));
			capitalized.add(!sentenceStart && Character.isUpperCase(written.charAt(0)));
			if (Character.isDigit(word.charAt(0))) {
				numbers.add(word);
			}
		}
		return new PairText(words, stems, content, capitalized, numbers);
	}

	/**
	 * A light stem: possessive and plural endings, {@code -ing} and {@code -ed}, so that
	 * "wallets" meets "wallet" and "voting" meets "vot"; rough on purpose, since both
	 * sides go through the same stem.
	 */
	static String stem(String word) {
		String stem = word.endsWith("'s") ? word.substring(0, word.length() - 2) : word;
		if (stem.length() > 5 && stem.endsWith("ing")) {
			return stem.substring(0, stem.length() - 3);
		}
		if (stem.length() > 4 && stem.endsWith("ies")) {
			return stem.substring(0, stem.length() - 3) + "y";
		}
		if (stem.length() > 4 && stem.endsWith("ed")) {
			return stem.substring(0, stem.length() - 2);
		}
		if (stem.length() > 3 && stem.endsWith("s") && !stem.endsWith("ss") && !stem.endsWith("us")) {
			return stem.substring(0, stem.length() - 1);
		}
		return stem;
	}

	int size() {
		return this.words.size();
	}

	/** The first question word, or the empty string. */
	String questionWord() {
		for (String word : this.words) {
			if (QUESTION_WORDS.contains(word)) {
				return word;
			}
		}
		return "";
	}

	int negations() {
		int count = 0;
		for (String word : this.words) {
			if (NEGATIONS.contains(word) || word.endsWith("n't")) {
				count++;
			}
		}
		return count;
	}

}
