package io.llmcache.proxy;

/**
 * The upstream operations the proxy serves, each under {@code /openai/v1} and appended to
 * the upstream's base URL.
 */
enum Endpoint {

	/** {@code POST /chat/completions}. */
	CHAT("/chat/completions", "chat.completions"),

	/** {@code POST /completions}, the legacy text completions. */
	COMPLETIONS("/completions", "completions"),

	/** {@code POST /embeddings}. */
	EMBEDDINGS("/embeddings", "embeddings");

	private final String path;

	private final String metricName;

	Endpoint(String path, String metricName) {
		this.path = path;
		this.metricName = metricName;
	}

	/**
	 * The path below the base URL.
	 * @return the path, starting with {@code /}
	 */
	String path() {
		return this.path;
	}

	/**
	 * The name in metrics and entry metadata.
	 * @return the name
	 */
	String metricName() {
		return this.metricName;
	}

}
