package io.llmcache.proxy;

/**
 * One Server-Sent Event as the upstream sent it.
 *
 * @param text the event's lines as received, with the blank line that ends it, passed on
 * unchanged
 * @param data its {@code data} lines joined by {@code \n}, or {@code null} for an event
 * without data (a comment such as {@code : keep-alive})
 */
record SseEvent(String text, String data) {

	/** The data of the event that ends an OpenAI stream. */
	static final String DONE = "[DONE]";

	/**
	 * An event carrying one JSON value, as the proxy writes replayed and converted
	 * events.
	 * @param data the JSON text
	 * @return the event
	 */
	static SseEvent ofData(String data) {
		return new SseEvent("data: " + data + "\n\n", data);
	}

	/**
	 * Whether this is the terminal {@code [DONE]} event.
	 * @return {@code true} if it is
	 */
	boolean isDone() {
		return DONE.equals(this.data);
	}

}
