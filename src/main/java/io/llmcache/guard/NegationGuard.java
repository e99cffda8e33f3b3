package io.llmcache.guard;

import java.util.Optional;
import java.util.Set;

/**
 * Rejects a candidate negated where the query is not, or the other way round: "how to
 * enable X" and "why can't I enable X" embed close together but ask opposite things.
 * <p>
 * Compares whether each text contains a negation at all, not how many: double negation is
 * rare in prompts, and counting would reject "I don't know why X doesn't work" against
 * "why doesn't X work".
 */
final class NegationGuard implements SemanticGuard {

	static final String NAME = "negation";

	private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nobody", "nothing", "neither",
			"nor", "nowhere", "without", "cannot", "cant", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt",
			"werent", "wont", "wouldnt", "shouldnt", "couldnt", "hasnt", "havent", "hadnt", "mustnt", "neednt");

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public GuardVerdict check(GuardText query, GuardText candidate) {
		Optional<String> inQuery = negation(query);
		Optional<String> inCandidate = negation(candidate);
		if (inQuery.isPresent() == inCandidate.isPresent()) {
			return GuardVerdict.accept(NAME);
		}
		return GuardVerdict.reject(NAME,
				inQuery.map((word) -> "the query is negated ('" + word + "'), the candidate is not")
					.orElseGet(() -> "the candidate is negated ('" + inCandidate.get() + "'), the query is not"));
	}

	private static Optional<String> negation(GuardText text) {
		for (String token : text.lower()) {
			if (NEGATIONS.contains(token) || token.endsWith("n't")) {
				return Optional.of(token);
			}
		}
		return Optional.empty();
	}

}
