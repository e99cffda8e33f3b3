package io.llmcache.lookup;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.llmcache.policy.MatchType;

/**
 * An entry a lookup considered, for explain.
 *
 * @param matchType the match type that found it
 * @param entryId its id
 * @param accepted whether it would be served
 * @param reason why it was accepted or rejected
 * @param similarity its similarity to the request, when measured
 * @param verifierScore the semantic verifier's score, when it read the candidate
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Candidate(MatchType matchType, String entryId, boolean accepted, String reason, Double similarity,
		Double verifierScore) {

	/**
	 * A candidate the verifier did not read.
	 * @param matchType the match type that found it
	 * @param entryId its id
	 * @param accepted whether it would be served
	 * @param reason why it was accepted or rejected
	 * @param similarity its similarity to the request, when measured
	 */
	public Candidate(MatchType matchType, String entryId, boolean accepted, String reason, Double similarity) {
		this(matchType, entryId, accepted, reason, similarity, null);
	}

}
