package io.llmcache.key;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The LLM request being cached, as the caller described it: chat form ({@code messages})
 * or completion form ({@code prompt}), exactly one of them.
 *
 * @param model the model the response came from
 * @param messages the chat messages in OpenAI shape, or {@code null}
 * @param prompt the completion prompt, or {@code null}
 * @param tools tool definitions, or {@code null}
 * @param params generation parameters, or {@code null}
 */
public record LlmRequest(String model, List<JsonNode> messages, String prompt, List<JsonNode> tools,
		Map<String, JsonNode> params) {

	public LlmRequest {
		tools = (tools != null) ? tools : List.of();
		params = (params != null) ? params : Map.of();
	}

	/**
	 * Whether the request is in chat form.
	 * @return {@code true} for {@code messages}, {@code false} for {@code prompt}
	 */
	public boolean isChat() {
		return this.messages != null;
	}

}
