package io.llmcache.continuation;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CompletionText}.
 */
class CompletionTextTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void readsAndContinuesAnOpenAiTextCompletion() {
		JsonNode response = JSON.readTree("""
				{"id":"cmpl-1","object":"text_completion","model":"m",
				 "choices":[{"index":0,"text":"hello world","logprobs":null,"finish_reason":"stop"}],
				 "usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}""");

		assertThat(CompletionText.of(response)).contains("hello world");
		JsonNode continued = CompletionText.continued(response, " world");
		assertThat(continued.get("choices").get(0).get("text").stringValue()).isEqualTo(" world");
		assertThat(continued.get("choices").get(0).get("finish_reason").stringValue()).isEqualTo("stop");
		assertThat(continued.get("id").stringValue()).isEqualTo("cmpl-1");
		assertThat(continued.has("usage")).isFalse();
		assertThat(response.get("choices").get(0).get("text").stringValue()).as("the original is left as it was")
			.isEqualTo("hello world");
	}

	@Test
	void readsAndContinuesThePlainTextShape() {
		JsonNode response = JSON.readTree("{\"text\":\"hello world\",\"source\":\"x\"}");

		assertThat(CompletionText.of(response)).contains("hello world");
		assertThat(CompletionText.continued(response, "ld"))
			.isEqualTo(JSON.readTree("{\"text\":\"ld\",\"source\":\"x\"}"));
	}

	@Test
	void refusesWhatCannotBeContinued() {
		assertThat(CompletionText.of(JSON.readTree("""
				{"choices":[{"index":0,"text":"cut","finish_reason":"length"}]}"""))).as("cut short by max_tokens")
			.isEmpty();
		assertThat(CompletionText.of(JSON.readTree("""
				{"choices":[{"index":0,"text":"a","logprobs":{"tokens":["a"]},"finish_reason":"stop"}]}""")))
			.as("log probabilities of the tokens served before")
			.isEmpty();
		assertThat(CompletionText.of(JSON.readTree("""
				{"choices":[{"index":0,"text":"a"},{"index":1,"text":"b"}]}"""))).as("several choices").isEmpty();
		assertThat(CompletionText.of(JSON.readTree("""
				{"choices":[{"index":0,"message":{"role":"assistant","content":"a"}}]}"""))).as("a chat completion")
			.isEmpty();
		assertThat(CompletionText.of(JSON.readTree("{\"text\":42}"))).isEmpty();
		assertThat(CompletionText.of(JSON.readTree("\"just text\""))).isEmpty();
		assertThat(CompletionText.of(JSON.readTree("[]"))).isEmpty();
	}

}
