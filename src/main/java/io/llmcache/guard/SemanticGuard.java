package io.llmcache.guard;

/**
 * A check beyond cosine similarity: does the candidate's text differ from the query's in
 * a way that changes the answer, which embeddings tend to miss (a negation, a number, a
 * name)? Guards are deterministic, local and cheap (microseconds): they run on every
 * candidate above the similarity threshold.
 */
interface SemanticGuard {

	/**
	 * The guard's name, as configured and as shown by explain.
	 * @return the name
	 */
	String name();

	/**
	 * Checks a candidate.
	 * @param query the text looked up
	 * @param candidate the stored text it was found similar to
	 * @return the verdict
	 */
	GuardVerdict check(GuardText query, GuardText candidate);

}
