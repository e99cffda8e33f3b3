package io.llmcache.semantic;

import java.util.List;
import java.util.Optional;

import io.llmcache.entry.EntryRead;
import io.llmcache.entry.StoredEntry;
import io.llmcache.key.CacheKeyFactory;
import io.llmcache.key.SemanticKey;
import io.llmcache.lookup.Candidate;
import io.llmcache.lookup.CandidateLog;
import io.llmcache.lookup.EntryCheck;
import io.llmcache.lookup.LookupContext;
import io.llmcache.lookup.Match;
import io.llmcache.lookup.Matcher;
import io.llmcache.lookup.TestLookups;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;
import io.llmcache.system.Degradation;
import io.llmcache.verifier.VerifierCalibration;
import io.llmcache.vector.Neighbour;
import io.llmcache.vector.VectorIndex;
import io.llmcache.vector.VectorScope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.llmcache.lookup.TestLookups.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Tests for {@link SemanticMatcher}.
 *
 */
class SemanticMatcherTests {

	private static final String SERVED = "similar in the same context; guards passed";

	private static final float[] VECTOR = { 0.6f, 0.8f };

	private final CacheKeyFactory keyFactory = new CacheKeyFactory();

	private final Embedder embedder = mock(Embedder.class);

	private final VectorIndex index = mock(VectorIndex.class);

	private final SemanticThresholds thresholds = new SemanticThresholds("test-embedder", Optional.empty(),
			new SemanticVerifier("test-embedder", Optional.empty(), Optional.empty()));

	private final EntryCheck check = mock(EntryCheck.class);

	private final Degradation degradation = mock(Degradation.class);

	private final SemanticMatcher matcher = new SemanticMatcher(this.keyFactory, this.embedder, this.index,
			this.thresholds, this.check, new SemanticMetrics(new SimpleMeterRegistry()), this.degradation);

	private final SemanticVerifier verifier = mock(SemanticVerifier.class);

	private final SemanticMatcher verifyingMatcher = new SemanticMatcher(this.keyFactory, this.embedder, this.index,
			new SemanticThresholds("test-embedder", Optional.empty(), this.verifier), this.check,
			new SemanticMetrics(new SimpleMeterRegistry()), this.degradation);

	private final NamespacePolicy policy = TestLookups.policy(MatchType.SEMANTIC);

	private final LookupContext context = TestLookups.context(this.policy, TestLookups.chat("What is new in Java 17?"));

	private final SemanticKey key = this.keyFactory
		.semanticKeyFor(NAMESPACE.tenant(), this.policy, this.context.request())
		.orElseThrow();

	private final VectorScope scope = new VectorScope(NAMESPACE.tenant(), NAMESPACE.namespace(),
			this.key.contextDigest());

	private final CandidateLog log = new CandidateLog();

	@BeforeEach
	void contextWithVectors() {
		given(this.verifier.calibration()).willReturn(Optional.of(new VerifierCalibration("test-embedder", 0.6,
				List.of(new VerifierCalibration.Point(0.5, 0.96, 0.9, 0.6, 0.01, 100)))));
		given(this.index.mayHaveVectors(this.scope)).willReturn(true);
		given(this.embedder.embed(this.key.text())).willReturn(VECTOR);
	}

	@Test
	void servesACandidateOfTheRequestsContextThatPassesEveryCheck() {
		StoredEntry entry = entry("id-1", "What's new in Java 17?", false);
		givenNeighbours(new Neighbour("d-1", 0.97));
		givenRead("d-1", entry);
		given(this.check.check(this.context, entry, 5)).willReturn(TestLookups.hit(entry));

		Match match = this.matcher.match(this.context, this.log);

		assertThat(match).isEqualTo(new Match.Hit(entry, entry.responseJson(), 0.97, 60));
		assertThat(this.log.candidates())
			.containsExactly(new Candidate(MatchType.SEMANTIC, "id-1", true, SERVED, 0.97));
	}

	@Test
	void neverReportsASimilarityAboveOne() {
		StoredEntry entry = entry("id-1", "What is new in Java 17?", false);
		givenNeighbours(new Neighbour("d-1", 1.0000002));
		givenRead("d-1", entry);
		given(this.check.check(this.context, entry, 5)).willReturn(TestLookups.hit(entry));

		assertThat(((Match.Hit) this.matcher.match(this.context, this.log)).similarity()).isEqualTo(1.0);
	}

	@Test
	void rejectsACandidateOfAnotherContext() {
		StoredEntry entry = TestLookups.entry("id-1", TestLookups.keys(this.policy, this.context.request()), null, "{}",
				new StoredEntry.SemanticData("another-context", "What is new in Java 17?", null, false));

		assertRejected(entry, "not in the request's context");
	}

	@Test
	void rejectsACandidateFlaggedWrong() {
		assertRejected(entry("id-1", "What is new in Java 17?", true), "flagged wrong by feedback");
	}

	@Test
	void rejectsACandidateAGuardTurnsDown() {
		givenNeighbours(new Neighbour("d-1", 0.97));
		givenRead("d-1", entry("id-1", "What is new in Java 21?", false));

		assertThat(this.matcher.match(this.context, this.log)).isEqualTo(Match.MISS);
		assertThat(this.log.candidates()).singleElement().satisfies((candidate) -> {
			assertThat(candidate.accepted()).isFalse();
			assertThat(candidate.reason()).startsWith("guard numbers: ");
			assertThat(candidate.similarity()).isEqualTo(0.97);
		});
		verify(this.check, never()).check(any(), any(), anyLong());
	}

	@Test
	void readsNoCandidateBelowTheThreshold() {
		givenNeighbours(new Neighbour("d-1", 0.8));

		assertThat(this.matcher.match(this.context, this.log)).isEqualTo(Match.MISS);
		assertThat(this.log.candidates()).isEmpty();
		verify(this.check, never()).read(any(), any());
	}

	@Test
	void readsAndNamesACandidateBelowTheThresholdWhenExplaining() {
		LookupContext explaining = TestLookups.context(this.policy, this.context.request(), true);
		givenNeighbours(new Neighbour("d-1", 0.8));
		given(this.check.read(explaining, "d-1"))
			.willReturn(new EntryRead(5, Optional.of(entry("id-1", "What is new in Java 17?", false))));

		assertThat(this.matcher.match(explaining, this.log)).isEqualTo(Match.MISS);
		assertThat(this.log.candidates()).containsExactly(
				new Candidate(MatchType.SEMANTIC, "id-1", false, "similarity 0.800 below the threshold 0.900", 0.8));
	}

	@Test
	void servesTheFirstNeighbourThatPassesAndReadsNoFurther() {
		StoredEntry flagged = entry("id-1", "What is new in Java 17?", true);
		StoredEntry served = entry("id-2", "What's new in Java 17?", false);
		givenNeighbours(new Neighbour("d-1", 0.97), new Neighbour("d-2", 0.95), new Neighbour("d-3", 0.93));
		givenRead("d-1", flagged);
		givenRead("d-2", served);
		given(this.check.check(this.context, served, 5)).willReturn(TestLookups.hit(served));

		Match match = this.matcher.match(this.context, this.log);

		assertThat(((Match.Hit) match).entry()).isSameAs(served);
		assertThat(this.log.candidates()).containsExactly(
				new Candidate(MatchType.SEMANTIC, "id-1", false, "flagged wrong by feedback", 0.97),
				new Candidate(MatchType.SEMANTIC, "id-2", true, SERVED, 0.95));
		verify(this.check, never()).read(this.context, "d-3");
	}

	@Test
	void recordsTheVerdictOfTheEntryChecks() {
		StoredEntry entry = entry("id-1", "What is new in Java 17?", false);
		givenNeighbours(new Neighbour("d-1", 0.97));
		givenRead("d-1", entry);
		given(this.check.check(this.context, entry, 5)).willReturn(new Match.Rejected("expired"));

		assertThat(this.matcher.match(this.context, this.log)).isEqualTo(Match.MISS);
		assertThat(this.log.candidates())
			.containsExactly(new Candidate(MatchType.SEMANTIC, "id-1", false, "expired", 0.97));
	}

	@Test
	void skipsAnEntryGoneSinceItWasIndexedButRemembersTheRead() {
		givenNeighbours(new Neighbour("d-1", 0.97));
		given(this.check.read(this.context, "d-1")).willReturn(new EntryRead(8, Optional.empty()));
		CandidateLog spiedLog = spy(this.log);

		assertThat(this.matcher.match(this.context, spiedLog)).isEqualTo(Match.MISS);
		assertThat(spiedLog.candidates()).isEmpty();
		verify(spiedLog).readAt(8);
	}

	@Test
	void embedsNothingWhileTheContextHasNoVectors() {
		given(this.index.mayHaveVectors(this.scope)).willReturn(false);

		assertThat(this.matcher.match(this.context, this.log)).isEqualTo(Match.MISS);
		verifyNoInteractions(this.embedder, this.check);
	}

	@Test
	void missesWithoutAnErrorWhenTheEmbedderFails() {
		given(this.embedder.embed(this.key.text())).willThrow(new EmbeddingException("timed out"));

		assertThat(this.matcher.match(this.context, this.log)).isEqualTo(Match.MISS);
		verify(this.degradation).count("embed");
		verifyNoInteractions(this.check);
	}

	@Test
	void missesWhenTheRequestHasNoTextToCompare() {
		LookupContext blank = TestLookups.context(this.policy, TestLookups.completion("   ", null));

		assertThat(this.matcher.match(blank, this.log)).isEqualTo(Match.MISS);
		verifyNoInteractions(this.index, this.embedder, this.check);
	}

	@Test
	void namesItsThreshold() {
		assertThat(this.matcher.threshold(this.context)).hasValueSatisfying((threshold) -> {
			assertThat(threshold.similarity()).isEqualTo(0.9);
			assertThat(threshold.description()).startsWith("minSimilarity 0.9 of the policy");
		});
	}

	@Test
	void servesACandidateTheVerifierAcceptsWithItsScore() {
		StoredEntry entry = entry("id-1", "What's new in Java 17?", false);
		givenNeighbours(new Neighbour("d-1", 0.95));
		givenRead("d-1", entry);
		given(this.check.check(this.context, entry, 5)).willReturn(TestLookups.hit(entry));
		given(this.verifier.score(this.key.text(), "What's new in Java 17?", 0.95)).willReturn(0.8);

		assertThat(this.verifyingMatcher.match(this.context, this.log)).isInstanceOf(Match.Hit.class);
		assertThat(this.log.candidates()).containsExactly(new Candidate(MatchType.SEMANTIC, "id-1", true,
				"similar in the same context; the verifier accepts it", 0.95, 0.8));
	}

	@Test
	void rejectsACandidateTheVerifierScoresBelowItsThreshold() {
		givenNeighbours(new Neighbour("d-1", 0.99));
		givenRead("d-1", entry("id-1", "What is old in Java 17?", false));
		given(this.verifier.score(any(), any(), anyDouble())).willReturn(0.3);

		assertThat(this.verifyingMatcher.match(this.context, this.log)).isEqualTo(Match.MISS);
		assertThat(this.log.candidates()).containsExactly(new Candidate(MatchType.SEMANTIC, "id-1", false,
				"verifier score 0.300 below the threshold 0.50", 0.99, 0.3));
		verify(this.check, never()).check(any(), any(), anyLong());
	}

	@Test
	void letsTheVerifierDecideWhereAGuardWouldReject() {
		StoredEntry entry = entry("id-1", "What is new in Java 21?", false);
		givenNeighbours(new Neighbour("d-1", 0.97));
		givenRead("d-1", entry);
		given(this.check.check(this.context, entry, 5)).willReturn(TestLookups.hit(entry));
		given(this.verifier.score(any(), any(), anyDouble())).willReturn(0.9);

		assertThat(this.verifyingMatcher.match(this.context, this.log)).isInstanceOf(Match.Hit.class);
	}

	@Test
	void namesTheVerifiersThresholdAndWhatItWasMeasuredAt() {
		assertThat(this.verifyingMatcher.threshold(this.context)).hasValueSatisfying((threshold) -> {
			assertThat(threshold.similarity()).isEqualTo(0.9);
			assertThat(threshold.description()).isEqualTo("similarity ≥ 0.9 (minSimilarity of the policy), then "
					+ "verifier score ≥ 0.50 for targetPrecision 0.9 (measured on qqp-dev as a cache: "
					+ "judged precision 0.960, recall 0.600)");
		});
	}

	private void assertRejected(StoredEntry entry, String reason) {
		givenNeighbours(new Neighbour("d-1", 0.97));
		givenRead("d-1", entry);

		assertThat(this.matcher.match(this.context, this.log)).isEqualTo(Match.MISS);
		assertThat(this.log.candidates())
			.containsExactly(new Candidate(MatchType.SEMANTIC, "id-1", false, reason, 0.97));
		verify(this.check, never()).check(any(), any(), anyLong());
	}

	private void givenNeighbours(Neighbour... neighbours) {
		given(this.index.nearest(this.scope, VECTOR, SemanticMatcher.CANDIDATES)).willReturn(List.of(neighbours));
	}

	private void givenRead(String digest, StoredEntry entry) {
		given(this.check.read(this.context, digest)).willReturn(new EntryRead(5, Optional.of(entry)));
	}

	/** An entry of the request's semantic context, storing a text. */
	private StoredEntry entry(String id, String text, boolean flaggedWrong) {
		return TestLookups.entry(id, TestLookups.keys(this.policy, TestLookups.chat(text)), null,
				"{\"answer\":\"" + id + "\"}",
				new StoredEntry.SemanticData(this.key.contextDigest(), text, null, flaggedWrong));
	}

}
