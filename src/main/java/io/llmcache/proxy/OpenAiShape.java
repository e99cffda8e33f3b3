package io.llmcache.proxy;

import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * What makes a proxy request malformed beyond doubt, by the OpenAI API's own schema: such
 * a request is refused with 400 before it is forwarded, so that a caller's broken
 * requests never reach the upstream, never cost an upstream call and never count against
 * the upstream's health. Anything the schema allows is left for the upstream to judge (an
 * unknown model, a field it does not know, a prompt too long for the model).
 */
final class OpenAiShape {

	private OpenAiShape() {
	}

	/**
	 * The first thing wrong with a request body, if any.
	 * @param endpoint the endpoint called
	 * @param body the parsed body (a JSON object)
	 * @return why it is malformed, or empty
	 */
	static Optional<String> problem(Endpoint endpoint, JsonNode body) {
		JsonNode model = body.get("model");
		if (model == null || !model.isString() || model.stringValue().isBlank()) {
			return Optional.of("\"model\" must be a non-empty string");
		}
		JsonNode stream = body.get("stream");
		if (stream != null && !stream.isNull() && !stream.isBoolean()) {
			return Optional.of("\"stream\" must be true or false");
		}
		return switch (endpoint) {
			case CHAT -> chatProblem(body.get("messages"));
			case COMPLETIONS -> promptProblem("prompt", body.get("prompt"), true);
			case EMBEDDINGS -> promptProblem("input", body.get("input"), false);
		};
	}

	private static Optional<String> chatProblem(JsonNode messages) {
		if (messages == null || !messages.isArray() || messages.isEmpty()) {
			return Optional.of("\"messages\" must be a non-empty array of messages");
		}
		for (int i = 0; i < messages.size(); i++) {
			JsonNode message = messages.get(i);
			if (!message.isObject()) {
				return Optional.of("\"messages[" + i + "]\" must be an object with a \"role\"");
			}
			JsonNode role = message.get("role");
			if (role == null || !role.isString()) {
				return Optional.of("\"messages[" + i + "].role\" must be a string");
			}
			JsonNode content = message.get("content");
			if (content != null && !(content.isNull() || content.isString() || content.isArray())) {
				return Optional.of("\"messages[" + i + "].content\" must be a string, an array of parts or null");
			}
		}
		return Optional.empty();
	}

	/**
	 * A prompt or an embedding input: a string, an array of strings, an array of tokens
	 * or an array of token arrays.
	 */
	private static Optional<String> promptProblem(String field, JsonNode value, boolean optional) {
		String expected = "\"" + field + "\" must be a string, an array of strings, an array of token ids or an "
				+ "array of token id arrays";
		if (value == null || value.isNull()) {
			return optional ? Optional.empty() : Optional.of(expected);
		}
		if (value.isString()) {
			return Optional.empty();
		}
		if (!value.isArray() || value.isEmpty()) {
			return Optional.of(expected);
		}
		JsonNode first = value.get(0);
		for (JsonNode item : value) {
			boolean sameKind = (first.isString() && item.isString()) || (first.isIntegralNumber() && isToken(item))
					|| (first.isArray() && isTokenArray(item));
			if (!sameKind) {
				return Optional.of(expected);
			}
		}
		return Optional.empty();
	}

	/**
	 * Whether a value is an array of token ids.
	 * @param value the value
	 * @return {@code true} for a non-empty array of non-negative integers
	 */
	static boolean isTokenArray(JsonNode value) {
		if (!value.isArray() || value.isEmpty()) {
			return false;
		}
		for (JsonNode item : value) {
			if (!isToken(item)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isToken(JsonNode value) {
		return value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 0;
	}

}
