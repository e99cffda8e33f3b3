package io.llmcache.semantic.eval;

import io.llmcache.guard.SemanticGuards;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmcache.semantic.UnitVectors;

/**
 * The evaluation protocol of {@code ../shared/eval/README.md}, as a cache: every pair's
 * {@code q1} is stored (after its {@code context} as an earlier user turn, where it has
 * one), then every {@code q2} is looked up against all stored entries with the same
 * context, by exact nearest-neighbour search, the way the service restricts candidates to
 * entries whose everything-but-the-last-user-turn is identical.
 * <p>
 * Each lookup keeps its {@value #TOP_K} nearest candidates with each guard's verdict, so
 * that any threshold and any set of guards can be scored afterwards without embedding or
 * searching again. A lookup hits the nearest candidate at or above the threshold that
 * every guard in force accepts; plain cosine is the same with no guard, which is the
 * nearest candidate alone.
 */
final class CacheSimulation {

	static final int TOP_K = 5;

	private final EvalData data;

	private final List<Lookup> lookups;

	private CacheSimulation(EvalData data, List<Lookup> lookups) {
		this.data = data;
		this.lookups = lookups;
	}

	/**
	 * Stores and looks up every pair.
	 * @param data the pairs
	 * @param vectors their vectors
	 * @param restrictToContext whether candidates come only from entries with the same
	 * context (as in the service); {@code false} shows what that restriction prevents
	 * @return the lookups with their candidates
	 */
	static CacheSimulation run(EvalData data, VectorFile vectors, boolean restrictToContext) {
		List<EvalPair> pairs = data.pairs();
		Map<String, List<Integer>> entriesByContext = new HashMap<>();
		for (int i = 0; i < pairs.size(); i++) {
			String context = restrictToContext ? pairs.get(i).context() : "";
			entriesByContext.computeIfAbsent(context, (key) -> new ArrayList<>()).add(i);
		}
		float[][] stored = new float[pairs.size()][];
		for (int i = 0; i < pairs.size(); i++) {
			stored[i] = vectors.get(pairs.get(i).q1());
		}
		List<SemanticGuards> guards = SemanticGuards.NAMES.stream()
			.map((name) -> SemanticGuards.of(Set.of(name)))
			.toList();
		List<Lookup> lookups = new ArrayList<>(pairs.size());
		for (int i = 0; i < pairs.size(); i++) {
			EvalPair pair = pairs.get(i);
			float[] query = vectors.get(pair.q2());
			List<Integer> entries = entriesByContext.get(restrictToContext ? pair.context() : "");
			int[] top = new int[TOP_K];
			double[] topSimilarity = new double[TOP_K];
			int found = 0;
			for (int entry : entries) {
				double similarity = UnitVectors.cosine(query, stored[entry]);
				if (found < TOP_K || similarity > topSimilarity[found - 1]) {
					int at = Math.min(found, TOP_K - 1);
					while (at > 0 && topSimilarity[at - 1] < similarity) {
						top[at] = top[at - 1];
						topSimilarity[at] = topSimilarity[at - 1];
						at--;
					}
					top[at] = entry;
					topSimilarity[at] = similarity;
					found = Math.min(TOP_K, found + 1);
				}
			}
			Candidate[] candidates = new Candidate[found];
			for (int c = 0; c < found; c++) {
				EvalPair entry = pairs.get(top[c]);
				boolean right = pair.duplicate() && (top[c] == i || entry.q1().equals(pair.q1()));
				boolean otherContext = !entry.context().equals(pair.context());
				int rejectedBy = 0;
				for (int g = 0; g < guards.size(); g++) {
					if (!guards.get(g).check(pair.q2(), entry.q1()).accepted()) {
						rejectedBy |= 1 << g;
					}
				}
				candidates[c] = new Candidate(top[c], topSimilarity[c], right, otherContext, rejectedBy);
			}
			lookups.add(new Lookup(i, pair.duplicate(), pair.contextual(), candidates));
		}
		return new CacheSimulation(data, lookups);
	}

	EvalData data() {
		return this.data;
	}

	/**
	 * The guard bits of some guards, for {@link #score}.
	 * @param names guard names
	 * @return their bits
	 */
	static int mask(List<String> names) {
		int mask = 0;
		for (String name : names) {
			mask |= 1 << SemanticGuards.NAMES.indexOf(name);
		}
		return mask;
	}

	/**
	 * Scores every lookup at a threshold with some guards in force.
	 * @param threshold the least similarity of a hit
	 * @param guardMask the guards in force ({@link #mask}); 0 for plain cosine
	 * @return the counts
	 */
	Score score(double threshold, int guardMask) {
		long correct = 0;
		long wrong = 0;
		long crossContext = 0;
		long duplicates = 0;
		for (Lookup lookup : this.lookups) {
			if (lookup.duplicate) {
				duplicates++;
			}
			for (Candidate candidate : lookup.candidates) {
				if (candidate.similarity < threshold) {
					break;
				}
				if ((candidate.rejectedBy & guardMask) != 0) {
					continue;
				}
				if (candidate.right) {
					correct++;
				}
				else {
					wrong++;
				}
				if (lookup.contextual && candidate.otherContext) {
					crossContext++;
				}
				break;
			}
		}
		return new Score(threshold, correct, wrong, duplicates, this.lookups.size(), crossContext);
	}

	/**
	 * Every hit at a threshold with some guards in force, for reading what went wrong.
	 * @param threshold the least similarity of a hit
	 * @param guardMask the guards in force
	 * @return the hits, in lookup order
	 */
	List<Hit> hits(double threshold, int guardMask) {
		List<Hit> hits = new ArrayList<>();
		for (Lookup lookup : this.lookups) {
			for (Candidate candidate : lookup.candidates) {
				if (candidate.similarity < threshold) {
					break;
				}
				if ((candidate.rejectedBy & guardMask) == 0) {
					hits.add(new Hit(lookup.pair, candidate.entry, candidate.similarity, candidate.right,
							candidate.rejectedBy));
					break;
				}
			}
		}
		return hits;
	}

	/**
	 * A hit.
	 *
	 * @param pair the pair whose {@code q2} was looked up
	 * @param entry the pair whose {@code q1} was served
	 * @param similarity their similarity
	 * @param right whether it was a correct hit
	 * @param rejectedBy the bits of the guards that reject it
	 */
	record Hit(int pair, int entry, double similarity, boolean right, int rejectedBy) {

	}

	/**
	 * One lookup and its nearest candidates, most similar first.
	 */
	private record Lookup(int pair, boolean duplicate, boolean contextual, Candidate[] candidates) {

	}

	/**
	 * A stored entry found near a lookup.
	 *
	 * @param entry the pair whose {@code q1} it stores
	 * @param similarity its cosine similarity with the lookup
	 * @param right whether serving it would be a correct hit
	 * @param otherContext whether it was stored under another context
	 * @param rejectedBy the bits of the guards that reject it
	 */
	private record Candidate(int entry, double similarity, boolean right, boolean otherContext, int rejectedBy) {

	}

	/**
	 * The outcome of every lookup at one threshold.
	 *
	 * @param threshold the least similarity of a hit
	 * @param correct correct hits
	 * @param wrong false hits
	 * @param duplicates lookups that should hit
	 * @param lookups all lookups
	 * @param crossContext hits of contextual follow-ups on another context's entry
	 */
	record Score(double threshold, long correct, long wrong, long duplicates, long lookups, long crossContext) {

		double precision() {
			return (this.correct + this.wrong == 0) ? Double.NaN : (double) this.correct / (this.correct + this.wrong);
		}

		double recall() {
			return (this.duplicates == 0) ? Double.NaN : (double) this.correct / this.duplicates;
		}

		double falseHitRate() {
			return (double) this.wrong / this.lookups;
		}

	}

}
