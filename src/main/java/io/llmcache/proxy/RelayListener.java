package io.llmcache.proxy;

/**
 * Hears an upstream call as it happens: its status, each event of a stream as it arrives,
 * and how it ended. The caller who made the call is one listener; the requests coalesced
 * onto it hear it through another ({@link Flight}).
 */
interface RelayListener {

	/**
	 * The upstream answered its status and headers.
	 * @param head the status and headers
	 */
	void head(UpstreamHead head);

	/**
	 * An event of a stream arrived.
	 * @param event the event
	 */
	void event(SseEvent event);

	/**
	 * The call is over, and what could be stored is stored.
	 * @param result how it ended
	 */
	void finish(RelayResult result);

	/**
	 * Whether this listener still wants the rest of the call. When none does, a stream is
	 * cancelled (and not stored).
	 * @return {@code false} once it has gone
	 */
	boolean alive();

}
