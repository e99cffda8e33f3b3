package io.llmcache.prefix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.llmcache.key.LlmRequest;

import tools.jackson.databind.JsonNode;

/**
 * Splits a request into the segments of its canonical token sequence: the tool
 * definitions (if any), then each message in the order the caller sent it (the system
 * message is where the caller put it, usually first, because that is the order a provider
 * sees and caches), or the completion prompt.
 * <p>
 * Within a message: the role, then {@code name}, then the content (consecutive text parts
 * joined into one text, as a provider renders them; a single text part is the same as a
 * string), then {@code tool_calls}, then {@code tool_call_id}. JSON values (tool
 * definitions, tool calls, non-text parts) are written with object keys sorted, so key
 * order does not split a prefix. Text is taken as sent: white space and Unicode at a
 * segment's edges are part of its tokens, as they are for the provider.
 */
final class CanonicalSegments {

	private CanonicalSegments() {
	}

	/**
	 * The segments of a request.
	 * @param request the request
	 * @return the segments, in order
	 */
	static List<Segment> of(LlmRequest request) {
		List<Segment> segments = new ArrayList<>();
		if (!request.tools().isEmpty()) {
			List<Segment.Part> tools = new ArrayList<>();
			for (JsonNode tool : request.tools()) {
				tools.add(new Segment.Part(Markers.TOOL, canonicalJson(tool)));
			}
			segments.add(new Segment("tools", Markers.TOOLS, tools));
		}
		if (!request.isChat()) {
			segments
				.add(new Segment("prompt", Markers.PROMPT, List.of(new Segment.Part(Markers.TEXT, request.prompt()))));
			return segments;
		}
		for (JsonNode message : request.messages()) {
			segments.add(message(message));
		}
		return segments;
	}

	private static Segment message(JsonNode message) {
		String role = message.path("role").asString("");
		Integer marker = Markers.ROLES.get(role);
		List<Segment.Part> parts = new ArrayList<>();
		if (marker == null) {
			parts.add(new Segment.Part(Markers.ROLE_NAME, role));
		}
		if (message.path("name").isString()) {
			parts.add(new Segment.Part(Markers.NAME, message.get("name").stringValue()));
		}
		content(message.path("content"), parts);
		JsonNode toolCalls = message.path("tool_calls");
		if (!toolCalls.isMissingNode() && !toolCalls.isNull()) {
			parts.add(new Segment.Part(Markers.TOOL_CALLS, canonicalJson(toolCalls)));
		}
		if (message.path("tool_call_id").isString()) {
			parts.add(new Segment.Part(Markers.TOOL_CALL_ID, message.get("tool_call_id").stringValue()));
		}
		return new Segment(role, (marker != null) ? marker : Markers.OTHER_ROLE, parts);
	}

	private static void content(JsonNode content, List<Segment.Part> parts) {
		if (content.isString()) {
			parts.add(new Segment.Part(Markers.TEXT, content.stringValue()));
			return;
		}
		if (!content.isArray()) {
			return;
		}
		StringBuilder text = null;
		for (JsonNode part : content) {
			if ("text".equals(part.path("type").asString("")) && part.path("text").isString()) {
				text = (text != null) ? text : new StringBuilder();
				text.append(part.get("text").stringValue());
				continue;
			}
			if (text != null) {
				parts.add(new Segment.Part(Markers.TEXT, text.toString()));
				text = null;
			}
			parts.add(new Segment.Part(Markers.OTHER_PART, canonicalJson(part)));
		}
		if (text != null) {
			parts.add(new Segment.Part(Markers.TEXT, text.toString()));
		}
	}

	/**
	 * Compact JSON with object keys sorted by code point; scalars as Jackson writes them.
	 * @param node the value
	 * @return the text
	 */
	static String canonicalJson(JsonNode node) {
		StringBuilder out = new StringBuilder();
		write(node, out);
		return out.toString();
	}

	private static void write(JsonNode node, StringBuilder out) {
		if (node.isObject()) {
			Map<String, JsonNode> sorted = new TreeMap<>();
			node.properties().forEach((entry) -> sorted.put(entry.getKey(), entry.getValue()));
			out.append('{');
			boolean first = true;
			for (Map.Entry<String, JsonNode> entry : sorted.entrySet()) {
				out.append(first ? "" : ",");
				first = false;
				quote(entry.getKey(), out);
				out.append(':');
				write(entry.getValue(), out);
			}
			out.append('}');
		}
		else if (node.isArray()) {
			out.append('[');
			for (int i = 0; i < node.size(); i++) {
				out.append((i > 0) ? "," : "");
				write(node.get(i), out);
			}
			out.append(']');
		}
		else if (node.isString()) {
			quote(node.stringValue(), out);
		}
		else {
			out.append(node.toString());
		}
	}

	private static void quote(String text, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
