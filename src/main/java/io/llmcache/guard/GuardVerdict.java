package io.llmcache.guard;

/**
 * What a guard decided about a candidate, and why, in words explain can show.
 *
 * @param guard the guard's name, such as {@code negation}
 * @param accepted whether the candidate may be served
 * @param reason why, for people: what differs, or that nothing does
 */
public record GuardVerdict(String guard, boolean accepted, String reason) {

	/**
	 * A verdict that lets the candidate through.
	 * @param guard the guard's name
	 * @return the verdict
	 */
	public static GuardVerdict accept(String guard) {
		return new GuardVerdict(guard, true, "no difference found");
	}

	/**
	 * A verdict that rejects the candidate.
	 * @param guard the guard's name
	 * @param reason what differs
	 * @return the verdict
	 */
	public static GuardVerdict reject(String guard, String reason) {
		return new GuardVerdict(guard, false, reason);
	}

}
