package io.llmcache.proxy;

import io.llmcache.key.LlmRequest;
import io.llmcache.key.LlmRequestShape;
import io.llmcache.lookup.Lookup;
import io.llmcache.lookup.LookupResult;
import io.llmcache.store.NewEntry;
import io.llmcache.entry.TenantNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmcache.lookup.LookupService;
import io.llmcache.policy.MatchType;
import io.llmcache.store.StoreService;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.Role;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Service;

/**
 * Serves {@code /openai/v1/embeddings} through the cache, one entry per input item and
 * model: a batch whose items are all known is answered from the cache; otherwise only the
 * unknown items go upstream (in one request, in their order), each of their embeddings is
 * stored, and the answer is put back together in the order of the request. A batch with
 * no known item is forwarded as sent and answered as the upstream answered.
 * <p>
 * An item's key is the model, the item (a string, or an array of token ids) and every
 * other field of the request that the namespace policy does not ignore
 * ({@code encoding_format}, {@code dimensions}, ...), so a base64 answer never serves a
 * float request. Items match exactly only: an embedding of a normalized text is not the
 * embedding of the text. The answer's {@code usage} counts the tokens the upstream was
 * paid for in this request (0 when every item was known).
 *
 * @author llm-cache developers
 */
@Service
class EmbeddingsProxy {

	/**
	 * Parameter that keeps embedding entries apart from completions and says the form.
	 */
	static final String KIND_PARAM = "x_llmcache_embedding";

	/** OpenAI's limit on inputs per request; larger batches are forwarded uncached. */
	static final int MAX_ITEMS = 2048;

	private static final Logger logger = LoggerFactory.getLogger(EmbeddingsProxy.class);

	private final LookupService lookups;

	private final StoreService stores;

	private final UpstreamClient upstream;

	private final ProxyMetrics metrics;

	private final JsonMapper json;

	private final long maxResponseSize;

	EmbeddingsProxy(LookupService lookups, StoreService stores, UpstreamClient upstream, ProxyMetrics metrics,
			ProxyProperties properties, JsonMapper json) {
		this.lookups = lookups;
		this.stores = stores;
		this.upstream = upstream;
		this.metrics = metrics;
		this.json = json;
		this.maxResponseSize = properties.maxResponseSize().toBytes();
	}

	/**
	 * Answers one embeddings request.
	 * @param caller the caller
	 * @param request the request
	 * @param directives the caller's cache headers
	 * @param response the response to write
	 */
	void handle(Caller caller, OpenAiRequest request, CacheDirectives directives, HttpServletResponse response) {
		List<Item> items = itemsOf(request.body(), directives);
		if (items == null || directives.noStore()) {
			this.metrics.request(Endpoint.EMBEDDINGS, "bypass", false, false);
			forward(caller, request.raw(), List.of(), null, CacheOutcome.bypass(), response);
			return;
		}
		JsonNode[] found = new JsonNode[items.size()];
		String[] tokens = new String[items.size()];
		boolean degraded = false;
		if (!directives.noCache()) {
			// Every item in one round trip to Redis.
			List<LookupResult> answers = this.lookups.lookupExact(
					TenantNamespace.of(caller.tenant(), directives.namespace()),
					items.stream().map((item) -> item.lookup(caller.tenant())).toList());
			for (int i = 0; i < items.size(); i++) {
				LookupResult answer = answers.get(i);
				if (answer instanceof LookupResult.Hit hit
						&& "embedding".equals(hit.entry().metadata().get(CompletionProxy.FORMAT))) {
					found[i] = this.json.readTree(hit.responseJson());
				}
				else if (answer instanceof LookupResult.Miss miss) {
					tokens[i] = miss.storeToken();
					degraded |= miss.degraded();
				}
			}
		}
		List<Integer> missing = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			if (found[i] == null) {
				missing.add(i);
			}
		}
		this.metrics.embeddingItems("hit", items.size() - missing.size());
		this.metrics.embeddingItems("miss", missing.size());
		this.metrics.request(Endpoint.EMBEDDINGS, missing.isEmpty() ? "hit" : "miss", degraded, false);
		boolean store = !degraded && caller.has(Role.WRITE);
		if (missing.isEmpty()) {
			CacheOutcome outcome = new CacheOutcome(CacheOutcome.HIT, MatchType.EXACT, null, 1.0, null, false, false);
			write(response, 200, outcome, items.size(), items.size(), assemble(request.body(), found, null));
		}
		else if (missing.size() == items.size()) {
			forward(caller, request.raw(), items, store ? tokens : null, CacheOutcome.miss(degraded), response);
		}
		else {
			ObjectNode partial = request.body().deepCopy();
			ArrayNode input = partial.putArray("input");
			missing.forEach((i) -> input.add(items.get(i).input()));
			List<Item> asked = missing.stream().map(items::get).toList();
			String[] askedTokens = missing.stream().map((i) -> tokens[i]).toArray(String[]::new);
			Relayed relayed = call(caller, this.json.writeValueAsBytes(partial), asked, store ? askedTokens : null);
			if (relayed.embeddings() == null) {
				relayed.writeTo(response, CacheOutcome.miss(degraded));
				return;
			}
			for (int k = 0; k < missing.size(); k++) {
				found[missing.get(k)] = relayed.embeddings().get(k);
			}
			write(response, 200, CacheOutcome.miss(degraded), items.size() - missing.size(), items.size(),
					assemble(relayed.answer(), found, relayed.answer().get("usage")));
		}
	}

	/**
	 * The items of a request, or {@code null} when the cache cannot key them: a string,
	 * an array of strings, an array of token ids, or an array of arrays of token ids.
	 */
	private List<Item> itemsOf(ObjectNode body, CacheDirectives directives) {
		if (body == null || !body.path("model").isString()) {
			return null;
		}
		JsonNode input = body.get("input");
		List<JsonNode> values = new ArrayList<>();
		if (input == null) {
			return null;
		}
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
		List<Item> items = new ArrayList<>(values.size());
		for (JsonNode value : values) {
			boolean text = value.isString();
			if (!text && !isTokenArray(value)) {
				return null;
			}
			Map<String, JsonNode> itemParams = new LinkedHashMap<>(params);
			itemParams.put(KIND_PARAM, this.json.getNodeFactory().stringNode(text ? "text" : "tokens"));
			Item item = new Item(value, directives, body.get("model").stringValue(),
					text ? value.stringValue() : value.toString(), itemParams);
			if (!LlmRequestShape.violations(item.request()).isEmpty()) {
				return null;
			}
			items.add(item);
		}
		return items;
	}

	private static boolean isTokenArray(JsonNode value) {
		if (!value.isArray() || value.isEmpty()) {
			return false;
		}
		for (JsonNode token : value) {
			if (!token.isIntegralNumber()) {
				return false;
			}
		}
		return true;
	}

	/** Forwards a whole batch and answers as the upstream did, storing each item. */
	private void forward(Caller caller, byte[] body, List<Item> items, String[] tokens, CacheOutcome outcome,
			HttpServletResponse response) {
		Relayed relayed = call(caller, body, items, tokens);
		relayed.writeTo(response, outcome);
	}

	private Relayed call(Caller caller, byte[] body, List<Item> items, String[] tokens) {
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

	private void store(Caller caller, Item item, JsonNode embedding, String token) {
		try {
			this.stores.store(item.store(caller.tenant(), embedding, token));
		}
		catch (RuntimeException ex) {
			logger.info("Embedding not stored: {}", ex.getMessage());
		}
	}

	/** An embeddings answer for every item, in the request's order. */
	private ObjectNode assemble(JsonNode template, JsonNode[] embeddings, JsonNode usage) {
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

	private void write(HttpServletResponse response, int status, CacheOutcome outcome, int hits, int total,
			ObjectNode body) {
		response.setHeader("X-Cache-Item-Hits", hits + "/" + total);
		Delivery.writePlain(response, status, "application/json", Map.of(), outcome, this.json.writeValueAsBytes(body));
	}

	/**
	 * One input item as the cache keys it.
	 */
	private record Item(JsonNode input, CacheDirectives directives, String model, String text,
			Map<String, JsonNode> params) {

		LlmRequest request() {
			return new LlmRequest(this.model, null, this.text, null, this.params);
		}

		Lookup lookup(String tenant) {
			return new Lookup(TenantNamespace.of(tenant, this.directives.namespace()), request(),
					EnumSet.of(MatchType.EXACT), null, this.directives.maxAgeSeconds());
		}

		NewEntry store(String tenant, JsonNode embedding, String token) {
			return new NewEntry(TenantNamespace.of(tenant, this.directives.namespace()), request(), embedding,
					this.directives.ttlSeconds(), this.directives.tags(), Map.of(CompletionProxy.FORMAT, "embedding",
							CompletionProxy.ENDPOINT, Endpoint.EMBEDDINGS.metricName()),
					token);
		}

	}

	/**
	 * An upstream answer read whole.
	 */
	private record Relayed(UpstreamHead head, byte[] body, ObjectNode answer, List<JsonNode> embeddings, int asked,
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

		void writeTo(HttpServletResponse response, CacheOutcome outcome) {
			if (this.embeddings != null) {
				response.setHeader("X-Cache-Item-Hits", "0/" + this.asked);
			}
			Delivery.writePlain(response, this.head.status(), this.head.contentType(), this.head.passedHeaders(),
					outcome, this.body);
		}

	}

}
