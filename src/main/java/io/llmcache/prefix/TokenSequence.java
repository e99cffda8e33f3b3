package io.llmcache.prefix;

import java.util.List;

/**
 * A request's canonical token sequence: each segment's marker ids and token ids, in
 * order.
 *
 * @param encoding the tokenizer's name, e.g. {@code o200k_base}
 * @param segments the segments, in order
 * @param truncated whether the request was longer than the configured maximum and its
 * tail was left out
 */
record TokenSequence(String encoding, List<Tokenized> segments, boolean truncated) {

	TokenSequence {
		segments = List.copyOf(segments);
	}

	/**
	 * The tokens of the sequence, markers not counted.
	 * @return the number of tokens
	 */
	int totalTokens() {
		return this.segments.stream().mapToInt(Tokenized::tokens).sum();
	}

	/**
	 * One segment's ids.
	 *
	 * @param role the segment's role as the answer names it
	 * @param ids marker ids (negative) and token ids (never negative), in order
	 * @param tokens how many of the ids are tokens
	 */
	record Tokenized(String role, int[] ids, int tokens) {

	}

}
