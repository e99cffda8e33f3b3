package io.llmcache.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmcache.lookup.LookupResult;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Answers a completion from a cache hit, as a stream or not, whichever the caller asked:
 * a plain answer as stored; a stream recorded from a stream replayed chunk by chunk; a
 * stream asked of a plain answer as chunks made from it. Only entries the proxy stored
 * for the same endpoint are served (see {@link ProxyEntries}).
 */
@Component
class HitServer {

	private final JsonMapper json;

	HitServer(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Serves a hit in the form the caller asked for.
	 * @param request the caller's request
	 * @param found the hit
	 * @param response the response to write
	 * @param coalesced whether the hit was shared from an identical request's call
	 * @return {@code false} if the entry was not stored by the proxy for this endpoint
	 */
	boolean serve(OpenAiRequest request, LookupResult.Hit found, HttpServletResponse response, boolean coalesced) {
		Map<String, String> metadata = found.entry().metadata();
		String format = metadata.get(ProxyEntries.FORMAT);
		if (!request.endpoint().metricName().equals(metadata.get(ProxyEntries.ENDPOINT))
				|| !("completion".equals(format) || "stream".equals(format)) || found.responseJson() == null) {
			return false;
		}
		Delivery delivery = new Delivery(response, request, CacheOutcome.hit(found.matchType(), found.entry().entryId(),
				found.similarity(), found.ageSeconds(), coalesced), false, this.json);
		if (!request.stream() && "completion".equals(format)) {
			delivery.plain(200, "application/json", Map.of(), found.responseJson().getBytes(StandardCharsets.UTF_8));
			return true;
		}
		ObjectNode stored = (ObjectNode) this.json.readTree(found.responseJson());
		JsonNode events = stored.remove(ProxyEntries.EVENTS);
		if (!request.stream()) {
			delivery.plain(200, "application/json", Map.of(), this.json.writeValueAsBytes(stored));
		}
		else if (events != null && events.isArray()) {
			List<JsonNode> chunks = new ArrayList<>(events.size());
			events.forEach(chunks::add);
			delivery.replay(chunks, null);
		}
		else {
			delivery.replay(ChunkSynthesizer.chunks(request.endpoint(), stored, request.includeUsage()), null);
		}
		return true;
	}

}
