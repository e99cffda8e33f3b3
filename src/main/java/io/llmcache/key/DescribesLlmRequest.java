package io.llmcache.key;

import java.util.List;
import java.util.Map;

import io.llmcache.tenant.Tenants;

import tools.jackson.databind.JsonNode;

/**
 * The request description shared by lookup, store and explain bodies (see API.md, "The
 * request being cached"). Its shape is checked by {@link ValidLlmRequest}.
 */
public interface DescribesLlmRequest {

	/** The most messages one request may carry. */
	int MAX_MESSAGES = 2048;

	/** The most tools one request may carry. */
	int MAX_TOOLS = 256;

	/** The most generation parameters one request may carry. */
	int MAX_PARAMS = 64;

	/** The longest model name. */
	int MAX_MODEL_LENGTH = 256;

	String namespace();

	String model();

	List<JsonNode> messages();

	String prompt();

	List<JsonNode> tools();

	Map<String, JsonNode> params();

	default String namespaceOrDefault() {
		return (namespace() != null) ? namespace() : Tenants.DEFAULT_NAMESPACE;
	}

	default LlmRequest toLlmRequest() {
		return new LlmRequest(model(), messages(), prompt(), tools(), params());
	}

}
