package io.llmcache.prefix;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmcache.key.LlmRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canonical token sequence and its chained blocks: segments tokenized on their own,
 * role markers, the segment cache, and the tricky cases of Unicode and white space at
 * segment edges, long segments, tool calls, roles and partitions.
 */
class TokenSequenceTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

	private final TokenSequenceFactory factory = factory(131_072);

	static PrefixProperties properties(int maxTokens) {
		return new PrefixProperties(true, "o200k_base",
				List.of(PrefixProperties.ModelEncoding.valueOf("gpt-4o=o200k_base"),
						PrefixProperties.ModelEncoding.valueOf("gpt-4=cl100k_base")),
				maxTokens, 1_000_000, 1000, Duration.ofSeconds(2), 4, 100, Duration.ofSeconds(1),
				List.of(PrefixProperties.ProviderCaching.valueOf("openai:1024:128")));
	}

	private static TokenSequenceFactory factory(int maxTokens) {
		PrefixProperties properties = properties(maxTokens);
		return new TokenSequenceFactory(new Tokenizers(properties), new SegmentTokenCache(properties), properties);
	}

	@Test
	void eachSegmentIsTokenizedOnItsOwnAfterItsRoleMarker() {
		TokenSequence sequence = this.factory.of(chat("gpt-4o", "system", "You are terse.", "user", "Hello there"));
		assertThat(sequence.encoding()).isEqualTo("o200k_base");
		assertThat(sequence.segments()).extracting(TokenSequence.Tokenized::role).containsExactly("system", "user");
		int[] user = sequence.segments().get(1).ids();
		assertThat(user[0]).isEqualTo(Markers.ROLES.get("user"));
		assertThat(user[1]).isEqualTo(Markers.TEXT);
		assertThat(Arrays.copyOfRange(user, 2, user.length))
			.containsExactly(O200K.encodeOrdinary("Hello there").toArray());
		assertThat(sequence.totalTokens())
			.isEqualTo(O200K.countTokensOrdinary("You are terse.") + O200K.countTokensOrdinary("Hello there"));
	}

	@Test
	void whiteSpaceAtASegmentEdgeIsNotMergedWithTheNextSegment() {
		// Tokenized together, "Hello" + " world" would merge differently at the edge; as
		// segments, the second message's tokens are those of " world" alone.
		TokenSequence sequence = this.factory.of(chat("gpt-4o", "user", "Hello ", "assistant", " world"));
		int[] assistant = sequence.segments().get(1).ids();
		assertThat(Arrays.copyOfRange(assistant, 2, assistant.length))
			.containsExactly(O200K.encodeOrdinary(" world").toArray());
		// And a trailing space is part of the segment: "Hello " and "Hello" differ.
		assertThat(blocks("t", "ns", chat("gpt-4o", "user", "Hello ")))
			.doesNotContainAnyElementsOf(blocks("t", "ns", chat("gpt-4o", "user", "Hello")));
	}

	@Test
	void unicodeIsTakenAsSentWithoutNormalization() {
		// "é" precomposed (NFC) and decomposed (NFD) are different prompts for a
		// provider.
		List<Block> nfc = blocks("t", "ns", chat("gpt-4o", "user", "caf\u00e9"));
		List<Block> nfd = blocks("t", "ns", chat("gpt-4o", "user", "cafe\u0301"));
		assertThat(nfc.get(0)).isNotEqualTo(nfd.get(0));
		// An emoji whose bytes span several tokens at the end of one message, and a
		// message starting with a combining mark, still give a sequence that extends.
		List<Block> first = blocks("t", "ns", chat("gpt-4o", "user", "smile \uD83D\uDE00"));
		List<Block> longer = blocks("t", "ns", chat("gpt-4o", "user", "smile \uD83D\uDE00", "user", "\u0301 next"));
		assertThat(longer.subList(0, first.size())).isEqualTo(first);
	}

	@Test
	void aConversationExtendsItsPrefixBlockForBlock() {
		LlmRequest turn1 = chat("gpt-4o", "system", "You are a helpful assistant. ".repeat(40), "user",
				"Question one?");
		LlmRequest turn2 = chat("gpt-4o", "system", "You are a helpful assistant. ".repeat(40), "user", "Question one?",
				"assistant", "Answer one.", "user", "Question two?");
		List<Block> shorter = blocks("t", "ns", turn1);
		List<Block> longer = blocks("t", "ns", turn2);
		assertThat(longer.subList(0, shorter.size())).isEqualTo(shorter);
		assertThat(longer.get(shorter.size())).isNotEqualTo(shorter.get(shorter.size() - 1));
	}

	@Test
	void longSegmentsAreCutEvery64IdsAndShareTheirUnchangedHead() {
		String text = "The quick brown fox jumps over the lazy dog, again and again. ".repeat(400);
		List<Block> whole = blocks("t", "ns", chat("gpt-4o", "user", text));
		List<Block> extended = blocks("t", "ns", chat("gpt-4o", "user", text + "And then it slept."));
		TokenSequence sequence = this.factory.of(chat("gpt-4o", "user", text));
		int ids = sequence.segments().get(0).ids().length;
		assertThat(whole).hasSize((ids + BlockChain.BLOCK_IDS - 1) / BlockChain.BLOCK_IDS);
		assertThat(whole).filteredOn(Block::segmentEnd).hasSize(1);
		assertThat(whole.get(whole.size() - 1).endTokens()).isEqualTo(sequence.totalTokens());
		// Appending text may retokenize the last tokens, never the head.
		int shared = sharedBlocks(whole, extended);
		assertThat(shared).isGreaterThanOrEqualTo(whole.size() - 2).isLessThan(whole.size());
		assertThat(whole.get(shared - 1).endTokens()).isEqualTo(extended.get(shared - 1).endTokens());
	}

	@Test
	void identicalTextUnderDifferentRolesDoesNotShareABlock() {
		List<Block> user = blocks("t", "ns", chat("gpt-4o", "user", "Same words"));
		List<Block> assistant = blocks("t", "ns", chat("gpt-4o", "assistant", "Same words"));
		List<Block> custom = blocks("t", "ns", chat("gpt-4o", "critic", "Same words"));
		List<Block> otherCustom = blocks("t", "ns", chat("gpt-4o", "judge", "Same words"));
		assertThat(List.of(user.get(0), assistant.get(0), custom.get(0), otherCustom.get(0))).doesNotHaveDuplicates();
		// Nor does a message's name pretend to be its text.
		assertThat(blocks("t", "ns", message("{\"role\":\"user\",\"name\":\"bob\",\"content\":\"\"}")))
			.isNotEqualTo(blocks("t", "ns", message("{\"role\":\"user\",\"content\":\"bob\"}")));
	}

	@Test
	void toolCallsAndToolDefinitionsAreCanonicalJson() {
		String call = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
				+ "\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}";
		String reordered = "{\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\","
				+ "\"name\":\"weather\"},\"type\":\"function\",\"id\":\"c1\"}],\"content\":null,\"role\":\"assistant\"}";
		String otherCity = call.replace("Paris", "Rome");
		assertThat(blocks("t", "ns", message(call))).isEqualTo(blocks("t", "ns", message(reordered)));
		assertThat(blocks("t", "ns", message(call))).isNotEqualTo(blocks("t", "ns", message(otherCity)));
		String result = "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"18C\"}";
		assertThat(blocks("t", "ns", message(result)))
			.isNotEqualTo(blocks("t", "ns", message(result.replace("c1", "c2"))));
		LlmRequest withTools = new LlmRequest("gpt-4o", List.of(node("{\"role\":\"user\",\"content\":\"hi\"}")), null,
				List.of(node("{\"type\":\"function\",\"function\":{\"name\":\"weather\"}}")), null);
		TokenSequence sequence = this.factory.of(withTools);
		assertThat(sequence.segments()).extracting(TokenSequence.Tokenized::role).containsExactly("tools", "user");
		assertThat(CanonicalSegments.canonicalJson(node("{\"b\":1,\"a\":[true,null,\"x\\n\"]}")))
			.isEqualTo("{\"a\":[true,null,\"x\\n\"],\"b\":1}");
	}

	@Test
	void aSingleTextPartIsTheSameAsAString() {
		assertThat(blocks("t", "ns", message("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}")))
			.isEqualTo(blocks("t", "ns", message("{\"role\":\"user\",\"content\":\"hi\"}")));
		assertThat(blocks("t", "ns",
				message("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"},"
						+ "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/1.png\"}}]}")))
			.isNotEqualTo(blocks("t", "ns", message("{\"role\":\"user\",\"content\":\"hi\"}")));
	}

	@Test
	void partitionsAndTokenizersNeverShareAHash() {
		LlmRequest request = chat("gpt-4o", "user", "Same request");
		List<Block> acme = blocks("acme", "default", request);
		assertThat(blocks("globex", "default", request)).doesNotContainAnyElementsOf(acme);
		assertThat(blocks("acme", "other", request)).doesNotContainAnyElementsOf(acme);
		// Without length prefixes, "ab"/"c" and "a"/"bc" would be the same seed.
		assertThat(blocks("ab", "c", request)).doesNotContainAnyElementsOf(blocks("a", "bc", request));
		TokenSequence cl100k = this.factory.of(chat("gpt-4-turbo", "user", "Same request"));
		assertThat(cl100k.encoding()).isEqualTo("cl100k_base");
		assertThat(BlockChain.of("acme", "default", cl100k)).doesNotContainAnyElementsOf(acme);
		assertThat(this.factory.of(chat("claude-3-5-sonnet", "user", "x")).encoding()).isEqualTo("o200k_base");
	}

	@Test
	void completionPromptsAreOneSegment() {
		TokenSequence sequence = this.factory.of(new LlmRequest("gpt-4o", null, "Once upon a time", null, null));
		assertThat(sequence.segments()).extracting(TokenSequence.Tokenized::role).containsExactly("prompt");
		assertThat(sequence.segments().get(0).ids()[0]).isEqualTo(Markers.PROMPT);
	}

	@Test
	void specialTokenTextIsOrdinaryText() {
		TokenSequence sequence = this.factory.of(chat("gpt-4o", "user", "<|endoftext|>"));
		int[] ids = sequence.segments().get(0).ids();
		// o200k_base's <|endoftext|> is id 199999; as text it is several ordinary tokens.
		assertThat(ids).doesNotContain(199_999);
		assertThat(sequence.totalTokens()).isGreaterThan(1);
	}

	@Test
	void requestsLongerThanTheMaximumAreCut() {
		TokenSequenceFactory small = factory(100);
		TokenSequence sequence = small
			.of(chat("gpt-4o", "system", "word ".repeat(80), "user", "word ".repeat(80), "user", "never reached"));
		assertThat(sequence.truncated()).isTrue();
		assertThat(sequence.totalTokens()).isEqualTo(100);
		assertThat(sequence.segments()).hasSize(2);
	}

	@Test
	void aConversationTokenizesOnlyItsNewestMessageAgain() {
		SegmentTokenCache cache = new SegmentTokenCache(properties(1000));
		AtomicInteger tokenized = new AtomicInteger();
		List<Segment> turn1 = CanonicalSegments.of(chat("gpt-4o", "system", "S", "user", "Q1"));
		List<Segment> turn2 = CanonicalSegments.of(chat("gpt-4o", "system", "S", "user", "Q1", "assistant", "A1"));
		for (List<Segment> turn : List.of(turn1, turn2)) {
			for (Segment segment : turn) {
				cache.get("o200k_base", segment, () -> {
					tokenized.incrementAndGet();
					return TokenSequenceFactory.tokenize(O200K, segment);
				});
			}
		}
		assertThat(tokenized).hasValue(3);
		// The same text under another tokenizer is another entry.
		cache.get("cl100k_base", turn1.get(0), () -> {
			tokenized.incrementAndGet();
			return new int[0];
		});
		assertThat(tokenized).hasValue(4);
	}

	private List<Block> blocks(String tenant, String namespace, LlmRequest request) {
		return BlockChain.of(tenant, namespace, this.factory.of(request));
	}

	private static int sharedBlocks(List<Block> a, List<Block> b) {
		int i = 0;
		while (i < a.size() && i < b.size() && Arrays.equals(a.get(i).hash(), b.get(i).hash())) {
			i++;
		}
		return i;
	}

	static LlmRequest chat(String model, String... rolesAndContents) {
		List<JsonNode> messages = new ArrayList<>();
		for (int i = 0; i < rolesAndContents.length; i += 2) {
			messages
				.add(json.createObjectNode().put("role", rolesAndContents[i]).put("content", rolesAndContents[i + 1]));
		}
		return new LlmRequest(model, messages, null, null, null);
	}

	private static LlmRequest message(String message) {
		return new LlmRequest("gpt-4o", List.of(node(message)), null, null, null);
	}

	private static JsonNode node(String text) {
		return json.readTree(text);
	}

}
