package io.llmcache.key;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import tools.jackson.databind.JsonNode;

/**
 * The shape every request description must have, whoever sends it (the REST API through
 * {@link ValidLlmRequest}, the proxy directly): a model; one of {@code messages} or
 * {@code prompt}; each message an object with a string {@code role} and a {@code content}
 * that is a string, an array of typed parts, or absent; tools are objects; and at most
 * {@link DescribesLlmRequest#MAX_MESSAGES} messages,
 * {@link DescribesLlmRequest#MAX_TOOLS} tools and {@link DescribesLlmRequest#MAX_PARAMS}
 * parameters. Each violation names the field, e.g. {@code messages[2].role}.
 */
public final class LlmRequestShape {

	private static final int MAX_ROLE_LENGTH = 64;

	private static final int MAX_CONTENT_PARTS = 512;

	private LlmRequestShape() {
	}

	/**
	 * Every violation of a request, sizes and model included.
	 * @param request the request
	 * @return the violations, {@code field: message}; empty when the request is valid
	 */
	public static List<String> violations(LlmRequest request) {
		List<String> violations = new ArrayList<>();
		BiConsumer<String, String> add = (field, message) -> violations.add(field + ": " + message);
		if (request.model() == null || request.model().isBlank()
				|| request.model().length() > DescribesLlmRequest.MAX_MODEL_LENGTH) {
			add.accept("model",
					"must be a non-blank string of at most " + DescribesLlmRequest.MAX_MODEL_LENGTH + " characters");
		}
		if (request.messages() != null && request.messages().size() > DescribesLlmRequest.MAX_MESSAGES) {
			add.accept("messages", "must have at most " + DescribesLlmRequest.MAX_MESSAGES + " messages");
		}
		if (request.tools().size() > DescribesLlmRequest.MAX_TOOLS) {
			add.accept("tools", "must have at most " + DescribesLlmRequest.MAX_TOOLS + " tools");
		}
		if (request.params().size() > DescribesLlmRequest.MAX_PARAMS) {
			add.accept("params", "must have at most " + DescribesLlmRequest.MAX_PARAMS + " parameters");
		}
		check(request.messages(), request.prompt(), request.tools(), add);
		return violations;
	}

	/**
	 * Checks what field annotations cannot express.
	 * @param messages the messages, or {@code null}
	 * @param prompt the prompt, or {@code null}
	 * @param tools the tools, or {@code null}
	 * @param violation called with the field and the message of each violation
	 */
	static void check(List<JsonNode> messages, String prompt, List<JsonNode> tools,
			BiConsumer<String, String> violation) {
		if ((messages == null) == (prompt == null)) {
			violation.accept("messages", "exactly one of 'messages' and 'prompt' is required");
		}
		if (messages != null) {
			if (messages.isEmpty()) {
				violation.accept("messages", "must not be empty");
			}
			for (int i = 0; i < messages.size(); i++) {
				checkMessage("messages[" + i + "]", messages.get(i), violation);
			}
		}
		if (tools != null) {
			for (int i = 0; i < tools.size(); i++) {
				if (tools.get(i) == null || !tools.get(i).isObject()) {
					violation.accept("tools[" + i + "]", "must be an object");
				}
			}
		}
	}

	private static void checkMessage(String path, JsonNode message, BiConsumer<String, String> violation) {
		if (message == null || !message.isObject()) {
			violation.accept(path, "must be an object");
			return;
		}
		JsonNode role = message.get("role");
		if (role == null || !role.isString() || role.stringValue().isBlank()
				|| role.stringValue().length() > MAX_ROLE_LENGTH) {
			violation.accept(path + ".role",
					"must be a non-blank string of at most " + MAX_ROLE_LENGTH + " characters");
		}
		JsonNode content = message.get("content");
		if (content == null || content.isNull() || content.isString()) {
			return;
		}
		if (!content.isArray()) {
			violation.accept(path + ".content", "must be a string, an array of content parts, or null");
			return;
		}
		if (content.size() > MAX_CONTENT_PARTS) {
			violation.accept(path + ".content", "must have at most " + MAX_CONTENT_PARTS + " parts");
		}
		for (int i = 0; i < content.size(); i++) {
			JsonNode part = content.get(i);
			String partPath = path + ".content[" + i + "]";
			if (!part.isObject() || !part.path("type").isString()) {
				violation.accept(partPath, "must be an object with a string 'type'");
			}
			else if ("text".equals(part.get("type").stringValue()) && !part.path("text").isString()) {
				violation.accept(partPath + ".text", "must be a string in a part of type 'text'");
			}
		}
	}

}
