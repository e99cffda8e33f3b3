package io.llmcache.guard;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rejects a candidate whose numbers differ from the query's: quantities, years and dates,
 * versions, model numbers ("Java 17" and "Java 21", "in 2016" and "in 2017", "1Z0-554"
 * and "1Z0-560"). Embeddings place such texts almost on top of each other.
 * <p>
 * A number is any token with a digit, compared as written but for thousands separators
 * ("1,000" is "1000"), and the number words up to twenty and the round ones ("ten" is
 * "10"), so that "lose 10 pounds" and "lose ten pounds" agree. "One" is left out: it is a
 * pronoun as often as a number ("how does one learn X").
 */
final class NumberGuard implements SemanticGuard {

	static final String NAME = "numbers";

	private static final Map<String, String> WORDS = Map.ofEntries(Map.entry("zero", "0"), Map.entry("two", "2"),
			Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"), Map.entry("six", "6"),
			Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"), Map.entry("ten", "10"),
			Map.entry("eleven", "11"), Map.entry("twelve", "12"), Map.entry("thirteen", "13"),
			Map.entry("fourteen", "14"), Map.entry("fifteen", "15"), Map.entry("sixteen", "16"),
			Map.entry("seventeen", "17"), Map.entry("eighteen", "18"), Map.entry("nineteen", "19"),
			Map.entry("twenty", "20"), Map.entry("thirty", "30"), Map.entry("forty", "40"), Map.entry("fifty", "50"),
			Map.entry("hundred", "100"), Map.entry("thousand", "1000"), Map.entry("million", "1000000"),
			Map.entry("billion", "1000000000"));

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public GuardVerdict check(GuardText query, GuardText candidate) {
		Set<String> inQuery = numbers(query);
		Set<String> inCandidate = numbers(candidate);
		if (inQuery.equals(inCandidate)) {
			return GuardVerdict.accept(NAME);
		}
		return GuardVerdict.reject(NAME, "numbers differ: " + describe(inQuery) + " in the query, "
				+ describe(inCandidate) + " in the candidate");
	}

	private static Set<String> numbers(GuardText text) {
		Set<String> numbers = new TreeSet<>();
		for (String token : text.lower()) {
			if (token.chars().anyMatch(Character::isDigit)) {
				numbers.add(token.replace(",", ""));
			}
			else if (WORDS.containsKey(token)) {
				numbers.add(WORDS.get(token));
			}
		}
		return numbers;
	}

	private static String describe(Set<String> numbers) {
		return numbers.isEmpty() ? "none" : String.join(", ", numbers);
	}

}
