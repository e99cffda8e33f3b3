package io.llmcache.store;

import java.util.List;
import java.util.Map;

import io.llmcache.entry.TokenUsage;
import io.llmcache.key.LlmRequest;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a stored response cost: the provider's counts when given, an estimate otherwise.
 */
class ResponseUsageTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final LlmRequest chat = new LlmRequest("m",
			List.of(this.json.readTree("{\"role\":\"user\",\"content\":\"12345678\"}"),
					this.json.readTree("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"abcd\"}]}")),
			null, List.of(), Map.of());

	@Test
	void takesOpenAisUsage() {
		assertThat(usageOf("{\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}"))
			.isEqualTo(new TokenUsage(10, 5, false));
	}

	@Test
	void takesTheInputAndOutputTokensOfTheResponsesAndAnthropicApis() {
		assertThat(usageOf("{\"usage\":{\"input_tokens\":7,\"output_tokens\":3}}"))
			.isEqualTo(new TokenUsage(7, 3, false));
	}

	@Test
	void estimatesFourCharactersAToken() {
		// prompt: "12345678" and "abcd" = 12 characters; response: "hello" = 5
		// characters, rounded up. The envelope's strings (id, model, role, finish_reason)
		// are not text.
		assertThat(usageOf("""
				{"id":"chatcmpl-123456789","object":"chat.completion","model":"gpt-4o-mini",
				 "choices":[{"message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}]}"""))
			.isEqualTo(new TokenUsage(3, 2, true));
	}

	@Test
	void inlineImagesAreNotText() {
		LlmRequest withImage = new LlmRequest("m", List.of(this.json.readTree("""
				{"role":"user","content":[{"type":"text","text":"what is this?"},
				 {"type":"image_url","image_url":{"url":"data:image/png;base64,%s"}}]}"""
			.formatted("A".repeat(100_000)))), null, List.of(), Map.of());
		assertThat(ResponseUsage.of(withImage, this.json.readTree("{\"text\":\"a cat\"}")))
			.isEqualTo(new TokenUsage(4, 2, true));
	}

	@Test
	void doesNotBelieveCountsThatAreNegativeNotWholeOrAbsurd() {
		assertThat(usageOf("{\"usage\":{\"prompt_tokens\":-1,\"completion_tokens\":5}}").estimated()).isTrue();
		assertThat(usageOf("{\"usage\":{\"prompt_tokens\":\"ten\",\"completion_tokens\":5}}").estimated()).isTrue();
		assertThat(usageOf("{\"usage\":{\"prompt_tokens\":1e30,\"completion_tokens\":5}}").estimated()).isTrue();
		assertThat(usageOf("{\"usage\":{\"prompt_tokens\":2000001,\"completion_tokens\":5}}").estimated()).isTrue();
	}

	@Test
	void estimatesACompletionPromptFromItsText() {
		LlmRequest completion = new LlmRequest("m", null, "123456789", List.of(), Map.of());
		assertThat(ResponseUsage.of(completion, this.json.readTree("\"ok\""))).isEqualTo(new TokenUsage(3, 1, true));
	}

	private TokenUsage usageOf(String response) {
		JsonNode node = this.json.readTree(response);
		return ResponseUsage.of(this.chat, node);
	}

}
