package io.llmcache.store;

import java.util.Map;
import java.util.Set;

import io.llmcache.entry.TokenUsage;
import io.llmcache.key.LlmRequest;
import tools.jackson.databind.JsonNode;

/**
 * The tokens a stored response cost: the provider's {@code usage} object when the
 * response carries one (OpenAI's {@code prompt_tokens}/{@code completion_tokens}, or the
 * {@code input_tokens}/{@code output_tokens} of the Responses and Anthropic APIs),
 * otherwise an estimate of one token per {@value #CHARACTERS_PER_TOKEN} characters of the
 * prompt's and the response's text, the rule of thumb providers give for English. Only
 * text counts: message contents and their text parts, not images, ids, roles or other
 * fields of the response's envelope.
 */
final class ResponseUsage {

	static final int CHARACTERS_PER_TOKEN = 4;

	/**
	 * Counts above this are not believed (no model reads or writes two million tokens at
	 * once): the response is estimated instead, so that a hostile {@code usage} cannot
	 * overflow the savings counters.
	 */
	static final long MAX_TOKENS = 2_000_000;

	/** Fields of a response's envelope whose strings are not text the model wrote. */
	private static final Set<String> NOT_TEXT = Set.of("id", "object", "model", "role", "type", "finish_reason",
			"stop_reason", "system_fingerprint", "logprobs", "created", "image_url", "url", "usage", "name",
			"tool_call_id", "index");

	private ResponseUsage() {
	}

	static TokenUsage of(LlmRequest request, JsonNode response) {
		JsonNode usage = response.path("usage");
		TokenUsage reported = reported(usage, "prompt_tokens", "completion_tokens");
		if (reported == null) {
			reported = reported(usage, "input_tokens", "output_tokens");
		}
		return (reported != null) ? reported
				: new TokenUsage(tokens(promptCharacters(request)), tokens(textCharacters(response)), true);
	}

	private static TokenUsage reported(JsonNode usage, String promptField, String completionField) {
		JsonNode prompt = usage.path(promptField);
		JsonNode completion = usage.path(completionField);
		if (prompt.canConvertToLong() && completion.canConvertToLong() && believable(prompt.asLong())
				&& believable(completion.asLong())) {
			return new TokenUsage(prompt.asLong(), completion.asLong(), false);
		}
		return null;
	}

	private static boolean believable(long tokens) {
		return tokens >= 0 && tokens <= MAX_TOKENS;
	}

	private static long promptCharacters(LlmRequest request) {
		if (request.messages() == null) {
			return (request.prompt() != null) ? request.prompt().length() : 0;
		}
		long characters = 0;
		for (JsonNode message : request.messages()) {
			characters += textCharacters(message.path("content"));
		}
		return characters;
	}

	/**
	 * The characters of the text in a JSON value: its strings, but for those of envelope
	 * fields ({@link #NOT_TEXT}) and data URLs (inline images).
	 */
	private static long textCharacters(JsonNode node) {
		if (node.isString()) {
			String text = node.asString();
			return text.startsWith("data:") ? 0 : text.length();
		}
		long characters = 0;
		if (node.isArray()) {
			for (JsonNode child : node.values()) {
				characters += textCharacters(child);
			}
		}
		else if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				if (!NOT_TEXT.contains(field.getKey())) {
					characters += textCharacters(field.getValue());
				}
			}
		}
		return characters;
	}

	private static long tokens(long characters) {
		return Math.min(MAX_TOKENS, (characters + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN);
	}

}
