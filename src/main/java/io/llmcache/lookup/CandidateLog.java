package io.llmcache.lookup;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What one lookup saw: each candidate once, with its final verdict, and the namespace's
 * invalidation sequence number of the latest read, which a miss's store token carries.
 * One lookup, one thread.
 */
public final class CandidateLog {

	private final List<Candidate> candidates = new ArrayList<>();

	private long sequence = -1;

	/**
	 * Records a candidate's verdict.
	 * @param candidate the candidate
	 */
	public void record(Candidate candidate) {
		this.candidates.add(candidate);
	}

	/**
	 * Records a read of the store.
	 * @param sequence the invalidation sequence number it returned
	 */
	public void readAt(long sequence) {
		this.sequence = sequence;
	}

	/**
	 * The candidates, in the order seen.
	 * @return them
	 */
	public List<Candidate> candidates() {
		return List.copyOf(this.candidates);
	}

	boolean isEmpty() {
		return this.candidates.isEmpty();
	}

	/**
	 * The sequence number of the latest read.
	 * @return it, or empty before any read
	 */
	OptionalLong sequence() {
		return (this.sequence < 0) ? OptionalLong.empty() : OptionalLong.of(this.sequence);
	}

}
