package io.llmcache.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.llmcache.system.ProblemType;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivers one upstream call's answer to one caller, in the form that caller asked for. A
 * caller that asked for a stream gets the upstream's events the moment they arrive (each
 * flushed), or, when the answer was not a stream, its chunks made from the whole answer;
 * a caller that asked for a plain answer gets the upstream's body, or the assembled
 * stream. Upstream errors are passed on with their status and body. A stream that breaks
 * after it began ends with an {@code error} event, which the OpenAI SDKs raise as an
 * error, since its status has long been sent.
 * <p>
 * A caller that goes away is noticed on the next write ({@link #alive()} turns false);
 * the call itself goes on for as long as someone still waits for it.
 */
final class Delivery implements RelayListener {

	private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

	private final HttpServletResponse response;

	private final Endpoint endpoint;

	private final boolean wantsStream;

	private final boolean includeUsage;

	private final boolean dropUsageChunks;

	private final JsonMapper json;

	private CacheOutcome outcome;

	private OutputStream out;

	private boolean streaming;

	private boolean alive = true;

	/**
	 * Creates a delivery.
	 * @param response the caller's response, not yet committed
	 * @param request the caller's request
	 * @param outcome the cache headers to send
	 * @param dropUsageChunks whether to leave out usage-only chunks of a live stream (the
	 * caller did not ask for them but the call that it shares did)
	 * @param json the mapper
	 */
	Delivery(HttpServletResponse response, OpenAiRequest request, CacheOutcome outcome, boolean dropUsageChunks,
			JsonMapper json) {
		this.response = response;
		this.endpoint = request.endpoint();
		this.wantsStream = request.stream();
		this.includeUsage = request.includeUsage();
		this.dropUsageChunks = dropUsageChunks;
		this.outcome = outcome;
		this.json = json;
	}

	/**
	 * Whether the caller is still there, as far as the last write could tell.
	 * @return {@code false} once a write failed
	 */
	@Override
	public boolean alive() {
		return this.alive;
	}

	/**
	 * Replaces the cache headers still to be sent.
	 * @param outcome the headers
	 */
	void outcome(CacheOutcome outcome) {
		this.outcome = outcome;
	}

	/**
	 * Whether the caller receives the upstream's events as they arrive.
	 * @return {@code true} once the stream was opened
	 */
	boolean streaming() {
		return this.streaming;
	}

	/**
	 * The upstream answered its status: a stream for a caller that wants one is opened at
	 * once, so its first byte goes out with the upstream's.
	 * @param head the status and headers
	 */
	@Override
	public void head(UpstreamHead head) {
		if (this.wantsStream && head.streams()) {
			this.response.setStatus(200);
			this.response.setContentType("text/event-stream;charset=UTF-8");
			this.response.setHeader("Cache-Control", "no-cache");
			this.response.setHeader("X-Accel-Buffering", "no");
			passHeaders(head.passedHeaders());
			this.outcome.apply(this.response);
			try {
				this.out = this.response.getOutputStream();
				this.response.flushBuffer();
			}
			catch (IOException ex) {
				this.alive = false;
			}
			this.streaming = true;
		}
	}

	/**
	 * An event of a live stream.
	 * @param event the event
	 */
	@Override
	public void event(SseEvent event) {
		if (!this.streaming || !this.alive) {
			return;
		}
		if (this.dropUsageChunks && isUsageOnly(event)) {
			return;
		}
		write(event.text().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The call is over.
	 * @param result how it ended
	 */
	@Override
	public void finish(RelayResult result) {
		if (this.streaming) {
			if (!result.clean() && this.alive && result.problem() != null && !result.problem().contains("error")) {
				ObjectNode error = this.json.createObjectNode();
				ObjectNode detail = error.putObject("error");
				detail.put("message", "The upstream stream broke off: " + result.problem());
				detail.put("type", "upstream_error");
				detail.put("code", "stream_broken");
				write(SseEvent.ofData(this.json.writeValueAsString(error)).text().getBytes(StandardCharsets.UTF_8));
			}
			return;
		}
		if (result.entryId() != null && this.outcome.entryId() == null) {
			this.outcome = this.outcome.withEntryId(result.entryId());
		}
		UpstreamHead head = result.head();
		if (result.body() != null) {
			if (this.wantsStream && head.status() == 200 && result.answer() != null) {
				replay(ChunkSynthesizer.chunks(this.endpoint, result.answer(), this.includeUsage), head);
			}
			else {
				plain(head.status(), head.contentType(), head.passedHeaders(), result.body());
			}
		}
		else if (result.clean() && result.answer() != null) {
			plain(200, "application/json", head.passedHeaders(), this.json.writeValueAsBytes(result.answer()));
		}
		else {
			problem(ProblemType.UPSTREAM_UNREACHABLE, "The upstream stream did not end cleanly: " + result.problem());
		}
	}

	/**
	 * Answers a plain body.
	 * @param status the status
	 * @param contentType the media type, or {@code null} for JSON
	 * @param headers upstream headers to pass on
	 * @param body the body
	 */
	void plain(int status, String contentType, Map<String, List<String>> headers, byte[] body) {
		this.alive = writePlain(this.response, status, contentType, headers, this.outcome, body);
	}

	/**
	 * Answers a plain body to a caller.
	 * @param response the caller's response, not yet committed
	 * @param status the status
	 * @param contentType the media type, or {@code null} for JSON
	 * @param headers upstream headers to pass on
	 * @param outcome the cache headers
	 * @param body the body
	 * @return {@code false} if the caller had gone
	 */
	static boolean writePlain(HttpServletResponse response, int status, String contentType,
			Map<String, List<String>> headers, CacheOutcome outcome, byte[] body) {
		response.setStatus(status);
		response.setContentType((contentType != null) ? contentType : "application/json");
		headers.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		outcome.apply(response);
		response.setContentLength(body.length);
		try {
			response.getOutputStream().write(body);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Answers a stream made of recorded or synthesized chunks, then {@code [DONE]}.
	 * @param chunks the chunks
	 * @param head upstream headers to pass on, or {@code null}
	 */
	void replay(List<? extends JsonNode> chunks, UpstreamHead head) {
		this.response.setStatus(200);
		this.response.setContentType("text/event-stream;charset=UTF-8");
		this.response.setHeader("Cache-Control", "no-cache");
		if (head != null) {
			passHeaders(head.passedHeaders());
		}
		this.outcome.apply(this.response);
		try {
			OutputStream stream = this.response.getOutputStream();
			for (JsonNode chunk : chunks) {
				if (!this.includeUsage && isUsageOnly(chunk)) {
					continue;
				}
				stream.write(
						SseEvent.ofData(this.json.writeValueAsString(chunk)).text().getBytes(StandardCharsets.UTF_8));
			}
			stream.write(DONE);
			stream.flush();
		}
		catch (IOException ex) {
			this.alive = false;
		}
	}

	/**
	 * Answers a problem of the proxy's own (the upstream could not be relayed).
	 * @param type the problem
	 * @param detail what happened
	 */
	void problem(ProblemType type, String detail) {
		ObjectNode problem = this.json.createObjectNode();
		problem.put("type", type.type().toString());
		problem.put("title", type.title());
		problem.put("status", type.status().value());
		problem.put("detail", detail);
		problem.put("retryable", true);
		plain(type.status().value(), "application/problem+json", Map.of(), this.json.writeValueAsBytes(problem));
	}

	private void write(byte[] bytes) {
		try {
			this.out.write(bytes);
			this.out.flush();
		}
		catch (IOException ex) {
			this.alive = false;
		}
	}

	private void passHeaders(Map<String, List<String>> headers) {
		headers.forEach((name, values) -> values.forEach((value) -> this.response.addHeader(name, value)));
	}

	private boolean isUsageOnly(SseEvent event) {
		if (event.data() == null || event.isDone() || !event.data().contains("\"usage\"")) {
			return false;
		}
		try {
			return isUsageOnly(this.json.readTree(event.data()));
		}
		catch (JacksonException ex) {
			return false;
		}
	}

	/**
	 * A chunk with no choices and a usage block: sent only when the request asked for
	 * usage, and one an SDK that did not ask may stumble on (it reads
	 * {@code choices[0]}).
	 */
	private static boolean isUsageOnly(JsonNode chunk) {
		return chunk.path("choices").isArray() && chunk.path("choices").isEmpty() && chunk.hasNonNull("usage");
	}

}
