package io.llmcache.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.key.LlmRequest;
import io.llmcache.lookup.Lookup;
import io.llmcache.store.NewEntry;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request to the proxy as the caller sent it: the raw bytes, forwarded upstream
 * unchanged, and the parsed body the cache reads its key from.
 *
 * @param endpoint the endpoint called
 * @param raw the body as received
 * @param body the parsed body
 */
record OpenAiRequest(Endpoint endpoint, byte[] raw, ObjectNode body) {

	/** Fields that are the request itself rather than generation parameters. */
	private static final Set<String> STRUCTURAL = Set.of("model", "messages", "prompt", "tools");

	/**
	 * Reads a request body, refusing one that is malformed beyond doubt (see
	 * {@link OpenAiShape}) before anything is forwarded.
	 * @param endpoint the endpoint
	 * @param raw the body
	 * @param json the mapper (with the service's structural limits)
	 * @return the request
	 * @throws ApiException {@code malformed-body} for a body that is not a JSON object,
	 * {@code validation} for one that breaks the OpenAI schema
	 */
	static OpenAiRequest of(Endpoint endpoint, byte[] raw, JsonMapper json) {
		JsonNode parsed;
		try {
			parsed = json.readTree(raw);
		}
		catch (JacksonException ex) {
			throw new ApiException(ProblemType.MALFORMED_BODY, "The body is not well-formed JSON");
		}
		if (parsed == null || !parsed.isObject()) {
			throw new ApiException(ProblemType.MALFORMED_BODY, "The body must be a JSON object");
		}
		OpenAiShape.problem(endpoint, parsed).ifPresent((problem) -> {
			throw new ApiException(ProblemType.VALIDATION, problem);
		});
		return new OpenAiRequest(endpoint, raw, (ObjectNode) parsed);
	}

	/**
	 * Whether the caller asked for Server-Sent Events.
	 * @return {@code true} for {@code "stream": true}
	 */
	boolean stream() {
		return this.body.path("stream").isBoolean() && this.body.get("stream").booleanValue();
	}

	/**
	 * Whether a stream should end with a usage chunk ({@code "stream_options":
	 * {"include_usage": true}}).
	 * @return {@code true} if asked for
	 */
	boolean includeUsage() {
		JsonNode option = this.body.path("stream_options").path("include_usage");
		return option.isBoolean() && option.booleanValue();
	}

	/**
	 * The request as the cache describes it, if it has the shape the cache keys: a chat
	 * request (whose shape {@link OpenAiShape} checked when it was read), or a completion
	 * with a string {@code prompt}. Other shapes (token-array prompts, ...) are forwarded
	 * uncached.
	 * @return the description, or empty
	 */
	Optional<Description> description() {
		if (this.endpoint == Endpoint.EMBEDDINGS) {
			return Optional.empty();
		}
		List<JsonNode> messages = null;
		String prompt = null;
		if (this.endpoint == Endpoint.CHAT) {
			JsonNode value = this.body.get("messages");
			messages = new ArrayList<>(value.size());
			value.forEach(messages::add);
		}
		else {
			JsonNode value = this.body.get("prompt");
			if (value == null || !value.isString()) {
				return Optional.empty();
			}
			prompt = value.stringValue();
		}
		List<JsonNode> tools = null;
		JsonNode toolsValue = this.body.get("tools");
		if (toolsValue != null && !toolsValue.isNull()) {
			if (!toolsValue.isArray()) {
				return Optional.empty();
			}
			tools = new ArrayList<>(toolsValue.size());
			toolsValue.forEach(tools::add);
		}
		Map<String, JsonNode> params = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> field : this.body.properties()) {
			if (!STRUCTURAL.contains(field.getKey())) {
				params.put(field.getKey(), field.getValue());
			}
		}
		return Optional.of(new Description(this.body.get("model").stringValue(), messages, prompt, tools, params));
	}

	/**
	 * A chat or completion request as the cache sees it.
	 *
	 * @param model the model
	 * @param messages the chat messages, or {@code null}
	 * @param prompt the completion prompt, or {@code null}
	 * @param tools the tools, or {@code null}
	 * @param params every other field of the body
	 */
	record Description(String model, List<JsonNode> messages, String prompt, List<JsonNode> tools,
			Map<String, JsonNode> params) {

		LlmRequest toLlmRequest() {
			return new LlmRequest(this.model, this.messages, this.prompt, this.tools, this.params);
		}

		Lookup toLookup(String tenant, CacheDirectives directives) {
			return new Lookup(TenantNamespace.of(tenant, directives.namespace()), toLlmRequest(), null, null,
					directives.maxAgeSeconds());
		}

		NewEntry toStore(String tenant, CacheDirectives directives, JsonNode response, Map<String, String> metadata,
				String storeToken) {
			return new NewEntry(TenantNamespace.of(tenant, directives.namespace()), toLlmRequest(), response,
					directives.ttlSeconds(), directives.tags(), metadata, storeToken);
		}

		/**
		 * The same request with one more parameter, e.g. the answer slot of a bucket.
		 * @param name the parameter
		 * @param value its value
		 * @return the request
		 */
		Description withParam(String name, JsonNode value) {
			Map<String, JsonNode> more = new LinkedHashMap<>(this.params);
			more.put(name, value);
			return new Description(this.model, this.messages, this.prompt, this.tools, more);
		}

	}

}
