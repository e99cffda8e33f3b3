package io.llmcache.lookup;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.llmcache.continuation.ContinuationMatcher;
import io.llmcache.entry.EntryRead;
import io.llmcache.entry.EntryRepository;
import io.llmcache.entry.StoredEntry;
import io.llmcache.invalidation.StoreTokens;
import io.llmcache.key.CacheKeyFactory;
import io.llmcache.key.LlmRequest;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;
import io.llmcache.policy.PolicyService;
import io.llmcache.system.Degradation;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.mockito.stubbing.Answer;

import org.springframework.core.annotation.OrderUtils;
import org.springframework.dao.QueryTimeoutException;

import static io.llmcache.lookup.TestLookups.NAMESPACE;
import static io.llmcache.lookup.TestLookups.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Tests for {@link LookupService}: the pipeline around the matchers.
 *
 */
class LookupServiceTests {

	private final PolicyService policies = mock(PolicyService.class);

	private final StoreTokens storeTokens = mock(StoreTokens.class);

	private final LookupRecorder recorder = mock(LookupRecorder.class);

	private final Degradation degradation = mock(Degradation.class);

	private final EntryRepository entries = mock(EntryRepository.class);

	private final EntryCheck check = mock(EntryCheck.class);

	private final LlmRequest request = TestLookups.chat("What is a monad?");

	private final StoredEntry entry = TestLookups.entry("id-1", TestLookups.keys(TestLookups.policy(), this.request),
			null, "{\"answer\":\"a monoid\"}", null);

	private final Matcher exact = matcher(MatchType.EXACT);

	private final Matcher normalized = matcher(MatchType.NORMALIZED);

	private final Matcher continuation = matcher(MatchType.CONTINUATION);

	private final Matcher semantic = matcher(MatchType.SEMANTIC);

	@Test
	void triesTheMatchersInOrderAndServesTheFirstHit() {
		givenPolicy(MatchType.values());
		given(this.exact.match(any(), any())).willAnswer(readAt(3, Match.MISS));
		given(this.normalized.match(any(), any())).willReturn(TestLookups.hit(this.entry));
		given(this.continuation.match(any(), any())).willReturn(TestLookups.hit(this.entry));

		LookupResult result = service().lookup(lookup(null));

		assertThat(result)
			.isEqualTo(new LookupResult.Hit(MatchType.NORMALIZED, this.entry, this.entry.responseJson(), 1.0, 60));
		InOrder order = inOrder(this.exact, this.normalized);
		order.verify(this.exact).match(any(), any());
		order.verify(this.normalized).match(any(), any());
		verify(this.continuation, never()).match(any(), any());
		verify(this.semantic, never()).match(any(), any());
		verifyNoInteractions(this.storeTokens);
		verify(this.recorder).recorded(eq(NAMESPACE), eq(result), anyLong());
	}

	@Test
	void ordersTheMatcherBeansExactNormalizedContinuationSemantic() throws ClassNotFoundException {
		List<Class<?>> matchers = List.of(ExactMatcher.class, NormalizedMatcher.class, ContinuationMatcher.class,
				Class.forName("io.llmcache.semantic.SemanticMatcher"));

		assertThat(matchers).extracting(OrderUtils::getOrder).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void triesOnlyTheMatchTypesBothThePolicyAndTheLookupAllow() {
		givenPolicy(MatchType.EXACT, MatchType.NORMALIZED, MatchType.SEMANTIC);
		given(this.normalized.match(any(), any())).willReturn(Match.MISS);
		given(this.semantic.match(any(), any())).willReturn(Match.MISS);

		Explanation explanation = service()
			.explain(lookup(EnumSet.of(MatchType.NORMALIZED, MatchType.SEMANTIC, MatchType.CONTINUATION)));

		assertThat(explanation.tried()).containsExactlyInAnyOrder(MatchType.NORMALIZED, MatchType.SEMANTIC);
		verify(this.exact, never()).match(any(), any());
		verify(this.continuation, never()).match(any(), any());
		verify(this.normalized).match(any(), any());
		verify(this.semantic).match(any(), any());
	}

	@Test
	void answersNoMatchTypeAllowedWithoutReadingOrAToken() {
		givenPolicy(MatchType.EXACT);

		LookupResult result = service().lookup(lookup(EnumSet.of(MatchType.SEMANTIC)));

		assertThat(result).isEqualTo(new LookupResult.Miss("no-match-type-allowed", false, null));
		for (Matcher matcher : List.of(this.exact, this.normalized, this.continuation, this.semantic)) {
			verify(matcher, never()).match(any(), any());
		}
		verifyNoInteractions(this.storeTokens);
	}

	@Test
	void handsOutAStoreTokenOnAMissAtTheSequenceNumberOfTheLatestRead() {
		givenPolicy(MatchType.EXACT, MatchType.NORMALIZED);
		given(this.exact.match(any(), any())).willAnswer(readAt(3, Match.MISS));
		given(this.normalized.match(any(), any())).willAnswer(readAt(4, Match.MISS));
		given(this.storeTokens.issue(NAMESPACE, 4, NOW)).willReturn("token-4");

		LookupResult result = service().lookup(lookup(null));

		assertThat(result).isEqualTo(new LookupResult.Miss("not-found", false, "token-4"));
	}

	@Test
	void handsOutNoStoreTokenWhenNothingWasRead() {
		givenPolicy(MatchType.SEMANTIC);
		given(this.semantic.match(any(), any())).willReturn(Match.MISS);

		LookupResult result = service().lookup(lookup(null));

		assertThat(result).isEqualTo(new LookupResult.Miss("not-found", false, null));
		verifyNoInteractions(this.storeTokens);
	}

	@Test
	void answersCandidatesRejectedWhenACandidateWasTurnedDown() {
		givenPolicy(MatchType.EXACT);
		given(this.exact.match(any(), any())).willAnswer((invocation) -> {
			CandidateLog log = invocation.getArgument(1);
			log.readAt(3);
			log.record(new Candidate(MatchType.EXACT, "id-1", false, "expired", null));
			return Match.MISS;
		});
		given(this.storeTokens.issue(NAMESPACE, 3, NOW)).willReturn("token-3");

		LookupResult result = service().lookup(lookup(null));

		assertThat(result).isEqualTo(new LookupResult.Miss("candidates-rejected", false, "token-3"));
	}

	@Test
	void answersADegradedMissWhenTheStoreFails() {
		givenPolicy(MatchType.EXACT, MatchType.NORMALIZED);
		given(this.exact.match(any(), any())).willThrow(new QueryTimeoutException("Redis command timed out"));

		LookupResult result = service().lookup(lookup(null));

		assertThat(result).isEqualTo(new LookupResult.Miss("store-unavailable", true, null));
		verify(this.normalized, never()).match(any(), any());
		verify(this.degradation).failed(eq("lookup"), any());
		verifyNoInteractions(this.storeTokens);
		verify(this.recorder).recorded(eq(NAMESPACE), eq(result), anyLong());
	}

	@Test
	void recordsEachCandidateOnceWithItsVerdict() {
		givenPolicy(MatchType.EXACT, MatchType.NORMALIZED);
		StoredEntry rejected = TestLookups.entry("id-1", TestLookups.keys(TestLookups.policy(), this.request), null,
				"{}", null);
		StoredEntry accepted = TestLookups.entry("id-2", TestLookups.keys(TestLookups.policy(), this.request), null,
				"{}", null);
		given(this.entries.findByExactDigest(eq(NAMESPACE), any(), anyBoolean()))
			.willReturn(new EntryRead(3, Optional.of(rejected)));
		given(this.entries.findByNormalizedDigest(eq(NAMESPACE), any()))
			.willReturn(new EntryRead(3, Optional.of(accepted)));
		given(this.check.check(any(), eq(MatchType.EXACT), eq(rejected), eq(3L), any(), any()))
			.willReturn(new Match.Rejected("older than maxAgeSeconds"));
		given(this.check.check(any(), eq(MatchType.NORMALIZED), eq(accepted), eq(3L), any(), any()))
			.willReturn(TestLookups.hit(accepted));
		LookupService service = new LookupService(this.policies, new CacheKeyFactory(),
				List.of(new ExactMatcher(this.entries, this.check), new NormalizedMatcher(this.entries, this.check)),
				this.storeTokens, this.recorder, this.degradation, Clock.fixed(NOW, ZoneOffset.UTC));

		Explanation explanation = service.explain(lookup(null));

		assertThat(explanation.candidates()).containsExactly(
				new Candidate(MatchType.EXACT, "id-1", false, "older than maxAgeSeconds", null),
				new Candidate(MatchType.NORMALIZED, "id-2", true, "equal after normalization", 1.0));
		assertThat(explanation.result()).isInstanceOf(LookupResult.Hit.class);
		verifyNoInteractions(this.recorder);
	}

	@Test
	void explainsTheThresholdOfTheFirstMatcherTriedThatHasOne() {
		givenPolicy(MatchType.EXACT, MatchType.SEMANTIC);
		given(this.exact.match(any(), any())).willReturn(Match.MISS);
		given(this.semantic.match(any(), any())).willReturn(Match.MISS);
		given(this.semantic.threshold(any())).willReturn(Optional.of(new Matcher.Threshold(0.9, "calibrated")));
		given(this.continuation.threshold(any())).willReturn(Optional.of(new Matcher.Threshold(0.5, "not tried")));

		Explanation explanation = service().explain(lookup(null));

		assertThat(explanation.threshold()).contains(new Matcher.Threshold(0.9, "calibrated"));
	}

	@Test
	void looksUpSeveralRequestsByTheirExactKeysWithOneRead() {
		givenPolicy(MatchType.EXACT, MatchType.NORMALIZED);
		given(this.entries.findByExactDigests(eq(NAMESPACE), any()))
			.willReturn(List.of(new EntryRead(3, Optional.of(this.entry)), new EntryRead(3, Optional.empty())));
		given(this.check.check(any(), eq(MatchType.EXACT), eq(this.entry), eq(3L), any(), any()))
			.willReturn(TestLookups.hit(this.entry));
		given(this.storeTokens.issue(NAMESPACE, 3, NOW)).willReturn("token-3");

		List<LookupResult> results = exactService().lookupExact(NAMESPACE,
				List.of(lookup(null), Lookup.of(NAMESPACE, TestLookups.chat("Another"))));

		assertThat(results).containsExactly(
				new LookupResult.Hit(MatchType.EXACT, this.entry, this.entry.responseJson(), 1.0, 60),
				new LookupResult.Miss("not-found", false, "token-3"));
		verify(this.entries, never()).findByExactDigest(any(), any(), anyBoolean());
	}

	@Test
	void looksUpSeveralRequestsAsDegradedMissesWhenTheStoreFails() {
		givenPolicy(MatchType.EXACT);
		given(this.entries.findByExactDigests(eq(NAMESPACE), any()))
			.willThrow(new QueryTimeoutException("Redis command timed out"));

		List<LookupResult> results = exactService().lookupExact(NAMESPACE, List.of(lookup(null), lookup(null)));

		assertThat(results).containsOnly(new LookupResult.Miss("store-unavailable", true, null)).hasSize(2);
		// Counted per lookup answered degraded, as single lookups are.
		verify(this.degradation, times(2)).failed(eq("lookup"), any());
	}

	@Test
	void looksUpNothingByExactKeysWhereThePolicyDoesNotAllowThem() {
		givenPolicy(MatchType.NORMALIZED);

		List<LookupResult> results = exactService().lookupExact(NAMESPACE, List.of(lookup(null)));

		assertThat(results).containsExactly(new LookupResult.Miss("no-match-type-allowed", false, null));
		verifyNoInteractions(this.entries);
	}

	private LookupService service() {
		return new LookupService(this.policies, new CacheKeyFactory(),
				List.of(this.exact, this.normalized, this.continuation, this.semantic), this.storeTokens, this.recorder,
				this.degradation, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private LookupService exactService() {
		return new LookupService(this.policies, new CacheKeyFactory(),
				List.of(new ExactMatcher(this.entries, this.check)), this.storeTokens, this.recorder, this.degradation,
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private void givenPolicy(MatchType... allowed) {
		NamespacePolicy policy = TestLookups.policy(allowed);
		given(this.policies.policyFor(NAMESPACE.tenant(), NAMESPACE.namespace())).willReturn(policy);
	}

	private Lookup lookup(Set<MatchType> matchTypes) {
		return new Lookup(NAMESPACE, this.request, matchTypes, null, null);
	}

	private static Matcher matcher(MatchType type) {
		Matcher matcher = mock(Matcher.class, type.apiName());
		given(matcher.type()).willReturn(type);
		given(matcher.threshold(any())).willReturn(Optional.empty());
		return matcher;
	}

	/** A matcher's answer after a read of the store at a sequence number. */
	private static Answer<Match> readAt(long sequence, Match match) {
		return (invocation) -> {
			invocation.<CandidateLog>getArgument(1).readAt(sequence);
			return match;
		};
	}

}
