package io.llmcache.proxy;

import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Puts an embeddings answer together from the embeddings of each item, known or just
 * fetched, and writes it with {@code X-Cache-Item-Hits}.
 */
@Component
class EmbeddingAnswers {

	private final JsonMapper json;

	EmbeddingAnswers(JsonMapper json) {
		this.json = json;
	}

	/**
	 * An embeddings answer for every item, in the request's order.
	 * @param template the request or answer whose {@code model} the answer names
	 * @param embeddings each item's embedding, without {@code index}
	 * @param usage the upstream's usage for the items it was asked, or {@code null} when
	 * it was asked none
	 * @return the answer
	 */
	ObjectNode assemble(JsonNode template, JsonNode[] embeddings, JsonNode usage) {
		ObjectNode answer = this.json.createObjectNode();
		answer.put("object", "list");
		ArrayNode data = answer.putArray("data");
		for (int i = 0; i < embeddings.length; i++) {
			ObjectNode item = data.addObject();
			item.put("object", "embedding");
			item.put("index", i);
			((ObjectNode) embeddings[i]).properties().forEach((field) -> {
				if (!field.getKey().equals("object")) {
					item.set(field.getKey(), field.getValue());
				}
			});
		}
		answer.set("model", template.path("model"));
		ObjectNode counted = answer.putObject("usage");
		counted.put("prompt_tokens", (usage != null) ? usage.path("prompt_tokens").asLong(0) : 0);
		counted.put("total_tokens", (usage != null) ? usage.path("total_tokens").asLong(0) : 0);
		return answer;
	}

	/**
	 * Writes an assembled answer.
	 * @param response the response to write
	 * @param status the status
	 * @param outcome the cache headers to send
	 * @param hits how many items were known
	 * @param total how many items were asked
	 * @param body the answer
	 */
	void write(HttpServletResponse response, int status, CacheOutcome outcome, int hits, int total, ObjectNode body) {
		response.setHeader("X-Cache-Item-Hits", hits + "/" + total);
		Delivery.writePlain(response, status, "application/json", Map.of(), outcome, this.json.writeValueAsBytes(body));
	}

}
