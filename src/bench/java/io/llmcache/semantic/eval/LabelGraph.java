package io.llmcache.semantic.eval;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The judge of {@code ../shared/eval/cache_eval.py}, so that the project's figures agree
 * with the reference scorer's: questions joined by duplicate labels form clusters
 * (transitively); a hit is correct on the same text (after case and whitespace folding),
 * a pair labelled duplicate or the same cluster, false on a pair labelled not-duplicate
 * or clusters with such a label between them, and unjudged otherwise.
 */
final class LabelGraph {

	enum Verdict {

		CORRECT, FALSE, UNJUDGED

	}

	private final Map<String, String> parent = new HashMap<>();

	private final Map<String, Boolean> direct = new HashMap<>();

	private final Set<String> apart = new HashSet<>();

	LabelGraph(List<EvalPair> pairs) {
		for (EvalPair pair : pairs) {
			String a = node(pair.context(), pair.q1());
			String b = node(pair.context(), pair.q2());
			this.direct.put(edge(a, b), pair.duplicate());
			this.direct.put(edge(b, a), pair.duplicate());
			if (pair.duplicate()) {
				this.parent.put(root(a), root(b));
			}
		}
		this.direct.forEach((edge, duplicate) -> {
			if (!duplicate) {
				String[] ends = edge.split("\u0001", 2);
				this.apart.add(edge(root(ends[0]), root(ends[1])));
			}
		});
	}

	/** A question in its context, folded as the reference scorer folds it. */
	static String node(String context, String question) {
		return fold(context) + "\u0002" + fold(question);
	}

	static String fold(String text) {
		return Normalizer.normalize(text, Normalizer.Form.NFKC)
			.replaceAll("(?U)\\s+", " ")
			.strip()
			.toLowerCase(Locale.ROOT);
	}

	private static String edge(String a, String b) {
		return a + "\u0001" + b;
	}

	String root(String node) {
		String at = node;
		while (true) {
			String up = this.parent.getOrDefault(at, at);
			if (up.equals(at)) {
				return at;
			}
			String grandparent = this.parent.getOrDefault(up, up);
			this.parent.put(at, grandparent);
			at = grandparent;
		}
	}

	Verdict judge(String lookup, String stored) {
		if (lookup.equals(stored)) {
			return Verdict.CORRECT;
		}
		Boolean duplicate = this.direct.get(edge(lookup, stored));
		if (duplicate != null) {
			return duplicate ? Verdict.CORRECT : Verdict.FALSE;
		}
		String a = root(lookup);
		String b = root(stored);
		if (a.equals(b)) {
			return Verdict.CORRECT;
		}
		return this.apart.contains(edge(a, b)) ? Verdict.FALSE : Verdict.UNJUDGED;
	}

}
