package io.llmcache.semantic.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmcache.semantic.UnitVectors;

/**
 * One evaluation file used as a cache the way {@code ../shared/eval/cache_eval.py} uses
 * the service, with the verifier in the loop: one entry per distinct (context, q1), every
 * q2 looked up among the entries of its context, its {@value #CANDIDATES} nearest at or
 * above the retrieval floor scored by the verifier, and the hit is the first of them
 * (most similar first, as the service reads them) whose score reaches the threshold.
 * Scores are kept, so that every threshold is scored without scoring again; hits are
 * judged by the file's {@link LabelGraph}.
 */
final class VerifiedCache {

	static final int CANDIDATES = 5;

	/** Scores a (query, candidate) pair, given their cosine similarity. */
	interface Scorer {

		double score(String query, String candidate, double cosine);

	}

	private final String name;

	private final List<Lookup> lookups;

	private final long answerable;

	private VerifiedCache(String name, List<Lookup> lookups, long answerable) {
		this.name = name;
		this.lookups = lookups;
		this.answerable = answerable;
	}

	static VerifiedCache run(EvalData data, VectorFile vectors, double floor, Scorer scorer) {
		LabelGraph labels = new LabelGraph(data.pairs());
		Map<String, EvalPair> stored = new LinkedHashMap<>();
		for (EvalPair pair : data.pairs()) {
			stored.putIfAbsent(LabelGraph.node(pair.context(), pair.q1()), pair);
		}
		Map<String, List<EvalPair>> byContext = new HashMap<>();
		stored.values()
			.forEach((pair) -> byContext.computeIfAbsent(pair.context(), (key) -> new ArrayList<>()).add(pair));
		Set<String> storedRoots = new HashSet<>();
		stored.keySet().forEach((node) -> storedRoots.add(labels.root(node)));
		Map<String, float[]> storedVectors = new HashMap<>();
		stored.values().forEach((pair) -> storedVectors.put(pair.q1(), vectors.get(pair.q1())));
		// Retrieval and scoring in parallel; judging after, since the label graph is not
		// thread-safe
		List<List<Candidate>> found = data.pairs().parallelStream().map((pair) -> {
			float[] vector = vectors.get(pair.q2());
			List<Candidate> candidates = new ArrayList<>();
			for (EvalPair entry : byContext.get(pair.context())) {
				double cosine = UnitVectors.cosine(vector, storedVectors.get(entry.q1()));
				if (cosine >= floor) {
					candidates.add(new Candidate(entry, cosine, 0, null));
				}
			}
			candidates.sort((a, b) -> Double.compare(b.cosine(), a.cosine()));
			List<Candidate> scored = new ArrayList<>();
			for (Candidate candidate : candidates.subList(0, Math.min(CANDIDATES, candidates.size()))) {
				scored.add(new Candidate(candidate.entry(), candidate.cosine(),
						scorer.score(pair.q2(), candidate.entry().q1(), Math.min(1.0, candidate.cosine())), null));
			}
			return scored;
		}).toList();
		List<Lookup> lookups = new ArrayList<>();
		long answerable = 0;
		for (int i = 0; i < data.pairs().size(); i++) {
			EvalPair pair = data.pairs().get(i);
			String query = LabelGraph.node(pair.context(), pair.q2());
			if (pair.duplicate() || storedRoots.contains(labels.root(query))) {
				answerable++;
			}
			List<Candidate> judged = new ArrayList<>();
			for (Candidate candidate : found.get(i)) {
				EvalPair entry = candidate.entry();
				judged.add(new Candidate(entry, candidate.cosine(), candidate.score(),
						labels.judge(query, LabelGraph.node(entry.context(), entry.q1()))));
			}
			lookups.add(new Lookup(pair, judged));
		}
		return new VerifiedCache(data.name(), lookups, answerable);
	}

	String name() {
		return this.name;
	}

	/**
	 * The figures at a verifier threshold, candidates below a similarity ignored.
	 * @param threshold the least verifier score of a hit
	 * @param minSimilarity the least similarity of a hit (at least the floor)
	 * @return the figures
	 */
	Score score(double threshold, double minSimilarity) {
		long correct = 0;
		long wrong = 0;
		long unjudged = 0;
		for (Lookup lookup : this.lookups) {
			for (Candidate candidate : lookup.candidates()) {
				if (candidate.cosine() >= minSimilarity && candidate.score() >= threshold) {
					switch (candidate.verdict()) {
						case CORRECT -> correct++;
						case FALSE -> wrong++;
						case UNJUDGED -> unjudged++;
					}
					break;
				}
			}
		}
		return new Score(threshold, correct, wrong, unjudged, this.answerable, this.lookups.size());
	}

	/**
	 * Every hit at a threshold, for reading what goes wrong.
	 */
	List<String> hits(double threshold) {
		List<String> rows = new ArrayList<>();
		for (Lookup lookup : this.lookups) {
			for (Candidate candidate : lookup.candidates()) {
				if (candidate.score() >= threshold) {
					rows.add(String.format(java.util.Locale.ROOT, "%s\t%.3f\t%.3f\t%s\t%s", candidate.verdict(),
							candidate.cosine(), candidate.score(), lookup.pair().q2(), candidate.entry().q1()));
					break;
				}
			}
		}
		return rows;
	}

	private record Lookup(EvalPair pair, List<Candidate> candidates) {

	}

	private record Candidate(EvalPair entry, double cosine, double score, LabelGraph.Verdict verdict) {

	}

	/**
	 * The figures of {@code cache_eval.py} at one threshold.
	 */
	record Score(double threshold, long correct, long wrong, long unjudged, long answerable, long lookups) {

		double judgedPrecision() {
			return (this.correct + this.wrong == 0) ? Double.NaN : (double) this.correct / (this.correct + this.wrong);
		}

		double strictPrecision() {
			long hits = this.correct + this.wrong + this.unjudged;
			return (hits == 0) ? Double.NaN : (double) this.correct / hits;
		}

		double recall() {
			return (this.answerable == 0) ? Double.NaN : (double) this.correct / this.answerable;
		}

		double falseHitRate() {
			return (double) this.wrong / this.lookups;
		}

		long hits() {
			return this.correct + this.wrong + this.unjudged;
		}

	}

}
