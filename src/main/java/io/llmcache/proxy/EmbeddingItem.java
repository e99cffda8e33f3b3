package io.llmcache.proxy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.key.LlmRequest;
import io.llmcache.key.LlmRequestShape;
import io.llmcache.lookup.Lookup;
import io.llmcache.policy.MatchType;
import io.llmcache.store.NewEntry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One input item of an embeddings request as the cache keys it: the model, the item (a
 * string, or an array of token ids) and every other field of the request, plus
 * {@value #KIND_PARAM} saying which form the item has.
 *
 * @param input the item as the request sent it
 * @param directives the caller's cache headers
 * @param model the model
 * @param text the item as the key's text: a string as it is, token ids as JSON
 * @param params the other fields of the request, and the item's form
 */
record EmbeddingItem(JsonNode input, CacheDirectives directives, String model, String text,
		Map<String, JsonNode> params) {

	/**
	 * Parameter that keeps embedding entries apart from completions and says the form.
	 */
	static final String KIND_PARAM = "x_llmcache_embedding";

	/** OpenAI's limit on inputs per request; larger batches are forwarded uncached. */
	static final int MAX_ITEMS = 2048;

	/**
	 * The items of a request, or {@code null} when the cache cannot key them: a string,
	 * an array of strings, an array of token ids, or an array of arrays of token ids
	 * ({@link OpenAiShape} refused any other input before).
	 * @param body the request's body
	 * @param directives the caller's cache headers
	 * @param nodes makes the item's form parameter
	 * @return the items in the request's order, or {@code null}
	 */
	static List<EmbeddingItem> itemsOf(ObjectNode body, CacheDirectives directives, JsonNodeFactory nodes) {
		JsonNode input = body.get("input");
		List<JsonNode> values = new ArrayList<>();
		if (input.isString() || (input.isArray() && !input.isEmpty() && input.get(0).isNumber())) {
			values.add(input);
		}
		else if (input.isArray() && !input.isEmpty() && input.size() <= MAX_ITEMS) {
			input.forEach(values::add);
		}
		else {
			return null;
		}
		Map<String, JsonNode> params = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> field : body.properties()) {
			if (!field.getKey().equals("model") && !field.getKey().equals("input")) {
				params.put(field.getKey(), field.getValue());
			}
		}
		List<EmbeddingItem> items = new ArrayList<>(values.size());
		for (JsonNode value : values) {
			boolean text = value.isString();
			if (!text && !OpenAiShape.isTokenArray(value)) {
				return null;
			}
			Map<String, JsonNode> itemParams = new LinkedHashMap<>(params);
			itemParams.put(KIND_PARAM, nodes.stringNode(text ? "text" : "tokens"));
			EmbeddingItem item = new EmbeddingItem(value, directives, body.get("model").stringValue(),
					text ? value.stringValue() : value.toString(), itemParams);
			if (!LlmRequestShape.violations(item.request()).isEmpty()) {
				return null;
			}
			items.add(item);
		}
		return items;
	}

	LlmRequest request() {
		return new LlmRequest(this.model, null, this.text, null, this.params);
	}

	Lookup lookup(String tenant) {
		return new Lookup(TenantNamespace.of(tenant, this.directives.namespace()), request(),
				EnumSet.of(MatchType.EXACT), null, this.directives.maxAgeSeconds());
	}

	NewEntry store(String tenant, JsonNode embedding, String token) {
		return new NewEntry(TenantNamespace.of(tenant, this.directives.namespace()), request(), embedding,
				this.directives.ttlSeconds(), this.directives.tags(),
				ProxyEntries.metadata("embedding", Endpoint.EMBEDDINGS), token);
	}

}
