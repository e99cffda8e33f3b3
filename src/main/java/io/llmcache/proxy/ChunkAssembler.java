package io.llmcache.proxy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the chunks of a stream into the answer the same request would have had without
 * {@code "stream": true}: a {@code chat.completion} (or {@code text_completion}) object
 * with each choice's message put together. Text fields of a delta are concatenated
 * (content, refusal, and reasoning fields whatever a provider calls them), other fields
 * take their last value; tool calls are merged by their index (id, type and name from the
 * chunk that has them, arguments concatenated); log probabilities are concatenated; the
 * usage block is the last one sent.
 */
final class ChunkAssembler {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private ChunkAssembler() {
	}

	/**
	 * Assembles a stream.
	 * @param endpoint chat or completions
	 * @param chunks the chunks, in order
	 * @return the non-stream answer
	 */
	static ObjectNode assemble(Endpoint endpoint, List<JsonNode> chunks) {
		boolean chat = endpoint == Endpoint.CHAT;
		ObjectNode answer = nodes.objectNode();
		Map<Integer, ObjectNode> choices = new TreeMap<>();
		Map<Integer, Map<Integer, ObjectNode>> toolCalls = new TreeMap<>();
		JsonNode usage = null;
		for (JsonNode chunk : chunks) {
			if (!answer.has("id")) {
				copy(chunk, answer, "id");
				answer.put("object", chat ? "chat.completion" : "text_completion");
				copy(chunk, answer, "created");
				copy(chunk, answer, "model");
			}
			for (String field : List.of("system_fingerprint", "service_tier")) {
				if (chunk.hasNonNull(field)) {
					answer.set(field, chunk.get(field));
				}
			}
			if (chunk.hasNonNull("usage")) {
				usage = chunk.get("usage");
			}
			for (JsonNode choice : chunk.path("choices")) {
				int index = choice.path("index").asInt(0);
				ObjectNode target = choices.computeIfAbsent(index, (i) -> newChoice(i, chat));
				if (chat) {
					mergeDelta(choice.path("delta"), (ObjectNode) target.get("message"),
							toolCalls.computeIfAbsent(index, (i) -> new TreeMap<>()));
				}
				else if (choice.path("text").isString()) {
					target.put("text", target.path("text").asString("") + choice.get("text").stringValue());
				}
				mergeLogprobs(choice.get("logprobs"), target);
				if (choice.hasNonNull("finish_reason")) {
					target.set("finish_reason", choice.get("finish_reason"));
				}
			}
		}
		ArrayNode list = answer.putArray("choices");
		choices.values().forEach(list::add);
		if (usage != null) {
			answer.set("usage", usage);
		}
		return answer;
	}

	private static ObjectNode newChoice(int index, boolean chat) {
		ObjectNode choice = nodes.objectNode();
		choice.put("index", index);
		if (chat) {
			ObjectNode message = choice.putObject("message");
			message.put("role", "assistant");
			message.putNull("content");
		}
		else {
			choice.put("text", "");
		}
		choice.putNull("logprobs");
		choice.putNull("finish_reason");
		return choice;
	}

	private static void mergeDelta(JsonNode delta, ObjectNode message, Map<Integer, ObjectNode> toolCalls) {
		for (Map.Entry<String, JsonNode> field : delta.properties()) {
			String name = field.getKey();
			JsonNode value = field.getValue();
			if (name.equals("tool_calls") && value.isArray()) {
				mergeToolCalls(value, message, toolCalls);
			}
			else if (name.equals("function_call") && value.isObject()) {
				ObjectNode call = (message.get("function_call") instanceof ObjectNode existing) ? existing
						: message.putObject("function_call");
				concatStrings(value, call);
			}
			else if (value.isString() && !name.equals("role")) {
				JsonNode existing = message.get(name);
				message.put(name, ((existing != null && existing.isString()) ? existing.stringValue() : "")
						+ value.stringValue());
			}
			else if (!value.isNull() || !message.has(name)) {
				message.set(name, value);
			}
		}
	}

	/**
	 * Tool call deltas carry the call's {@code index}; the first delta of a call has its
	 * id, type and function name, the following ones pieces of its arguments.
	 */
	private static void mergeToolCalls(JsonNode deltas, ObjectNode message, Map<Integer, ObjectNode> byIndex) {
		ArrayNode calls = (message.get("tool_calls") instanceof ArrayNode existing) ? existing
				: message.putArray("tool_calls");
		for (JsonNode delta : deltas) {
			int index = delta.path("index").asInt(byIndex.size());
			ObjectNode call = byIndex.get(index);
			if (call == null) {
				call = calls.addObject();
				byIndex.put(index, call);
			}
			for (Map.Entry<String, JsonNode> field : delta.properties()) {
				if (field.getKey().equals("function") && field.getValue().isObject()) {
					ObjectNode function = (call.get("function") instanceof ObjectNode existing) ? existing
							: call.putObject("function");
					concatStrings(field.getValue(), function);
				}
				else if (!field.getKey().equals("index") && !field.getValue().isNull()) {
					call.set(field.getKey(), field.getValue());
				}
			}
		}
	}

	private static void concatStrings(JsonNode delta, ObjectNode target) {
		for (Map.Entry<String, JsonNode> field : delta.properties()) {
			JsonNode existing = target.get(field.getKey());
			if (field.getValue().isString() && existing != null && existing.isString()) {
				target.put(field.getKey(), existing.stringValue() + field.getValue().stringValue());
			}
			else if (!field.getValue().isNull() || existing == null) {
				target.set(field.getKey(), field.getValue());
			}
		}
	}

	private static void mergeLogprobs(JsonNode logprobs, ObjectNode choice) {
		if (logprobs == null || !logprobs.isObject()) {
			return;
		}
		ObjectNode target = (choice.get("logprobs") instanceof ObjectNode existing) ? existing
				: choice.putObject("logprobs");
		for (Map.Entry<String, JsonNode> field : logprobs.properties()) {
			JsonNode existing = target.get(field.getKey());
			if (field.getValue().isArray() && existing instanceof ArrayNode array) {
				array.addAll((ArrayNode) field.getValue());
			}
			else if (field.getValue().isArray()) {
				target.set(field.getKey(), field.getValue().deepCopy());
			}
			else if (!field.getValue().isNull() || existing == null) {
				target.set(field.getKey(), field.getValue());
			}
		}
	}

	private static void copy(JsonNode from, ObjectNode to, String field) {
		if (from.has(field)) {
			to.set(field, from.get(field));
		}
	}

}
