package io.llmcache.store;

import java.util.List;

import io.llmcache.entry.TokenUsage;
import io.llmcache.key.LlmRequest;
import tools.jackson.databind.JsonNode;

/**
 * The tokens a stored response cost: the provider's {@code usage} object when the
 * response carries one (OpenAI's {@code prompt_tokens}/{@code completion_tokens}, or the
 * {@code input_tokens}/{@code output_tokens} of the Responses and Anthropic APIs),
 * otherwise an estimate of one token per {@value #CHARACTERS_PER_TOKEN} characters of the
 * prompt's and the response's text, the rule of thumb providers give for English.
 */
final class ResponseUsage {

	static final int CHARACTERS_PER_TOKEN = 4;

	/**
	 * Counts above this are not believed (no model reads or writes ten million tokens at
	 * once): the response is estimated instead, so that a hostile {@code usage} cannot
	 * overflow the savings counters.
	 */
	static final long MAX_TOKENS = 10_000_000;

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

	/** The characters of every string in a JSON value, the keys of objects aside. */
	private static long textCharacters(JsonNode node) {
		if (node.isString()) {
			return node.asString().length();
		}
		long characters = 0;
		for (JsonNode child : node.isContainer() ? node.values() : List.<JsonNode>of()) {
			characters += textCharacters(child);
		}
		return characters;
	}

	private static long tokens(long characters) {
		return Math.min(MAX_TOKENS, (characters + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN);
	}

}
