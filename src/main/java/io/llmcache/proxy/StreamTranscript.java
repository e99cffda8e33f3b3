package io.llmcache.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records an upstream stream's chunks and judges whether it ended cleanly: the terminal
 * {@code [DONE]} event arrived, every choice that appeared got a {@code finish_reason},
 * no event carried an {@code error}, and every event's data was JSON. Only a clean stream
 * is stored. Recording stops (and the stream is not stored) once the chunks pass
 * {@code maxBytes}.
 */
final class StreamTranscript {

	private final JsonMapper json;

	private final long maxBytes;

	private final List<JsonNode> chunks = new ArrayList<>();

	private final Set<Integer> choices = new TreeSet<>();

	private final Set<Integer> finished = new TreeSet<>();

	private long bytes;

	private boolean done;

	private String flaw;

	StreamTranscript(JsonMapper json, long maxBytes) {
		this.json = json;
		this.maxBytes = maxBytes;
	}

	/**
	 * Takes the next event.
	 * @param event the event
	 */
	void add(SseEvent event) {
		if (event.data() == null) {
			return;
		}
		if (this.done) {
			flaw("an event after [DONE]");
			return;
		}
		if (event.isDone()) {
			this.done = true;
			return;
		}
		JsonNode chunk;
		try {
			chunk = this.json.readTree(event.data());
		}
		catch (JacksonException ex) {
			flaw("an event that is not JSON");
			return;
		}
		if (chunk == null || !chunk.isObject()) {
			flaw("an event that is not a JSON object");
			return;
		}
		if (chunk.has("error")) {
			flaw("an error event");
			return;
		}
		for (JsonNode choice : chunk.path("choices")) {
			int index = choice.path("index").asInt(0);
			this.choices.add(index);
			JsonNode reason = choice.get("finish_reason");
			if (reason != null && !reason.isNull()) {
				this.finished.add(index);
			}
		}
		this.bytes += event.data().length();
		if (this.bytes > this.maxBytes) {
			flaw("more than " + this.maxBytes + " bytes");
			return;
		}
		if (this.flaw == null) {
			this.chunks.add(chunk);
		}
	}

	/**
	 * Whether the stream ended cleanly and may be stored.
	 * @return {@code true} if so
	 */
	boolean clean() {
		return cleanEndProblem() == null;
	}

	/**
	 * Why the stream may not be stored.
	 * @return the reason, or {@code null} if it ended cleanly
	 */
	String cleanEndProblem() {
		if (this.flaw != null) {
			return this.flaw;
		}
		if (!this.done) {
			return "no [DONE] event";
		}
		if (this.choices.isEmpty()) {
			return "no choices";
		}
		if (!this.finished.containsAll(this.choices)) {
			return "a choice without finish_reason";
		}
		return null;
	}

	/**
	 * Whether an error event arrived.
	 * @return {@code true} if one did
	 */
	boolean errored() {
		return "an error event".equals(this.flaw);
	}

	/**
	 * The recorded chunks, in order.
	 * @return the chunks
	 */
	List<JsonNode> chunks() {
		return this.chunks;
	}

	private void flaw(String what) {
		if (this.flaw == null) {
			this.flaw = what;
		}
		this.chunks.clear();
	}

}
