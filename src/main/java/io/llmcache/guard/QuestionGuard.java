package io.llmcache.guard;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rejects a candidate that asks a different kind of question: "why did X happen" and
 * "when did X happen" share every other word, but want a reason and a date.
 * <p>
 * Only question words that open a sentence count, and only when both texts have one: "who
 * is the best player and why?" still asks who, and "is X important?" and "why is X
 * important?" are left to the embedding. "What" and "which" are left out: "what is the
 * best way to X" and "how do I X" ask the same.
 */
final class QuestionGuard implements SemanticGuard {

	static final String NAME = "question";

	private static final Set<String> QUESTION_WORDS = Set.of("why", "when", "where", "who", "how");

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public GuardVerdict check(GuardText query, GuardText candidate) {
		Set<String> inQuery = questionWords(query);
		Set<String> inCandidate = questionWords(candidate);
		if (inQuery.isEmpty() || inCandidate.isEmpty() || inQuery.equals(inCandidate)) {
			return GuardVerdict.accept(NAME);
		}
		return GuardVerdict.reject(NAME,
				"asks " + describe(inQuery) + " in the query, " + describe(inCandidate) + " in the candidate");
	}

	private static Set<String> questionWords(GuardText text) {
		Set<String> words = new TreeSet<>();
		List<String> lower = text.lower();
		for (int i = 0; i < lower.size(); i++) {
			if (text.startsSentence(i) && QUESTION_WORDS.contains(lower.get(i))) {
				words.add(lower.get(i));
			}
		}
		return words;
	}

	private static String describe(Set<String> words) {
		return "'" + String.join("', '", words) + "'";
	}

}
