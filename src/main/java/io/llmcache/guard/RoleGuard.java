package io.llmcache.guard;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rejects a candidate whose roles are swapped around a directional word: "convert ethanol
 * to acetic acid" and "convert acetic acid to ethanol", "drive from Texas to California"
 * and "from California to Texas", "is X faster than Y" and "is Y faster than X". The
 * words are the same, so the embeddings are nearly identical.
 * <p>
 * For each directional word both texts have, the content words just before and just after
 * it are compared: if words before it in one text come after it in the other, and words
 * after it come before, the roles are swapped.
 */
final class RoleGuard implements SemanticGuard {

	static final String NAME = "roles";

	private static final Set<String> DIRECTIONAL = Set.of("to", "into", "from", "than", "over", "onto");

	private static final int WINDOW = 4;

	private static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "to", "into", "from", "than", "over",
			"onto", "of", "in", "on", "at", "for", "with", "by", "and", "or", "is", "are", "was", "were", "be", "it",
			"how", "what", "why", "which", "who", "when", "where", "do", "does", "did", "can", "could", "should",
			"would", "will", "i", "my", "me", "you", "your", "more", "less", "better", "worse", "way", "best");

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public GuardVerdict check(GuardText query, GuardText candidate) {
		for (String word : DIRECTIONAL) {
			// The n-th occurrence in one text against the n-th in the other: "safe to
			// drive
			// from Texas to California" has an infinitive "to" before the directional one
			List<Integer> inQuery = occurrences(query.lower(), word);
			List<Integer> inCandidate = occurrences(candidate.lower(), word);
			for (int n = 0; n < Math.min(inQuery.size(), inCandidate.size()); n++) {
				Optional<String> swapped = swapped(query.lower(), inQuery.get(n), candidate.lower(),
						inCandidate.get(n));
				if (swapped.isPresent()) {
					return GuardVerdict.reject(NAME, "roles swapped around '" + word + "': " + swapped.get());
				}
			}
		}
		return GuardVerdict.accept(NAME);
	}

	private static Optional<String> swapped(List<String> query, int inQuery, List<String> candidate, int inCandidate) {
		Set<String> beforeQuery = content(query, inQuery - WINDOW, inQuery);
		Set<String> afterQuery = content(query, inQuery + 1, inQuery + 1 + WINDOW);
		Set<String> beforeCandidate = content(candidate, inCandidate - WINDOW, inCandidate);
		Set<String> afterCandidate = content(candidate, inCandidate + 1, inCandidate + 1 + WINDOW);
		Set<String> movedBack = intersection(afterQuery, beforeCandidate);
		Set<String> movedForward = intersection(beforeQuery, afterCandidate);
		movedBack.removeAll(afterCandidate);
		movedForward.removeAll(beforeCandidate);
		if (movedBack.isEmpty() || movedForward.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(String.join(" ", new TreeSet<>(movedForward)) + " and "
				+ String.join(" ", new TreeSet<>(movedBack)) + " changed places");
	}

	private static List<Integer> occurrences(List<String> tokens, String word) {
		List<Integer> at = new ArrayList<>();
		for (int i = 0; i < tokens.size(); i++) {
			if (tokens.get(i).equals(word)) {
				at.add(i);
			}
		}
		return at;
	}

	private static Set<String> content(List<String> tokens, int from, int to) {
		Set<String> words = new HashSet<>();
		for (int i = Math.max(0, from); i < Math.min(tokens.size(), to); i++) {
			if (!FUNCTION_WORDS.contains(tokens.get(i))) {
				words.add(tokens.get(i));
			}
		}
		return words;
	}

	private static Set<String> intersection(Set<String> one, Set<String> other) {
		Set<String> both = new HashSet<>(one);
		both.retainAll(other);
		return both;
	}

}
