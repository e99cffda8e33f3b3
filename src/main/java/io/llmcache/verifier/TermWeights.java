package io.llmcache.verifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How rare each word stem is among the training questions (inverse document frequency): a
 * shared rare word says more than a shared common one, and a rare word on one side only
 * ("Camel Blue" against "Camel Crush") says the questions differ. A stem never seen in
 * training weighs as much as the rarest.
 */
public final class TermWeights {

	private final Map<String, Float> weights;

	private final float unseen;

	private TermWeights(Map<String, Float> weights, float unseen) {
		this.weights = weights;
		this.unseen = unseen;
	}

	/**
	 * The weights of a corpus.
	 * @param documents each document's text
	 * @return the weights
	 */
	public static TermWeights of(Collection<String> documents) {
		Map<String, Integer> frequencies = new HashMap<>();
		for (String document : documents) {
			Set<String> stems = new HashSet<>(PairText.of(document).stems);
			stems.forEach((stem) -> frequencies.merge(stem, 1, Integer::sum));
		}
		int count = documents.size();
		Map<String, Float> weights = new HashMap<>();
		// Stems seen once weigh the same as unseen ones: they need not be kept
		frequencies.forEach((stem, frequency) -> {
			if (frequency > 1) {
				weights.put(stem, weight(count, frequency));
			}
		});
		return new TermWeights(weights, weight(count, 1));
	}

	private static float weight(int documents, int frequency) {
		return (float) (Math.log((documents + 1.0) / (frequency + 1.0)) + 1.0);
	}

	/**
	 * Reads weights written by {@link #write}.
	 * @param text the text
	 * @return the weights
	 */
	public static TermWeights read(InputStream text) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8))) {
			float unseen = Float.parseFloat(reader.readLine());
			Map<String, Float> weights = new HashMap<>();
			String line;
			while ((line = reader.readLine()) != null) {
				int tab = line.indexOf('\t');
				weights.put(line.substring(0, tab), Float.parseFloat(line.substring(tab + 1)));
			}
			return new TermWeights(weights, unseen);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unreadable term weights", ex);
		}
	}

	/**
	 * The weights as text: the weight of an unseen stem on the first line, then a stem
	 * and its weight a line, sorted, so that the same corpus always gives the same file.
	 * @return the text
	 */
	public String write() {
		StringBuilder out = new StringBuilder().append(this.unseen).append('\n');
		this.weights.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach((entry) -> out.append(entry.getKey()).append('\t').append(entry.getValue()).append('\n'));
		return out.toString();
	}

	/**
	 * How rare a word is.
	 * @param word a word, in any case
	 * @return its weight: higher is rarer
	 */
	public float weightOf(String word) {
		return weight(PairText.stem(word.toLowerCase(java.util.Locale.ROOT)));
	}

	float weight(String stem) {
		return this.weights.getOrDefault(stem, this.unseen);
	}

	int size() {
		return this.weights.size();
	}

}
