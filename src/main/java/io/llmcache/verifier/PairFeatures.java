package io.llmcache.verifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmcache.guard.GuardVerdict;
import io.llmcache.guard.SemanticGuards;

/**
 * What the verifier's trees read about a (query, candidate) pair: one number per
 * {@link #NAMES name}, computed the same way in training and in the service. Symmetric
 * where the question is ("do they share their rare words"), one-sided where it is not
 * ("what does the candidate say that the query does not").
 */
public final class PairFeatures {

	/** The features, in the order of {@link #of}'s array. */
	public static final List<String> NAMES = names();

	private static final SemanticGuards EVERY_GUARD = SemanticGuards.of(SemanticGuards.NAMES);

	private final TermWeights weights;

	/**
	 * Features weighted by some term weights.
	 * @param weights how rare each word is
	 */
	public PairFeatures(TermWeights weights) {
		this.weights = weights;
	}

	private static List<String> names() {
		List<String> names = new ArrayList<>(List.of("cosine", "words_query", "words_candidate", "length_difference",
				"word_jaccard", "content_jaccard", "weighted_overlap", "rarest_only_in_query",
				"rarest_only_in_candidate", "only_in_query", "only_in_candidate", "weight_only_in_one",
				"bigram_jaccard", "trigram_jaccard", "common_subsequence", "same_first_word", "same_question_word",
				"numbers", "numbers_differing", "negation_parity_differs", "names_differing", "name_jaccard",
				"order_discordance", "ordered_words", "same_words_other_order", "common_prefix", "common_suffix"));
		SemanticGuards.NAMES.forEach((guard) -> names.add("guard_" + guard));
		return List.copyOf(names);
	}

	/**
	 * The features of a pair.
	 * @param query the text looked up
	 * @param candidate the text stored
	 * @param cosine the similarity of their embeddings
	 * @return one value per name of {@link #NAMES}
	 */
	public float[] of(String query, String candidate, double cosine) {
		PairText q = PairText.of(query);
		PairText c = PairText.of(candidate);
		float[] features = new float[NAMES.size()];
		int f = 0;
		features[f++] = (float) cosine;
		features[f++] = q.size();
		features[f++] = c.size();
		features[f++] = Math.abs(q.size() - c.size()) / (float) Math.max(1, Math.max(q.size(), c.size()));
		features[f++] = jaccard(new HashSet<>(q.words), new HashSet<>(c.words));
		Set<String> qContent = contentStems(q);
		Set<String> cContent = contentStems(c);
		features[f++] = jaccard(qContent, cContent);
		features[f++] = weightedOverlap(qContent, cContent);
		Set<String> onlyQ = difference(qContent, cContent);
		Set<String> onlyC = difference(cContent, qContent);
		features[f++] = rarest(onlyQ);
		features[f++] = rarest(onlyC);
		features[f++] = onlyQ.size();
		features[f++] = onlyC.size();
		features[f++] = totalWeight(onlyQ) + totalWeight(onlyC);
		features[f++] = jaccard(ngrams(q.words, 2), ngrams(c.words, 2));
		features[f++] = jaccard(characterTrigrams(q), characterTrigrams(c));
		features[f++] = commonSubsequence(q.stems, c.stems) / (float) Math.max(1, Math.max(q.size(), c.size()));
		features[f++] = (q.size() > 0 && c.size() > 0 && q.words.get(0).equals(c.words.get(0))) ? 1 : 0;
		features[f++] = q.questionWord().equals(c.questionWord()) ? 1 : 0;
		features[f++] = q.numbers.size() + c.numbers.size();
		features[f++] = difference(Set.copyOf(q.numbers), Set.copyOf(c.numbers)).size()
				+ difference(Set.copyOf(c.numbers), Set.copyOf(q.numbers)).size();
		features[f++] = (q.negations() % 2 != c.negations() % 2) ? 1 : 0;
		Set<String> qNames = names(q);
		Set<String> cNames = names(c);
		features[f++] = difference(qNames, cNames).size() + difference(cNames, qNames).size();
		features[f++] = (qNames.isEmpty() && cNames.isEmpty()) ? 1 : jaccard(qNames, cNames);
		int[] order = orderDiscordance(q, c);
		features[f++] = (order[1] == 0) ? 0 : order[0] / (float) order[1];
		features[f++] = order[1];
		features[f++] = sameWordsOtherOrder(q, c) ? 1 : 0;
		features[f++] = commonPrefix(q.stems, c.stems);
		features[f++] = commonSuffix(q.stems, c.stems);
		for (GuardVerdict verdict : EVERY_GUARD.checkEach(query, candidate)) {
			features[f++] = verdict.accepted() ? 0 : 1;
		}
		return features;
	}

	private static Set<String> contentStems(PairText text) {
		Set<String> stems = new HashSet<>();
		for (int i = 0; i < text.size(); i++) {
			if (text.content.get(i)) {
				stems.add(text.stems.get(i));
			}
		}
		return stems;
	}

	private static Set<String> names(PairText text) {
		Set<String> names = new HashSet<>();
		for (int i = 0; i < text.size(); i++) {
			if (text.capitalized.get(i)) {
				names.add(text.stems.get(i));
			}
		}
		return names;
	}

	private static <T> Set<T> difference(Set<T> a, Set<T> b) {
		Set<T> difference = new HashSet<>(a);
		difference.removeAll(b);
		return difference;
	}

	private static <T> float jaccard(Set<T> a, Set<T> b) {
		if (a.isEmpty() && b.isEmpty()) {
			return 1;
		}
		int common = 0;
		for (T item : a) {
			if (b.contains(item)) {
				common++;
			}
		}
		return common / (float) (a.size() + b.size() - common);
	}

	private float weightedOverlap(Set<String> a, Set<String> b) {
		float total = totalWeight(a) + totalWeight(b);
		if (total == 0) {
			return 1;
		}
		float shared = 0;
		for (String stem : a) {
			if (b.contains(stem)) {
				shared += 2 * this.weights.weight(stem);
			}
		}
		return shared / total;
	}

	private float rarest(Set<String> stems) {
		float rarest = 0;
		for (String stem : stems) {
			rarest = Math.max(rarest, this.weights.weight(stem));
		}
		return rarest;
	}

	private float totalWeight(Set<String> stems) {
		float total = 0;
		for (String stem : stems) {
			total += this.weights.weight(stem);
		}
		return total;
	}

	private static Set<String> ngrams(List<String> words, int n) {
		Set<String> grams = new HashSet<>();
		for (int i = 0; i + n <= words.size(); i++) {
			grams.add(String.join(" ", words.subList(i, i + n)));
		}
		return grams;
	}

	private static Set<String> characterTrigrams(PairText text) {
		String joined = " " + String.join(" ", text.words) + " ";
		Set<String> grams = new HashSet<>();
		for (int i = 0; i + 3 <= joined.length(); i++) {
			grams.add(joined.substring(i, i + 3));
		}
		return grams;
	}

	private static int commonSubsequence(List<String> a, List<String> b) {
		int[] previous = new int[b.size() + 1];
		int[] current = new int[b.size() + 1];
		for (String item : a) {
			for (int j = 1; j <= b.size(); j++) {
				current[j] = item.equals(b.get(j - 1)) ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.size()];
	}

	/**
	 * Of the content stems each side has exactly once, how many pairs appear in the
	 * opposite order on the other side ("Norman wrote that Sutcliffe …" against
	 * "Sutcliffe wrote that Norman …"): the discordant pairs and all pairs.
	 */
	private static int[] orderDiscordance(PairText q, PairText c) {
		Map<String, Integer> inQuery = onlyOnce(q);
		Map<String, Integer> inCandidate = onlyOnce(c);
		List<int[]> positions = new ArrayList<>();
		inQuery.forEach((stem, at) -> {
			Integer other = inCandidate.get(stem);
			if (other != null) {
				positions.add(new int[] { at, other });
			}
		});
		int discordant = 0;
		int pairs = 0;
		for (int i = 0; i < positions.size(); i++) {
			for (int j = i + 1; j < positions.size(); j++) {
				pairs++;
				int[] a = positions.get(i);
				int[] b = positions.get(j);
				if (Integer.signum(a[0] - b[0]) != Integer.signum(a[1] - b[1])) {
					discordant++;
				}
			}
		}
		return new int[] { discordant, pairs };
	}

	private static Map<String, Integer> onlyOnce(PairText text) {
		Map<String, Integer> positions = new HashMap<>();
		Set<String> repeated = new HashSet<>();
		for (int i = 0; i < text.size(); i++) {
			if (text.content.get(i) && positions.putIfAbsent(text.stems.get(i), i) != null) {
				repeated.add(text.stems.get(i));
			}
		}
		repeated.forEach(positions::remove);
		return positions;
	}

	private static boolean sameWordsOtherOrder(PairText q, PairText c) {
		if (q.words.equals(c.words)) {
			return false;
		}
		List<String> a = new ArrayList<>(q.words);
		List<String> b = new ArrayList<>(c.words);
		a.sort(null);
		b.sort(null);
		return a.equals(b);
	}

	private static int commonSuffix(List<String> a, List<String> b) {
		int length = 0;
		while (length < a.size() && length < b.size()
				&& a.get(a.size() - 1 - length).equals(b.get(b.size() - 1 - length))) {
			length++;
		}
		return length;
	}

	private static int commonPrefix(List<String> a, List<String> b) {
		int length = 0;
		while (length < a.size() && length < b.size() && a.get(length).equals(b.get(length))) {
			length++;
		}
		return length;
	}

}
