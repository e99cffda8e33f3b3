package io.llmcache.lookup;

import java.util.Optional;

import io.llmcache.policy.MatchType;

/**
 * One match strategy of the lookup pipeline. Matchers are Spring beans, tried in their
 * {@link org.springframework.core.annotation.Order order} (exact, normalized,
 * continuation, semantic) as far as the policy and the lookup allow; the first hit is
 * served.
 * <p>
 * A matcher records every candidate it considers, once, with its verdict, and every read
 * of the store, in the lookup's {@link CandidateLog}; it serves a candidate only once
 * {@link EntryCheck} accepted it.
 */
public interface Matcher {

	/**
	 * The match type this matcher finds.
	 * @return the match type
	 */
	MatchType type();

	/**
	 * Looks for an entry to serve.
	 * @param context the lookup
	 * @param log where candidates and reads are recorded
	 * @return a {@link Match.Hit} or {@link Match#MISS}
	 * @throws org.springframework.dao.DataAccessException if the store fails
	 */
	Match match(LookupContext context, CandidateLog log);

	/**
	 * The least similarity this matcher requires in a lookup, for explain.
	 * @param context the lookup
	 * @return the threshold, if the matcher has one
	 */
	default Optional<Threshold> threshold(LookupContext context) {
		return Optional.empty();
	}

	/**
	 * A similarity threshold and how it was chosen.
	 *
	 * @param similarity the least similarity
	 * @param description how it was chosen
	 */
	record Threshold(double similarity, String description) {

	}

}
