package io.llmcache.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import io.llmcache.store.StoreService;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Caller;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Makes one embeddings call upstream and reads its answer whole, up to
 * {@code llmcache.proxy.max-response-size}; when it has exactly one embedding per item
 * asked, stores each item's embedding. A store that fails costs the cache the entry,
 * never the caller the answer.
 */
@Component
class EmbeddingsRelay {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddingsRelay.class);

	private final UpstreamClient upstream;

	private final StoreService stores;

	private final JsonMapper json;

	private final long maxResponseSize;

	EmbeddingsRelay(UpstreamClient upstream, StoreService stores, ProxyProperties properties, JsonMapper json) {
		this.upstream = upstream;
		this.stores = stores;
		this.json = json;
		this.maxResponseSize = properties.maxResponseSize().toBytes();
	}

	/**
	 * Sends a body upstream and reads the answer.
	 * @param caller the caller
	 * @param body the request body to send
	 * @param items the items the body asks for, in its order
	 * @param tokens the store token of each item, or {@code null} not to store them
	 * @return the answer
	 */
	Relayed call(Caller caller, byte[] body, List<EmbeddingItem> items, String[] tokens) {
		try (UpstreamResponse answer = this.upstream.send(caller.tenant(), Endpoint.EMBEDDINGS, body, false)) {
			UpstreamHead head = UpstreamHead.of(answer);
			byte[] bytes;
			try (InputStream in = answer.body()) {
				bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxResponseSize + 1));
			}
			catch (IOException ex) {
				answer.failed(ex);
				return Relayed.problem(this.json, "The upstream broke the connection while answering");
			}
			if (bytes.length > this.maxResponseSize) {
				return Relayed.problem(this.json, "The answer is larger than llmcache.proxy.max-response-size");
			}
			List<JsonNode> embeddings = (head.status() == 200) ? embeddingsOf(bytes, items.size()) : null;
			if (embeddings != null && tokens != null) {
				for (int k = 0; k < items.size(); k++) {
					store(caller, items.get(k), embeddings.get(k), tokens[k]);
				}
			}
			ObjectNode parsed = (embeddings != null) ? (ObjectNode) this.json.readTree(bytes) : null;
			return new Relayed(head, bytes, parsed, embeddings, items.size(), this.json);
		}
	}

	/**
	 * The embeddings of an answer in the order of its inputs, without their index; or
	 * {@code null} when the answer does not have exactly one per input.
	 */
	private List<JsonNode> embeddingsOf(byte[] body, int expected) {
		JsonNode answer;
		try {
			answer = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
		JsonNode data = answer.path("data");
		if (expected == 0 || !data.isArray() || data.size() != expected) {
			return null;
		}
		JsonNode[] ordered = new JsonNode[expected];
		for (JsonNode item : data) {
			int index = item.path("index").asInt(-1);
			if (!item.isObject() || index < 0 || index >= expected || ordered[index] != null) {
				return null;
			}
			ObjectNode copy = ((ObjectNode) item).deepCopy();
			copy.remove("index");
			ordered[index] = copy;
		}
		return List.of(ordered);
	}

	private void store(Caller caller, EmbeddingItem item, JsonNode embedding, String token) {
		try {
			this.stores.store(item.store(caller.tenant(), embedding, token));
		}
		catch (RuntimeException ex) {
			logger.info("Embedding not stored: {}", ex.getMessage());
		}
	}

	/**
	 * An upstream answer read whole.
	 *
	 * @param head the upstream's status and headers
	 * @param body the answer's body as sent, or the problem that replaced it
	 * @param answer the parsed answer when it had an embedding per item, or {@code null}
	 * @param embeddings the embeddings in the order of the items asked, or {@code null}
	 * @param asked how many items were asked
	 * @param json the mapper
	 */
	record Relayed(UpstreamHead head, byte[] body, ObjectNode answer, List<JsonNode> embeddings, int asked,
			JsonMapper json) {

		static Relayed problem(JsonMapper json, String detail) {
			ObjectNode problem = json.createObjectNode();
			problem.put("type", ProblemType.UPSTREAM_UNREACHABLE.type().toString());
			problem.put("title", ProblemType.UPSTREAM_UNREACHABLE.title());
			problem.put("status", ProblemType.UPSTREAM_UNREACHABLE.status().value());
			problem.put("detail", detail);
			problem.put("retryable", true);
			return new Relayed(new UpstreamHead(502, "application/problem+json", Map.of()),
					json.writeValueAsBytes(problem), null, null, 0, json);
		}

		/**
		 * Answers the caller as the upstream answered.
		 * @param response the response to write
		 * @param outcome the cache headers to send
		 */
		void writeTo(HttpServletResponse response, CacheOutcome outcome) {
			if (this.embeddings != null) {
				response.setHeader("X-Cache-Item-Hits", "0/" + this.asked);
			}
			Delivery.writePlain(response, this.head.status(), this.head.contentType(), this.head.passedHeaders(),
					outcome, this.body);
		}

	}

}
