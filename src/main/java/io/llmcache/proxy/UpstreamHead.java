package io.llmcache.proxy;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The status line and headers of an upstream answer, as far as they are passed on.
 *
 * @param status the HTTP status
 * @param contentType the media type, or {@code null}
 * @param passedHeaders headers passed on to the caller
 */
record UpstreamHead(int status, String contentType, Map<String, List<String>> passedHeaders) {

	static UpstreamHead of(UpstreamResponse response) {
		return new UpstreamHead(response.status(), response.contentType(), response.passedHeaders());
	}

	/**
	 * Whether the upstream answers with a stream of events.
	 * @return {@code true} for a 200 of {@code text/event-stream}
	 */
	boolean streams() {
		return this.status == 200 && this.contentType != null
				&& this.contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
	}

}
