package io.llmcache.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import io.llmcache.tenant.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Makes one completion call upstream and relays its answer to its listeners as it arrives
 * (the caller, and the identical requests coalesced onto it), recording it on the way: a
 * stream event by event, a plain answer read whole, up to
 * {@code llmcache.proxy.max-response-size}. An answer that was complete and successful is
 * stored by the plan, before the listeners hear the call is over.
 */
@Component
class CompletionRelay {

	private static final Logger logger = LoggerFactory.getLogger(CompletionRelay.class);

	private final UpstreamClient upstream;

	private final CompletionStore store;

	private final ProxyMetrics metrics;

	private final JsonMapper json;

	private final long maxResponseSize;

	CompletionRelay(UpstreamClient upstream, CompletionStore store, ProxyMetrics metrics, ProxyProperties properties,
			JsonMapper json) {
		this.upstream = upstream;
		this.store = store;
		this.metrics = metrics;
		this.json = json;
		this.maxResponseSize = properties.maxResponseSize().toBytes();
	}

	/**
	 * Calls the upstream and relays its answer to the listeners as it arrives; stores it
	 * by the plan when it was complete and successful.
	 * @param caller the caller
	 * @param request the request, forwarded as sent
	 * @param plan how to store the answer, or {@code null} not to
	 * @param listeners who hears the call
	 * @return how it ended
	 */
	RelayResult relay(Caller caller, OpenAiRequest request, StorePlan plan, List<? extends RelayListener> listeners) {
		try (UpstreamResponse answer = this.upstream.send(caller.tenant(), request.endpoint(), request.raw(),
				request.stream())) {
			UpstreamHead head = UpstreamHead.of(answer);
			listeners.forEach((listener) -> listener.head(head));
			RelayResult result = head.streams() ? relayStream(request, answer, head, plan, listeners)
					: relayPlain(request, answer, head, plan);
			listeners.forEach((listener) -> listener.finish(result));
			return result;
		}
	}

	private RelayResult relayStream(OpenAiRequest request, UpstreamResponse answer, UpstreamHead head, StorePlan plan,
			List<? extends RelayListener> listeners) {
		StreamTranscript transcript = new StreamTranscript(this.json, this.maxResponseSize);
		String problem = null;
		try {
			SseReader reader = new SseReader(answer.body(), (int) Math.min(Integer.MAX_VALUE, this.maxResponseSize));
			SseEvent event;
			while ((event = reader.next()) != null) {
				transcript.add(event);
				for (RelayListener listener : listeners) {
					listener.event(event);
				}
				if (listeners.stream().noneMatch(RelayListener::alive)) {
					problem = "cancelled: every caller went away";
					break;
				}
			}
		}
		catch (IOException ex) {
			answer.failed(ex);
			problem = "the connection broke (" + ex.getClass().getSimpleName() + ")";
		}
		if (problem == null) {
			problem = transcript.cleanEndProblem();
		}
		if (problem != null) {
			this.metrics.stream(transcript.errored() ? "errored" : "broken");
			logger.debug("Stream from upstream not stored: {}", problem);
			return new RelayResult(head, null, null, false, problem, null);
		}
		ObjectNode assembled = ChunkAssembler.assemble(request.endpoint(), transcript.chunks());
		String entryId = null;
		if (plan != null) {
			entryId = this.store.storeStream(plan, request.endpoint(), assembled, transcript.chunks());
		}
		this.metrics.stream((entryId != null) ? "stored" : "not-stored");
		return new RelayResult(head, null, assembled, true, null, entryId);
	}

	private RelayResult relayPlain(OpenAiRequest request, UpstreamResponse answer, UpstreamHead head, StorePlan plan) {
		byte[] body;
		try (InputStream in = answer.body()) {
			body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxResponseSize + 1));
		}
		catch (IOException ex) {
			answer.failed(ex);
			return new RelayResult(head, null, null, false,
					"the connection broke (" + ex.getClass().getSimpleName() + ")", null);
		}
		if (body.length > this.maxResponseSize) {
			return new RelayResult(head, null, null, false,
					"the answer is larger than llmcache.proxy.max-response-size", null);
		}
		JsonNode parsed = (head.status() == 200) ? parse(body) : null;
		String entryId = null;
		if (parsed != null && plan != null && complete(parsed)) {
			entryId = this.store.storePlain(plan, request.endpoint(), parsed);
		}
		return new RelayResult(head, body, parsed, true, null, entryId);
	}

	private JsonNode parse(byte[] body) {
		try {
			JsonNode parsed = this.json.readTree(body);
			return (parsed != null && parsed.isObject()) ? parsed : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * A complete, successful answer: no error, at least one choice, and every choice
	 * finished.
	 */
	private static boolean complete(JsonNode answer) {
		JsonNode choices = answer.path("choices");
		if (answer.has("error") || !choices.isArray() || choices.isEmpty()) {
			return false;
		}
		for (JsonNode choice : choices) {
			if (!choice.hasNonNull("finish_reason")) {
				return false;
			}
		}
		return true;
	}

}
