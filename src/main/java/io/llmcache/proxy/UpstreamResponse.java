package io.llmcache.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * An upstream answer whose body is still to be read. Close it when done: that returns the
 * connection to the pool and the call's place in the queue, and tells the circuit breaker
 * how the call went.
 */
interface UpstreamResponse extends AutoCloseable {

	/**
	 * The HTTP status.
	 * @return the status code
	 */
	int status();

	/**
	 * The media type as sent, e.g. {@code application/json} or
	 * {@code text/event-stream; charset=utf-8}.
	 * @return the content type, or {@code null}
	 */
	String contentType();

	/**
	 * The headers passed on to the caller (request ids, rate limits,
	 * {@code Retry-After}), lower-case names.
	 * @return the headers
	 */
	Map<String, List<String>> passedHeaders();

	/**
	 * The body, read as it arrives.
	 * @return the body stream
	 * @throws IOException if the upstream failed
	 */
	InputStream body() throws IOException;

	/**
	 * Marks the call as failed after its status (a stream that broke or timed out), for
	 * the circuit breaker.
	 * @param failure what went wrong
	 */
	void failed(Throwable failure);

	@Override
	void close();

}
