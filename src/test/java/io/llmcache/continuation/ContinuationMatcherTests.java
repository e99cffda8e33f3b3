package io.llmcache.continuation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.llmcache.entry.EntryRead;
import io.llmcache.entry.EntryRepository;
import io.llmcache.entry.StoredEntry;
import io.llmcache.key.CacheKeyFactory;
import io.llmcache.key.LlmRequest;
import io.llmcache.lookup.Candidate;
import io.llmcache.lookup.CandidateLog;
import io.llmcache.lookup.EntryCheck;
import io.llmcache.lookup.LookupContext;
import io.llmcache.lookup.Match;
import io.llmcache.lookup.TestLookups;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;

import static io.llmcache.lookup.TestLookups.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Tests for {@link ContinuationMatcher}.
 *
 */
class ContinuationMatcherTests {

	private static final String COMPLETION = " a time there was a cache.";

	private static final String SERVED = "its prompt followed by the start of its completion; serving the rest";

	private final JsonMapper json = JsonMapper.builder().build();

	private final CacheKeyFactory keyFactory = new CacheKeyFactory();

	private final EntryRepository repository = mock(EntryRepository.class);

	private final EntryCheck check = mock(EntryCheck.class);

	private final ContinuationMatcher matcher = new ContinuationMatcher(this.keyFactory, this.repository,
			new ContinuationProperties(1024), this.check, this.json);

	private final NamespacePolicy policy = TestLookups.policy(MatchType.CONTINUATION);

	private final LlmRequest request = TestLookups.completion("Once upon a time", null);

	private final LookupContext context = TestLookups.context(this.policy, this.request);

	private final CandidateLog log = new CandidateLog();

	@Test
	void servesTheRestOfTheCompletionOfACachedPromptTheRequestContinues() {
		StoredEntry entry = entry("id-1", "Once upon", completionResponse(COMPLETION, "stop"));
		givenCandidates(Map.of("d-1", entry));
		given(this.check.check(this.context, entry, 5)).willReturn(TestLookups.hit(entry));
		CandidateLog spiedLog = spy(this.log);

		Match match = this.matcher.match(this.context, spiedLog);

		assertThat(match).isInstanceOf(Match.Hit.class);
		Match.Hit hit = (Match.Hit) match;
		assertThat(hit.entry()).isSameAs(entry);
		assertThat(this.json.readTree(hit.responseJson())).isEqualTo(
				this.json.readTree("{\"choices\":[{\"text\":\" there was a cache.\",\"finish_reason\":\"stop\"}]}"));
		assertThat(spiedLog.candidates())
			.containsExactly(new Candidate(MatchType.CONTINUATION, "id-1", true, SERVED, 1.0));
		verify(spiedLog).readAt(5);
	}

	@Test
	void asksForEveryPlaceACachedPromptCouldEndInTheRequestsContext() {
		givenCandidates(Map.of());

		this.matcher.match(this.context, this.log);

		List<String> names = PromptCuts.cutsOf(this.request.prompt(), 1024).stream().map(PromptCuts.Cut::name).toList();
		verify(this.repository).findByPromptNames(NAMESPACE,
				this.keyFactory.continuationContextFor(NAMESPACE.tenant(), this.policy, this.request), names);
	}

	@Test
	void servesTheFirstCandidateThatPassesAndReadsNoFurther() {
		StoredEntry longer = entry("id-long", "Once upon a", completionResponse(" time there was a cache.", "stop"));
		StoredEntry shorter = entry("id-short", "Once upon", completionResponse(COMPLETION, "stop"));
		givenCandidates(ordered("d-long", longer, "d-short", shorter));
		given(this.check.check(this.context, longer, 5)).willReturn(TestLookups.hit(longer));

		Match match = this.matcher.match(this.context, this.log);

		assertThat(((Match.Hit) match).entry()).isSameAs(longer);
		assertThat(this.log.candidates()).extracting(Candidate::entryId).containsExactly("id-long");
		verify(this.check, never()).check(this.context, shorter, 5);
	}

	@Test
	void triesTheNextCandidateWhenOneIsRejectedAndRecordsEachOnce() {
		StoredEntry differing = entry("id-1", "Once upon a", completionResponse(" day the cache fell.", "stop"));
		StoredEntry continued = entry("id-2", "Once upon", completionResponse(COMPLETION, "stop"));
		givenCandidates(ordered("d-1", differing, "d-2", continued));
		given(this.check.check(this.context, continued, 5)).willReturn(TestLookups.hit(continued));

		Match match = this.matcher.match(this.context, this.log);

		assertThat(((Match.Hit) match).entry()).isSameAs(continued);
		assertThat(this.log.candidates()).containsExactly(
				new Candidate(MatchType.CONTINUATION, "id-1", false,
						"the text after its prompt differs from its completion", null),
				new Candidate(MatchType.CONTINUATION, "id-2", true, SERVED, 1.0));
	}

	@Test
	void rejectsACachedPromptThatIsNotTheStartOfTheRequestsPrompt() {
		assertRejected(entry("id-1", "Twice upon", completionResponse(COMPLETION, "stop")),
				"its prompt is not the start of the request's prompt");
	}

	@Test
	void rejectsAnEntryStoredWithOtherParameters() {
		LlmRequest cached = TestLookups.completion("Once upon", Map.of("temperature", IntNode.valueOf(0)));
		StoredEntry entry = TestLookups.entry("id-1", TestLookups.keys(this.policy, cached),
				this.json.writeValueAsString(Map.of("prompt", "Once upon", "temperature", 0)),
				completionResponse(COMPLETION, "stop"), null);

		assertRejected(entry, "stored for another model, tools or parameters");
	}

	@Test
	void rejectsAResponseWhoseCompletionWasCutShort() {
		assertRejected(entry("id-1", "Once upon", completionResponse(COMPLETION, "length")),
				"its response has no completion that can be continued");
	}

	@Test
	void rejectsACompletionTypedInFull() {
		assertRejected(entry("id-1", "Once upon", completionResponse(" a time", "stop")),
				"the whole completion was typed; nothing is left to serve");
	}

	@Test
	void recordsTheVerdictOfTheEntryChecks() {
		StoredEntry entry = entry("id-1", "Once upon", completionResponse(COMPLETION, "stop"));
		givenCandidates(Map.of("d-1", entry));
		given(this.check.check(this.context, entry, 5)).willReturn(new Match.Rejected("invalidated by inv-1"));

		Match match = this.matcher.match(this.context, this.log);

		assertThat(match).isEqualTo(Match.MISS);
		assertThat(this.log.candidates())
			.containsExactly(new Candidate(MatchType.CONTINUATION, "id-1", false, "invalidated by inv-1", null));
	}

	@Test
	void readsAtMostFourCandidates() {
		given(this.repository.findByPromptNames(eq(NAMESPACE), any(), any()))
			.willReturn(List.of("d-1", "d-2", "d-3", "d-4", "d-5", "d-6"));
		given(this.repository.findByExactDigest(eq(NAMESPACE), any(), eq(true)))
			.willReturn(new EntryRead(5, Optional.empty()));

		Match match = this.matcher.match(this.context, this.log);

		assertThat(match).isEqualTo(Match.MISS);
		verify(this.repository, times(4)).findByExactDigest(eq(NAMESPACE), any(), eq(true));
		verify(this.repository, never()).findByExactDigest(NAMESPACE, "d-5", true);
	}

	@Test
	void skipsAnEntryGoneSinceItWasIndexed() {
		given(this.repository.findByPromptNames(eq(NAMESPACE), any(), any())).willReturn(List.of("d-1"));
		given(this.repository.findByExactDigest(NAMESPACE, "d-1", true)).willReturn(new EntryRead(5, Optional.empty()));

		assertThat(this.matcher.match(this.context, this.log)).isEqualTo(Match.MISS);
		assertThat(this.log.candidates()).isEmpty();
	}

	@Test
	void neverContinuesAChatOrAnEchoedPrompt() {
		LlmRequest echoed = TestLookups.completion("Once upon a time",
				Map.of("echo", JsonNodeFactory.instance.booleanNode(true)));

		assertThat(this.matcher.match(TestLookups.context(this.policy, TestLookups.chat("Once upon a time")), this.log))
			.isEqualTo(Match.MISS);
		assertThat(this.matcher.match(TestLookups.context(this.policy, echoed), this.log)).isEqualTo(Match.MISS);
		verifyNoInteractions(this.repository, this.check);
	}

	@Test
	void indexesACompletionUnderItsContextAndPromptName() {
		StoredEntry.ContinuationData index = this.matcher.indexFor(NAMESPACE.tenant(), this.policy, this.request,
				this.json.readTree(completionResponse(COMPLETION, "stop")));

		assertThat(index).isEqualTo(new StoredEntry.ContinuationData(
				this.keyFactory.continuationContextFor(NAMESPACE.tenant(), this.policy, this.request),
				PromptCuts.nameOf("Once upon a time")));
		assertThat(this.matcher.indexFor(NAMESPACE.tenant(), this.policy, this.request,
				this.json.readTree(completionResponse(COMPLETION, "length"))))
			.isNull();
		assertThat(this.matcher.indexFor(NAMESPACE.tenant(), this.policy, TestLookups.chat("Once upon a time"),
				this.json.readTree(completionResponse(COMPLETION, "stop"))))
			.isNull();
	}

	private void assertRejected(StoredEntry entry, String reason) {
		givenCandidates(Map.of("d-1", entry));

		Match match = this.matcher.match(this.context, this.log);

		assertThat(match).isEqualTo(Match.MISS);
		assertThat(this.log.candidates())
			.containsExactly(new Candidate(MatchType.CONTINUATION, "id-1", false, reason, null));
		verify(this.check, never()).check(any(), any(), anyLong());
	}

	/** The continuation hash names these entries, in this order, all read at 5. */
	private void givenCandidates(Map<String, StoredEntry> entries) {
		given(this.repository.findByPromptNames(eq(NAMESPACE), any(), any())).willReturn(List.copyOf(entries.keySet()));
		given(this.repository.findByExactDigest(eq(NAMESPACE), any(), eq(true)))
			.willAnswer((invocation) -> new EntryRead(5, Optional.ofNullable(entries.get(invocation.getArgument(1)))));
	}

	/** A completion entry of this request's context, with its request as stored. */
	private StoredEntry entry(String id, String prompt, String responseJson) {
		LlmRequest cached = TestLookups.completion(prompt, null);
		return TestLookups.entry(id, TestLookups.keys(this.policy, cached),
				this.json.writeValueAsString(Map.of("model", cached.model(), "prompt", prompt)), responseJson, null);
	}

	private String completionResponse(String text, String finishReason) {
		JsonNode response = this.json.readTree("{\"choices\":[{\"text\":" + this.json.writeValueAsString(text)
				+ ",\"finish_reason\":\"" + finishReason + "\"}]," + "\"usage\":{\"completion_tokens\":7}}");
		return this.json.writeValueAsString(response);
	}

	private static Map<String, StoredEntry> ordered(String firstDigest, StoredEntry first, String secondDigest,
			StoredEntry second) {
		Map<String, StoredEntry> entries = new LinkedHashMap<>();
		entries.put(firstDigest, first);
		entries.put(secondDigest, second);
		return entries;
	}

}
