package io.llmcache.continuation;

import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The completion text of a cached response, and the response that serves only its rest.
 * <p>
 * Two shapes carry a completion: an OpenAI text completion object (one choice, whose
 * {@code text} is the completion) and the plain {@code {"text": "…"}} of the lookup API.
 * A completion can be continued only when its rest is what the model would have written
 * after the longer prompt: so never a completion cut short by {@code max_tokens}
 * ({@code finish_reason: "length"}: the model would write past its end), one with log
 * probabilities (they describe the tokens served before), or several choices.
 */
public final class CompletionText {

	private CompletionText() {
	}

	/**
	 * The completion a response carries, if it can be continued.
	 * @param response the cached response
	 * @return the completion text, or empty
	 */
	public static Optional<String> of(JsonNode response) {
		return Optional.ofNullable(textNode(response)).map(JsonNode::stringValue);
	}

	/**
	 * The response with its completion replaced by the part after what the user typed.
	 * Token {@code usage} is left out: its counts were the provider's for the whole
	 * completion and would be wrong for the rest.
	 * @param response the cached response, which {@link #of} accepted
	 * @param rest the rest of the completion
	 * @return a new response
	 */
	public static JsonNode continued(JsonNode response, String rest) {
		ObjectNode copy = ((ObjectNode) response).deepCopy();
		copy.remove("usage");
		if (copy.has("choices")) {
			((ObjectNode) copy.get("choices").get(0)).put("text", rest);
		}
		else {
			copy.put("text", rest);
		}
		return copy;
	}

	private static JsonNode textNode(JsonNode response) {
		if (response == null || !response.isObject()) {
			return null;
		}
		JsonNode choices = response.get("choices");
		if (choices == null) {
			JsonNode text = response.get("text");
			return (text != null && text.isString()) ? text : null;
		}
		if (!(choices instanceof ArrayNode list) || list.size() != 1 || !list.get(0).isObject()) {
			return null;
		}
		JsonNode choice = list.get(0);
		JsonNode text = choice.get("text");
		boolean cutShort = "length".equals(choice.path("finish_reason").asString(""));
		boolean withLogprobs = choice.has("logprobs") && !choice.get("logprobs").isNull();
		return (text != null && text.isString() && !cutShort && !withLogprobs) ? text : null;
	}

}
