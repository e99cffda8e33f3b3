package io.llmcache.guard;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Rejects a candidate that names something the query does not, or the other way round:
 * proper nouns ("in Maine" and "in Massachusetts", "Capital Bank" and "ConnectOne Bank"),
 * acronyms ("SQL" and "NoSQL") and code identifiers ({@code HashMap}, {@code max_tokens},
 * {@code node.js}). Embeddings weigh a changed name like any other word, so "flights to
 * Paris" and "flights to Rome" look alike to them.
 * <p>
 * An entity is a capitalized word that does not start a sentence, an all-capitals word,
 * or an identifier (inner capitals, underscores or dots). It is covered when the other
 * text has the same word in any case, with or without a plural or possessive ending. A
 * text in Title Case gives no weight to capitals (only its acronyms and identifiers
 * count), since there every word is capitalized.
 */
final class EntityGuard implements SemanticGuard {

	static final String NAME = "entities";

	// Capitalized words that are no names: pronouns, question words, articles, and the
	// like, capitalized in titles and after an unrecognized sentence break
	private static final Set<String> NOT_NAMES = Set.of("i", "i'm", "i've", "i'd", "i'll", "a", "an", "the", "what",
			"why", "how", "when", "where", "who", "which", "whom", "whose", "is", "are", "was", "were", "can", "could",
			"do", "does", "did", "should", "would", "will", "shall", "may", "might", "must", "have", "has", "had", "if",
			"in", "on", "at", "of", "for", "to", "and", "or", "but", "with", "my", "your", "our", "their", "his", "her",
			"its", "this", "that", "these", "those", "there", "it", "we", "you", "they", "he", "she", "me", "be", "am",
			"not", "no", "yes", "ok", "please", "also", "so", "some", "any", "all", "best", "new", "vs", "etc");

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public GuardVerdict check(GuardText query, GuardText candidate) {
		Optional<String> onlyInQuery = uncovered(query, candidate);
		Optional<String> onlyInCandidate = uncovered(candidate, query);
		// A name swapped for another changes the question; a name added beside the same
		// words ("Churchill" and "Winston Churchill", "Cairo" and "Cairo, Egypt") mostly
		// does not, and is left to the embedding
		if (onlyInQuery.isPresent() && onlyInCandidate.isPresent()) {
			return GuardVerdict.reject(NAME,
					"'" + onlyInQuery.get() + "' in the query, '" + onlyInCandidate.get() + "' in the candidate");
		}
		return GuardVerdict.accept(NAME);
	}

	private static Optional<String> uncovered(GuardText text, GuardText other) {
		for (String entity : entities(text)) {
			if (!covered(entity, other)) {
				return Optional.of(entity);
			}
		}
		return Optional.empty();
	}

	static Set<String> entities(GuardText text) {
		List<String> tokens = text.tokens();
		boolean titleCase = titleCase(tokens);
		Set<String> entities = new LinkedHashSet<>();
		for (int i = 0; i < tokens.size(); i++) {
			String token = tokens.get(i);
			if (NOT_NAMES.contains(text.lower().get(i)) || token.chars().allMatch(Character::isDigit)) {
				continue;
			}
			if (identifier(token) || acronym(token)
					|| (!titleCase && !text.startsSentence(i) && Character.isUpperCase(token.charAt(0)))) {
				entities.add(token);
			}
		}
		return entities;
	}

	private static boolean covered(String entity, GuardText other) {
		String lower = entity.toLowerCase(Locale.ROOT).replace('’', '\'');
		String stem = stem(lower);
		for (String token : other.lower()) {
			if (token.equals(lower) || stem(token).equals(stem)) {
				return true;
			}
		}
		return false;
	}

	// Plural and possessive endings: "Canada's", "APIs", "Teslas"
	private static String stem(String word) {
		String stem = word.endsWith("'s") ? word.substring(0, word.length() - 2) : word;
		return (stem.length() > 3 && stem.endsWith("s")) ? stem.substring(0, stem.length() - 1) : stem;
	}

	// Inner capitals after a lower-case letter (HashMap, iPhone), underscores, or dots
	// between letters (node.js, java.util)
	private static boolean identifier(String token) {
		for (int i = 1; i < token.length(); i++) {
			char c = token.charAt(i);
			char before = token.charAt(i - 1);
			if ((Character.isUpperCase(c) && Character.isLowerCase(before)) || c == '_'
					|| (c == '.' && Character.isLetter(before))) {
				return true;
			}
		}
		return false;
	}

	private static boolean acronym(String token) {
		int letters = 0;
		for (int i = 0; i < token.length(); i++) {
			char c = token.charAt(i);
			if (Character.isLetter(c)) {
				if (!Character.isUpperCase(c)) {
					return false;
				}
				letters++;
			}
		}
		return letters >= 2;
	}

	private static boolean titleCase(List<String> tokens) {
		int words = 0;
		int capitalized = 0;
		for (String token : tokens) {
			if (token.length() > 3 && Character.isLetter(token.charAt(0))) {
				words++;
				if (Character.isUpperCase(token.charAt(0))) {
					capitalized++;
				}
			}
		}
		return words >= 3 && capitalized * 10 >= words * 6;
	}

}
