package io.llmcache.proxy;

import java.util.Map;

/**
 * The entries the proxy writes, as it reads them back.
 * <p>
 * <b>What an entry holds.</b> The entry's response is the non-stream answer as the
 * upstream sent it ({@code chat.completion} or {@code text_completion}). An answer
 * recorded from a stream is the assembled answer plus, under {@value #EVENTS}, every
 * chunk in order, so that a stream hit replays the upstream's chunks as they were
 * (content, tool call deltas, reasoning fields, usage), and a plain hit gets the
 * assembled answer without them. Entry metadata {@value #FORMAT} says which
 * ({@code completion} or {@code stream}; {@code embedding} for one embeddings item); an
 * entry without it was stored through the cache API and is not served here (the proxy's
 * next answer replaces it).
 */
final class ProxyEntries {

	/** Entry metadata: how the proxy stored the entry. */
	static final String FORMAT = "llmcache.format";

	/** Entry metadata: the endpoint whose answer the entry is. */
	static final String ENDPOINT = "llmcache.endpoint";

	/** Field of an entry recorded from a stream: the chunks, in order. */
	static final String EVENTS = "x_llmcache_events";

	private ProxyEntries() {
	}

	/**
	 * The metadata of an entry the proxy stores.
	 * @param format how the entry holds the answer
	 * @param endpoint the endpoint whose answer it is
	 * @return the metadata
	 */
	static Map<String, String> metadata(String format, Endpoint endpoint) {
		return Map.of(FORMAT, format, ENDPOINT, endpoint.metricName());
	}

}
