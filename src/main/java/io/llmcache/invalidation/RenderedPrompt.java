package io.llmcache.invalidation;

import java.util.ArrayList;
import java.util.List;

import io.llmcache.key.LlmRequest;

import tools.jackson.databind.JsonNode;

/**
 * What a {@code promptPrefix} selector is compared with: the request's rendered prompt,
 * as segments. For a completion, the prompt; for a chat, the text of each system message,
 * then the text of each other message, in order. A message's text is its string content,
 * or the concatenated {@code text} of its content parts; other parts (images, audio) add
 * nothing. Rendered as one text, the segments are joined by newlines.
 * <p>
 * A selector matches on the canonical tokens of these segments, each tokenized on its own
 * as the canonical token sequence does ({@link #startsWith}): it must hold whole
 * segments, each followed by the newline that joins the next, then a text whose own
 * tokens are the first tokens of the next segment. So a selector ends on a token boundary
 * of the entry's prompt: "You are SupportBot v3" selects "You are SupportBot v3. Hi" but
 * "You are Supp" selects nothing there.
 */
public final class RenderedPrompt {

	private RenderedPrompt() {
	}

	/**
	 * The segments of a request's rendered prompt.
	 * @param request the request
	 * @return the system messages' texts, then the other messages' texts; or the prompt
	 */
	public static List<String> segmentsOf(LlmRequest request) {
		if (!request.isChat()) {
			return List.of(request.prompt());
		}
		List<String> system = new ArrayList<>();
		List<String> others = new ArrayList<>();
		for (JsonNode message : request.messages()) {
			boolean isSystem = "system".equals(message.path("role").asString(""));
			(isSystem ? system : others).add(textOf(message.path("content")));
		}
		system.addAll(others);
		return system;
	}

	/**
	 * The rendered prompt as one text.
	 * @param request the request
	 * @return the segments joined by newlines
	 */
	public static String render(LlmRequest request) {
		return String.join("\n", segmentsOf(request));
	}

	/**
	 * Whether a selector starts a rendered prompt on its canonical tokens.
	 * @param segments the prompt's segments
	 * @param selector the selector's text
	 * @param tokens tells whether a text's own tokens are the first tokens of a segment
	 * @return {@code true} if the selector is whole segments, each followed by a newline,
	 * then a token prefix of the next segment (or nothing)
	 */
	public static boolean startsWith(List<String> segments, String selector, TokenPrefix tokens) {
		int offset = 0;
		for (int i = 0; i < segments.size(); i++) {
			String segment = segments.get(i);
			int left = selector.length() - offset;
			if (left <= segment.length()) {
				String rest = selector.substring(offset);
				return segment.startsWith(rest)
						&& (left == 0 || left == segment.length() || tokens.isTokenPrefix(segment, rest));
			}
			boolean wholeThenNewline = selector.startsWith(segment, offset)
					&& selector.charAt(offset + segment.length()) == '\n';
			if (!wholeThenNewline) {
				return false;
			}
			offset += segment.length() + 1;
		}
		return false;
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

	/**
	 * Compares tokens of one segment, with the entry's model's tokenizer.
	 */
	@FunctionalInterface
	public interface TokenPrefix {

		/**
		 * Whether a text, tokenized on its own, gives the first tokens of a segment.
		 * @param segment the segment, of which {@code text} is a textual prefix
		 * @param text the text
		 * @return {@code true} if its tokens are a prefix of the segment's tokens
		 */
		boolean isTokenPrefix(String segment, String text);

	}

}
