package io.llmcache.proxy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChunkAssembler} and {@link ChunkSynthesizer}: a stream and a plain
 * answer convert into each other without losing content, tool calls, reasoning or usage.
 */
class ChunkConversionTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void assemblesContentToolCallsReasoningLogprobsAndUsage() {
		List<JsonNode> chunks = chunks(
				"""
						{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}
						{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"reasoning_content":"Let me "}}]}
						{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"reasoning_content":"think."}}]}
						{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hel"},"logprobs":{"content":[{"token":"Hel","logprob":-0.1}]}}]}
						{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"lo"},"logprobs":{"content":[{"token":"lo","logprob":-0.2}]}}]}
						{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"b","type":"function","function":{"name":"g","arguments":""}}]}}]}
						{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"a","type":"function","function":{"name":"f","arguments":"{\\"x\\""}}]}}]}
						{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":":1}"}},{"index":1,"function":{"arguments":"{}"}}]}}]}
						{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}
						{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}
						""");
		ObjectNode answer = ChunkAssembler.assemble(Endpoint.CHAT, chunks);
		assertThat(answer.get("object").stringValue()).isEqualTo("chat.completion");
		assertThat(answer.get("system_fingerprint").stringValue()).isEqualTo("fp");
		JsonNode message = answer.at("/choices/0/message");
		assertThat(message.get("role").stringValue()).isEqualTo("assistant");
		assertThat(message.get("content").stringValue()).isEqualTo("Hello");
		assertThat(message.get("reasoning_content").stringValue()).isEqualTo("Let me think.");
		// In the order they first appeared, each put together from its own deltas
		assertThat(message.at("/tool_calls/0/id").stringValue()).isEqualTo("b");
		assertThat(message.at("/tool_calls/0/function/arguments").stringValue()).isEqualTo("{}");
		assertThat(message.at("/tool_calls/1/function/name").stringValue()).isEqualTo("f");
		assertThat(message.at("/tool_calls/1/function/arguments").stringValue()).isEqualTo("{\"x\":1}");
		assertThat(answer.at("/choices/0/logprobs/content")).hasSize(2);
		assertThat(answer.at("/choices/0/finish_reason").stringValue()).isEqualTo("tool_calls");
		assertThat(answer.at("/usage/total_tokens").intValue()).isEqualTo(7);
	}

	@Test
	void synthesizedChunksAssembleBackIntoThePlainAnswer() {
		JsonNode plain = this.json.readTree("""
				{"id":"c2","object":"chat.completion","created":2,"model":"m","choices":[
				 {"index":0,"message":{"role":"assistant","content":"Hi","reasoning_content":"Hmm","refusal":null,
				   "tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{\\"x\\":1}"}}]},
				  "logprobs":null,"finish_reason":"tool_calls"},
				 {"index":1,"message":{"role":"assistant","content":"Hello"},"logprobs":null,"finish_reason":"stop"}],
				 "usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}""");
		List<ObjectNode> chunks = ChunkSynthesizer.chunks(Endpoint.CHAT, plain, true);
		assertThat(chunks)
			.allSatisfy((chunk) -> assertThat(chunk.get("object").stringValue()).isEqualTo("chat.completion.chunk"));
		assertThat(chunks.get(chunks.size() - 1).get("choices")).isEmpty();
		ObjectNode back = ChunkAssembler.assemble(Endpoint.CHAT, new ArrayList<>(chunks));
		assertThat(back.get("choices")).isEqualTo(plain.get("choices"));
		assertThat(back.get("usage")).isEqualTo(plain.get("usage"));
		assertThat(ChunkSynthesizer.chunks(Endpoint.CHAT, plain, false))
			.noneMatch((chunk) -> chunk.get("choices").isEmpty());
	}

	@Test
	void convertsLegacyCompletionsBothWays() {
		JsonNode plain = this.json.readTree("""
				{"id":"t","object":"text_completion","created":3,"model":"m",
				 "choices":[{"text":"Once upon","index":0,"logprobs":null,"finish_reason":"length"}]}""");
		List<ObjectNode> chunks = ChunkSynthesizer.chunks(Endpoint.COMPLETIONS, plain, false);
		ObjectNode back = ChunkAssembler.assemble(Endpoint.COMPLETIONS, new ArrayList<>(chunks));
		assertThat(back.get("object").stringValue()).isEqualTo("text_completion");
		assertThat(back.get("choices")).isEqualTo(plain.get("choices"));
	}

	@Test
	void judgesOnlyACleanlyEndedStreamStorable() {
		StreamTranscript clean = transcript("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}",
				"{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}", "[DONE]");
		assertThat(clean.cleanEndProblem()).isNull();
		assertThat(
				transcript("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}").cleanEndProblem())
			.isEqualTo("no [DONE] event");
		assertThat(
				transcript("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}", "[DONE]").cleanEndProblem())
			.isEqualTo("a choice without finish_reason");
		assertThat(transcript("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
				"{\"error\":{\"message\":\"boom\"}}", "[DONE]")
			.cleanEndProblem()).isEqualTo("an error event");
		assertThat(transcript("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"},"
				+ "{\"index\":1,\"delta\":{\"content\":\"b\"}}]}", "[DONE]")
			.cleanEndProblem()).isEqualTo("a choice without finish_reason");
		assertThat(transcript("not json", "[DONE]").cleanEndProblem()).isEqualTo("an event that is not JSON");
	}

	private StreamTranscript transcript(String... data) {
		StreamTranscript transcript = new StreamTranscript(this.json, 1 << 20);
		for (String item : data) {
			transcript.add(SseEvent.ofData(item));
		}
		return transcript;
	}

	private List<JsonNode> chunks(String lines) {
		List<JsonNode> chunks = new ArrayList<>();
		for (String line : lines.strip().split("\n")) {
			chunks.add(this.json.readTree(line));
		}
		return chunks;
	}

}
