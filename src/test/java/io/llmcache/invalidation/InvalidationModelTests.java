package io.llmcache.invalidation;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmcache.key.LlmRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Selectors, rules, rule sets, store tokens and rendered prompts.
 */
class InvalidationModelTests {

	private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void selectorsCombineWithAndAndTagsWithOr() {
		EntryFacts entry = entry(5, "gpt-a", List.of("doc:1", "team:x"), T0, "You are SupportBot v3. Hi");
		assertThat(selector(List.of("doc:2", "doc:1"), null, null, null).matches(entry)).isTrue();
		assertThat(selector(List.of("doc:2"), null, null, null).matches(entry)).isFalse();
		assertThat(selector(List.of("doc:1"), "gpt-a", "You are SupportBot", null).matches(entry)).isTrue();
		assertThat(selector(List.of("doc:1"), "gpt-b", null, null).matches(entry)).isFalse();
		assertThat(selector(List.of(), null, "You are SupportBot v4", null).matches(entry)).isFalse();
		assertThat(selector(List.of(), null, null, T0.plusMillis(1)).matches(entry)).isTrue();
		assertThat(selector(List.of(), null, null, T0).matches(entry)).as("createdBefore is exclusive").isFalse();
		assertThat(new Selector(null, null, null, null, true).matches(entry)).isTrue();
	}

	@Test
	void anEmptySelectorIsNotSpecified() {
		assertThat(new Selector(null, null, null, null, false).isSpecified()).isFalse();
		assertThat(new Selector(List.of(), null, null, null, true).isSpecified()).isTrue();
		assertThat(selector(List.of(), "m", null, null).isSpecified()).isTrue();
	}

	@Test
	void aSelectorIsWrittenWithItsFieldsOnlyAndReadBackWithOrWithoutSpecified() {
		Selector selector = selector(List.of("doc:1"), "m", null, null);
		JsonNode written = this.json.valueToTree(selector);
		assertThat(written.propertyNames()).containsExactlyInAnyOrder("tags", "model", "promptPrefix", "createdBefore",
				"all");
		assertThat(this.json.treeToValue(written, Selector.class)).isEqualTo(selector);
		// Rules recorded before carry "specified": they are still read.
		assertThat(this.json.readValue("{\"tags\":[\"doc:1\"],\"model\":\"m\",\"all\":false,\"specified\":true}",
				Selector.class))
			.isEqualTo(selector);
	}

	@Test
	void thePromptIsReadOnlyWhenEveryOtherSelectorMatches() {
		AtomicInteger reads = new AtomicInteger();
		EntryFacts entry = new EntryFacts(1, "gpt-a", List.of(), T0, (selector) -> {
			reads.incrementAndGet();
			return "prompt".startsWith(selector);
		});
		assertThat(selector(List.of(), "gpt-b", "prompt", null).matches(entry)).isFalse();
		assertThat(reads).hasValue(0);
		assertThat(selector(List.of(), "gpt-a", "prompt", null).matches(entry)).isTrue();
		assertThat(reads).hasValue(1);
	}

	@Test
	void aRuleCoversOnlyEntriesStoredBeforeIt() {
		InvalidationRule rule = new InvalidationRule(10, "inv_1", T0, "k", new Selector(null, null, null, null, true));
		assertThat(rule.covers(entry(9, "m", List.of(), T0, ""))).isTrue();
		assertThat(rule.covers(entry(10, "m", List.of(), T0, ""))).isFalse();
		assertThat(rule.covers(entry(11, "m", List.of(), T0, ""))).isFalse();
	}

	@Test
	void aRuleSetFindsTheCoveringRuleAndTheRulesRecordedAfterAToken() {
		InvalidationRule byTag = new InvalidationRule(20, "inv_tag", T0, "k", selector(List.of("t"), null, null, null));
		InvalidationRule byModel = new InvalidationRule(10, "inv_model", T0, "k", selector(List.of(), "m", null, null));
		RuleSet rules = new RuleSet(20, List.of(byTag, byModel));
		assertThat(rules.rules()).containsExactly(byModel, byTag);
		assertThat(rules.coveringRule(entry(15, "m", List.of("t"), T0, ""))).contains(byTag);
		assertThat(rules.coveringRule(entry(5, "m", List.of("t"), T0, ""))).contains(byModel);
		assertThat(rules.coveringRule(entry(20, "m", List.of("t"), T0, ""))).isEmpty();
		assertThat(rules.selectingRuleAfter(10, entry(20, "m", List.of("t"), T0, ""))).contains(byTag);
		assertThat(rules.selectingRuleAfter(20, entry(20, "m", List.of("t"), T0, ""))).isEmpty();
		assertThat(rules.selectingRuleAfter(5, entry(20, "other", List.of(), T0, ""))).isEmpty();
	}

	@Test
	void aStoreTokenRoundTripsAndKnowsItsNamespace() {
		StoreToken token = StoreToken.issue("acme", "support", 1764151200123L, T0);
		StoreToken read = StoreToken.decode(token.encode()).orElseThrow();
		assertThat(read).isEqualTo(token);
		assertThat(read.isFor("acme", "support")).isTrue();
		assertThat(read.isFor("acme", "other")).isFalse();
		assertThat(read.isFor("globex", "support")).isFalse();
		assertThat(StoreToken.decode("not a token")).isEmpty();
		assertThat(StoreToken.decode("c3QxLmEuYi5j")).as("st1.a.b.c: numbers that are not numbers").isEmpty();
		assertThat(StoreToken.decode("x".repeat(500))).isEmpty();
	}

	@Test
	void theRenderedPromptPutsSystemMessagesFirstAndJoinsTextParts() {
		List<JsonNode> messages = List
			.of(this.json.readTree("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello \"},"
					+ "{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}},{\"type\":\"text\",\"text\":\"there\"}]}"),
					this.json.readTree("{\"role\":\"system\",\"content\":\"You are SupportBot v3.\"}"));
		LlmRequest chat = new LlmRequest("m", messages, null, null, null);
		assertThat(RenderedPrompt.render(chat)).isEqualTo("You are SupportBot v3.\nHello there");
		assertThat(RenderedPrompt.render(new LlmRequest("m", null, "Complete me", null, null)))
			.isEqualTo("Complete me");
		assertThat(RenderedPrompt.segmentsOf(chat)).containsExactly("You are SupportBot v3.", "Hello there");
	}

	@Test
	void aPromptPrefixHoldsWholeSegmentsThenATokenPrefixOfTheNext() {
		List<String> segments = List.of("You are SupportBot v3.", "Where is my order?", "It shipped.");
		// Tokens by words: a text is a token prefix where it ends at a word's end.
		RenderedPrompt.TokenPrefix words = (segment, text) -> text.length() == segment.length()
				|| !Character.isLetterOrDigit(segment.charAt(text.length()))
				|| !Character.isLetterOrDigit(text.charAt(text.length() - 1));

		assertThat(RenderedPrompt.startsWith(segments, "You are SupportBot", words)).isTrue();
		assertThat(RenderedPrompt.startsWith(segments, "You are Supp", words)).as("inside a token").isFalse();
		assertThat(RenderedPrompt.startsWith(segments, "You are SupportBot v3.", words)).as("a whole segment").isTrue();
		assertThat(RenderedPrompt.startsWith(segments, "You are SupportBot v3.\n", words)).isTrue();
		assertThat(RenderedPrompt.startsWith(segments, "You are SupportBot v3.\nWhere is", words)).isTrue();
		assertThat(
				RenderedPrompt.startsWith(segments, "You are SupportBot v3.\nWhere is my order?\nIt shipped.", words))
			.isTrue();
		assertThat(
				RenderedPrompt.startsWith(segments, "You are SupportBot v3.\nWhere is my order?\nIt shipped.\n", words))
			.as("longer than the prompt")
			.isFalse();
		assertThat(RenderedPrompt.startsWith(segments, "You are SupportBot v3. Where", words))
			.as("segments are joined by a newline")
			.isFalse();
		assertThat(RenderedPrompt.startsWith(segments, "You are SupportBot v4", words)).isFalse();
		assertThat(RenderedPrompt.startsWith(List.of(), "x", words)).isFalse();
		assertThat(RenderedPrompt.startsWith(List.of("", "b c"), "\nb", words)).as("an empty segment").isTrue();
	}

	private static Selector selector(List<String> tags, String model, String promptPrefix, Instant createdBefore) {
		return new Selector(tags, model, promptPrefix, createdBefore, false);
	}

	private static EntryFacts entry(long generation, String model, List<String> tags, Instant createdAt,
			String prompt) {
		return new EntryFacts(generation, model, tags, createdAt, prompt::startsWith);
	}

}
