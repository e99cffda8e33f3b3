package io.llmcache.key;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmcache.normalize.NormalizationRules;
import io.llmcache.normalize.TextNormalizer;
import io.llmcache.normalize.UnicodeForm;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;
import io.llmcache.policy.NonDeterministicSettings;
import io.llmcache.policy.SemanticSettings;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheKeyFactory}.
 */
class CacheKeyFactoryTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final CacheKeyFactory factory = new CacheKeyFactory();

	private final NamespacePolicy policy = policy("default", NormalizationRules.defaults());

	@Test
	void sameRequestGivesSameKeys() {
		CacheKeys first = keys("acme", this.policy, chat("[{\"role\":\"user\",\"content\":\"hi\"}]"));
		CacheKeys second = keys("acme", this.policy, chat("[{\"content\":\"hi\",\"role\":\"user\"}]"));
		assertThat(first.exact().digest()).isEqualTo(second.exact().digest());
		assertThat(first.exact().digestText()).hasSize(43);
	}

	@Test
	void tenantNamespaceAndModelSplitTheKey() {
		LlmRequest request = chat("[{\"role\":\"user\",\"content\":\"hi\"}]");
		String base = keys("acme", this.policy, request).exact().digestText();
		assertThat(keys("globex", this.policy, request).exact().digestText()).isNotEqualTo(base);
		assertThat(keys("acme", policy("other", NormalizationRules.defaults()), request).exact().digestText())
			.isNotEqualTo(base);
		LlmRequest otherModel = new LlmRequest("m2", request.messages(), null, null, null);
		assertThat(keys("acme", this.policy, otherModel).exact().digestText()).isNotEqualTo(base);
	}

	@Test
	void everyMessageFieldSplitsTheKey() {
		String base = digest("[{\"role\":\"user\",\"content\":\"hi\"}]");
		assertThat(digest("[{\"role\":\"system\",\"content\":\"hi\"}]")).isNotEqualTo(base);
		assertThat(digest("[{\"role\":\"user\",\"content\":\"hi\",\"name\":\"bob\"}]")).isNotEqualTo(base);
		assertThat(digest("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]"))
			.isNotEqualTo(base);
		assertThat(
				digest("[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"1\",\"type\":\"function\","
						+ "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}]"))
			.isNotEqualTo(digest("[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"1\",\"type\":"
					+ "\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]}]"));
		assertThat(digest("[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"}]"))
			.isNotEqualTo(digest("[{\"role\":\"user\",\"content\":\"b\"},{\"role\":\"user\",\"content\":\"a\"}]"));
	}

	@Test
	void chatAndCompletionFormsNeverShareAKey() {
		LlmRequest completion = new LlmRequest("m", null, "hi", null, null);
		assertThat(keys("acme", this.policy, completion).exact().digestText())
			.isNotEqualTo(digest("[{\"role\":\"user\",\"content\":\"hi\"}]"));
	}

	@Test
	void toolsSplitTheKey() {
		List<JsonNode> messages = messages("[{\"role\":\"user\",\"content\":\"hi\"}]");
		LlmRequest withTool = new LlmRequest("m", messages, null,
				List.of(this.json.readTree("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}")), null);
		assertThat(keys("acme", this.policy, withTool).exact().digestText()).isNotEqualTo(
				keys("acme", this.policy, new LlmRequest("m", messages, null, null, null)).exact().digestText());
	}

	@Test
	void ignoredParametersStayOutAndUnknownOnesGoIn() {
		CacheKeys keys = keys("acme", this.policy,
				withParams("{\"temperature\":0,\"user\":\"u\",\"stream\":true," + "\"new_param\":1}"));
		assertThat(keys.keyParams()).containsExactly("new_param", "temperature");
		assertThat(keys.ignoredParams()).containsExactly("stream", "user");
		assertThat(keys.exact().digestText()).isEqualTo(
				keys("acme", this.policy, withParams("{\"temperature\":0.0,\"new_param\":1.0}")).exact().digestText());
	}

	@Test
	void normalizedKeyIgnoresWhitespaceAndSingleTextParts() {
		CacheKeys plain = keys("acme", this.policy, chat("[{\"role\":\"user\",\"content\":\"hello world\"}]"));
		CacheKeys spaced = keys("acme", this.policy, chat("[{\"role\":\"user\",\"content\":\"  hello \\n world \"}]"));
		CacheKeys parts = keys("acme", this.policy,
				chat("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello  world\"}]}]"));
		assertThat(spaced.exact().digestText()).isNotEqualTo(plain.exact().digestText());
		assertThat(spaced.normalized().digestText()).isEqualTo(plain.normalized().digestText());
		assertThat(parts.normalized().digestText()).isEqualTo(plain.normalized().digestText());
	}

	@Test
	void normalizationRulesAreInTheKey() {
		LlmRequest request = chat("[{\"role\":\"user\",\"content\":\"hi\"}]");
		NamespacePolicy folding = policy("default",
				new NormalizationRules(UnicodeForm.NFKC, true, true, List.of(), List.of()));
		assertThat(keys("acme", folding, request).exact().digestText())
			.isNotEqualTo(keys("acme", this.policy, request).exact().digestText());
		assertThat(keys("acme", folding, request).exact().canonical()).contains(folding.keyVersion());
	}

	private String digest(String messagesJson) {
		return keys("acme", this.policy, chat(messagesJson)).exact().digestText();
	}

	@Test
	void theContinuationContextIsEverythingButThePromptExactlyAsSent() {
		Map<String, JsonNode> cold = Map.of("temperature", this.json.readTree("0"));
		String context = this.factory.continuationContextFor("acme", this.policy,
				new LlmRequest("m", null, "def f():", null, cold));

		assertThat(this.factory.continuationContextFor("acme", this.policy,
				new LlmRequest("m", null, "def f():\n    return 1", null,
						Map.of("temperature", this.json.readTree("0.0")))))
			.as("another prompt, the same parameters")
			.isEqualTo(context);
		assertThat(this.factory.continuationContextFor("acme", this.policy,
				new LlmRequest("m", null, "def f():", null, Map.of("temperature", this.json.readTree("0.5")))))
			.isNotEqualTo(context);
		assertThat(this.factory.continuationContextFor("acme", this.policy,
				new LlmRequest("m2", null, "def f():", null, cold)))
			.isNotEqualTo(context);
		assertThat(this.factory.continuationContextFor("globex", this.policy,
				new LlmRequest("m", null, "def f():", null, cold)))
			.isNotEqualTo(context);
		assertThat(context)
			.isNotEqualTo(keys("acme", this.policy, new LlmRequest("m", null, "", null, cold)).exact().digestText());
	}

	private CacheKeys keys(String tenant, NamespacePolicy policy, LlmRequest request) {
		return this.factory.keysFor(tenant, policy, request);
	}

	private LlmRequest chat(String messagesJson) {
		return new LlmRequest("m", messages(messagesJson), null, null, null);
	}

	private LlmRequest withParams(String paramsJson) {
		Map<String, JsonNode> params = new java.util.LinkedHashMap<>();
		this.json.readTree(paramsJson).properties().forEach((e) -> params.put(e.getKey(), e.getValue()));
		return new LlmRequest("m", messages("[{\"role\":\"user\",\"content\":\"hi\"}]"), null, null, params);
	}

	private List<JsonNode> messages(String messagesJson) {
		List<JsonNode> messages = new java.util.ArrayList<>();
		this.json.readTree(messagesJson).forEach(messages::add);
		return messages;
	}

	private static NamespacePolicy policy(String namespace, NormalizationRules rules) {
		return new NamespacePolicy(namespace, 1, Duration.ofHours(1), Duration.ofDays(1),
				Set.of(MatchType.EXACT, MatchType.NORMALIZED), TextNormalizer.compile(rules), List.of("temperature"),
				List.of("user", "stream"), NamespacePolicy.keyVersionOf(rules, List.of("user", "stream")),
				new SemanticSettings(0.8, 0.9, SemanticSettings.LAST_USER_TURN, true, null, true),
				new NonDeterministicSettings(NonDeterministicSettings.Mode.BYPASS, 3));
	}

}
