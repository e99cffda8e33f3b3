package io.llmcache.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a non-stream answer into the chunks of a stream, for a stream request served from
 * an entry stored from a non-stream answer. Per choice: a first chunk with the role and
 * every text field of the message whole (content, refusal, reasoning fields) and its log
 * probabilities, then one chunk per tool call (id, type, name and the whole arguments,
 * with the call's index), then a chunk with the {@code finish_reason}. A usage chunk with
 * empty {@code choices} follows when the request asked for it
 * ({@code stream_options.include_usage}), as the OpenAI API sends it.
 */
final class ChunkSynthesizer {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private ChunkSynthesizer() {
	}

	/**
	 * The chunks of an answer.
	 * @param endpoint chat or completions
	 * @param answer the non-stream answer
	 * @param includeUsage whether to end with a usage chunk
	 * @return the chunks, in order
	 */
	static List<ObjectNode> chunks(Endpoint endpoint, JsonNode answer, boolean includeUsage) {
		boolean chat = endpoint == Endpoint.CHAT;
		List<ObjectNode> chunks = new ArrayList<>();
		for (JsonNode choice : answer.path("choices")) {
			int index = choice.path("index").asInt(0);
			if (chat) {
				JsonNode message = choice.path("message");
				ObjectNode first = chunk(answer, chat);
				ObjectNode delta = choiceOf(first, index).putObject("delta");
				for (Map.Entry<String, JsonNode> field : message.properties()) {
					if (!field.getKey().equals("tool_calls") && !field.getKey().equals("function_call")) {
						delta.set(field.getKey(), field.getValue());
					}
				}
				choiceOf(first, index).set("logprobs",
						choice.path("logprobs").isObject() ? choice.get("logprobs") : nodes.nullNode());
				choiceOf(first, index).putNull("finish_reason");
				chunks.add(first);
				int callIndex = 0;
				for (JsonNode call : message.path("tool_calls")) {
					ObjectNode next = chunk(answer, chat);
					ObjectNode callDelta = choiceOf(next, index).putObject("delta").putArray("tool_calls").addObject();
					callDelta.put("index", callIndex++);
					callDelta.setAll((ObjectNode) call.deepCopy());
					choiceOf(next, index).putNull("logprobs");
					choiceOf(next, index).putNull("finish_reason");
					chunks.add(next);
				}
				if (message.path("function_call").isObject()) {
					ObjectNode next = chunk(answer, chat);
					choiceOf(next, index).putObject("delta").set("function_call", message.get("function_call"));
					choiceOf(next, index).putNull("logprobs");
					choiceOf(next, index).putNull("finish_reason");
					chunks.add(next);
				}
				ObjectNode last = chunk(answer, chat);
				choiceOf(last, index).putObject("delta");
				choiceOf(last, index).putNull("logprobs");
				choiceOf(last, index).set("finish_reason", choice.path("finish_reason").isMissingNode()
						? nodes.stringNode("stop") : choice.get("finish_reason"));
				chunks.add(last);
			}
			else {
				ObjectNode only = chunk(answer, chat);
				ObjectNode target = choiceOf(only, index);
				target.set("text", choice.path("text").isString() ? choice.get("text") : nodes.stringNode(""));
				target.set("logprobs", choice.path("logprobs").isObject() ? choice.get("logprobs") : nodes.nullNode());
				target.set("finish_reason", choice.path("finish_reason").isMissingNode() ? nodes.stringNode("stop")
						: choice.get("finish_reason"));
				chunks.add(only);
			}
		}
		if (includeUsage && answer.path("usage").isObject()) {
			ObjectNode usage = chunk(answer, chat);
			usage.set("usage", answer.get("usage"));
			chunks.add(usage);
		}
		return chunks;
	}

	private static ObjectNode chunk(JsonNode answer, boolean chat) {
		ObjectNode chunk = nodes.objectNode();
		chunk.set("id", answer.path("id").isMissingNode() ? nodes.nullNode() : answer.get("id"));
		chunk.put("object", chat ? "chat.completion.chunk" : "text_completion");
		chunk.set("created", answer.path("created").isMissingNode() ? nodes.nullNode() : answer.get("created"));
		chunk.set("model", answer.path("model").isMissingNode() ? nodes.nullNode() : answer.get("model"));
		if (answer.hasNonNull("system_fingerprint")) {
			chunk.set("system_fingerprint", answer.get("system_fingerprint"));
		}
		chunk.putArray("choices");
		return chunk;
	}

	/** The chunk's one choice, created with the given index on first use. */
	private static ObjectNode choiceOf(ObjectNode chunk, int index) {
		JsonNode choices = chunk.get("choices");
		if (choices.isEmpty()) {
			((tools.jackson.databind.node.ArrayNode) choices).addObject().put("index", index);
		}
		return (ObjectNode) choices.get(0);
	}

}
