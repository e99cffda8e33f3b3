package io.llmcache.semantic.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.llmcache.system.Digests;

/**
 * Pairs the verifier's training makes from the training questions themselves, since QQP
 * has few of two kinds a cache meets: word swaps that keep every word but change who did
 * what to whom ("convert PDF to Word" / "convert Word to PDF"), which must not hit, and
 * the same request asked another way ("What is X?" / "Explain X."), which should.
 */
final class TrainingPairs {

	private static final Pattern WORD = Pattern
		.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’.+#-]*[\\p{L}\\p{N}+#]|[\\p{L}\\p{N}]");

	// Words around which a swap keeps the meaning ("between A and B", "A vs B")
	private static final Set<String> SYMMETRIC = Set.of("and", "or", "vs", "vs.", "versus", "&", "/");

	private static final Set<String> SKIP = Set.of("what", "why", "how", "which", "who", "when", "where", "is", "are",
			"do", "does", "did", "can", "should", "would", "will", "the", "a", "an", "i", "my", "you", "your", "it",
			"of", "in", "on", "to", "for", "from", "by", "with", "and", "or", "that", "this", "there", "be", "was",
			"were", "about", "as", "at", "best", "some", "good", "way", "ways", "get", "make", "much", "many");

	private static final List<Phrasing> PHRASINGS = List.of(
			new Phrasing("(?i)^what (?:is|are) (.{3,80})\\?$", "Explain %s.", "Tell me about %s.",
					"Can you explain %s?", "Describe %s."),
			new Phrasing("(?i)^how does (.{3,80}) work\\?$", "Explain how %s works.", "How do %s work?",
					"Describe how %s works."),
			new Phrasing("(?i)^how (?:do|can) i (.{3,80})\\?$", "What is the best way to %s?", "What's the way to %s?",
					"How should I %s?"),
			new Phrasing("(?i)^what are (?:some|the) (?:benefits|advantages) of (.{3,80})\\?$", "Why is %s good?",
					"What are the pros of %s?"));

	/** The share of training questions whose word swap becomes a negative example. */
	private static final double SWAP_SHARE = 0.15;

	/**
	 * The share of training questions with a known form whose rephrasing becomes a
	 * positive.
	 */
	private static final double REPHRASE_SHARE = 0.3;

	private TrainingPairs() {
	}

	/**
	 * The pairs made from the training questions: a share of their word swaps as
	 * negatives and of their rephrasings as positives. Questions whose SHA-256 ends in 0
	 * are held back: their swaps are the word-swap test set and nothing of them is
	 * trained on.
	 * @param questions the training questions, in a fixed order
	 * @param weight how rare a lower-cased word is
	 * @param seed the seed of the shares drawn
	 * @return the training pairs made and the held-back swaps
	 */
	static Made make(Collection<String> questions, ToDoubleFunction<String> weight, long seed) {
		Random random = new Random(seed);
		List<EvalPair> made = new ArrayList<>();
		List<EvalPair> heldSwaps = new ArrayList<>();
		for (String question : questions) {
			boolean heldBack = Digests.sha256Hex(question).endsWith("0");
			String swapped = swap(question, weight);
			if (swapped != null && !swapped.equals(question)) {
				if (heldBack) {
					heldSwaps.add(new EvalPair(question, swapped, false, "", false));
				}
				else if (random.nextDouble() < SWAP_SHARE) {
					made.add(new EvalPair(question, swapped, false, "", false));
				}
			}
			String rephrased = (heldBack || random.nextDouble() >= REPHRASE_SHARE) ? null : rephrase(question, random);
			if (rephrased != null) {
				made.add(new EvalPair(question, rephrased, true, "", false));
			}
		}
		return new Made(made, heldSwaps);
	}

	/** Pairs made for training, and the word swaps held back for testing. */
	record Made(List<EvalPair> made, List<EvalPair> heldBackSwaps) {

	}

	/**
	 * A swap of two content words of a question, if it has two that can be swapped
	 * without keeping the meaning: the two rarest words (by the given weight) that are
	 * apart and not joined by "and", "or" or "vs".
	 * @param question the question
	 * @param weight how rare a lower-cased word is
	 * @return the swapped question, or {@code null}
	 */
	static String swap(String question, ToDoubleFunction<String> weight) {
		List<int[]> spans = new ArrayList<>();
		List<String> words = new ArrayList<>();
		Matcher matcher = WORD.matcher(question);
		while (matcher.find()) {
			spans.add(new int[] { matcher.start(), matcher.end() });
			words.add(matcher.group().toLowerCase(Locale.ROOT));
		}
		int first = -1;
		int second = -1;
		double best = 0;
		for (int i = 0; i < words.size(); i++) {
			if (SKIP.contains(words.get(i)) || words.get(i).length() < 2) {
				continue;
			}
			for (int j = i + 2; j < words.size(); j++) {
				if (SKIP.contains(words.get(j)) || words.get(j).equals(words.get(i))
						|| joinedSymmetrically(words, i, j)) {
					continue;
				}
				double score = weight.applyAsDouble(words.get(i)) + weight.applyAsDouble(words.get(j));
				if (score > best) {
					best = score;
					first = i;
					second = j;
				}
			}
		}
		if (first < 0) {
			return null;
		}
		int[] a = spans.get(first);
		int[] b = spans.get(second);
		return question.substring(0, a[0]) + question.substring(b[0], b[1]) + question.substring(a[1], b[0])
				+ question.substring(a[0], a[1]) + question.substring(b[1]);
	}

	private static boolean joinedSymmetrically(List<String> words, int i, int j) {
		for (int k = i + 1; k < j; k++) {
			if (SYMMETRIC.contains(words.get(k))) {
				return true;
			}
		}
		// "between A ... B" compares two things either way round
		return i > 0 && words.get(i - 1).equals("between");
	}

	/**
	 * The same request asked another way, if the question has a form with known
	 * rephrasings: one of them, chosen at random.
	 * @param question the question
	 * @param random the source of the choice
	 * @return the rephrased question, or {@code null}
	 */
	static String rephrase(String question, Random random) {
		for (Phrasing phrasing : PHRASINGS) {
			Matcher matcher = phrasing.pattern().matcher(question.strip());
			if (matcher.matches()) {
				String template = phrasing.templates()[random.nextInt(phrasing.templates().length)];
				return String.format(Locale.ROOT, template, matcher.group(1));
			}
		}
		return null;
	}

	private record Phrasing(Pattern pattern, String[] templates) {

		Phrasing(String regex, String... templates) {
			this(Pattern.compile(regex), templates);
		}

	}

}
