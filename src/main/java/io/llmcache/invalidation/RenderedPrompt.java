package io.llmcache.invalidation;

import java.util.ArrayList;
import java.util.List;

import io.llmcache.key.LlmRequest;

import tools.jackson.databind.JsonNode;

/**
 * The text a {@code promptPrefix} selector is compared with: for a completion, the
 * prompt; for a chat, the text of the system messages, then the text of the other
 * messages in order, one message per line. A message's text is its string content, or the
 * concatenated {@code text} of its content parts; other parts (images, audio) add
 * nothing.
 *
 * @author llm-cache developers
 */
public final class RenderedPrompt {

	private RenderedPrompt() {
	}

	/**
	 * The start of a request's rendered prompt, as long as the longest prefix a selector
	 * may name.
	 * @param request the request
	 * @return at most {@link Selector#MAX_PROMPT_PREFIX} characters
	 */
	public static String headOf(LlmRequest request) {
		String text = render(request);
		return (text.length() > Selector.MAX_PROMPT_PREFIX) ? text.substring(0, Selector.MAX_PROMPT_PREFIX) : text;
	}

	static String render(LlmRequest request) {
		if (!request.isChat()) {
			return request.prompt();
		}
		List<String> system = new ArrayList<>();
		List<String> others = new ArrayList<>();
		for (JsonNode message : request.messages()) {
			boolean isSystem = "system".equals(message.path("role").asString(""));
			(isSystem ? system : others).add(textOf(message.path("content")));
		}
		system.addAll(others);
		return String.join("\n", system);
	}

	private static String textOf(JsonNode content) {
		if (content.isString()) {
			return content.asString();
		}
		StringBuilder text = new StringBuilder();
		if (content.isArray()) {
			for (JsonNode part : content) {
				if (part.path("text").isString()) {
					text.append(part.path("text").asString());
				}
			}
		}
		return text.toString();
	}

}
