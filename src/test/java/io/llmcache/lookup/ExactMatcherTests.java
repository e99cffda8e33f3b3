package io.llmcache.lookup;

import java.util.List;
import java.util.Optional;

import io.llmcache.entry.EntryRead;
import io.llmcache.entry.EntryRepository;
import io.llmcache.entry.StoredEntry;
import io.llmcache.key.CacheKeys;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;
import org.junit.jupiter.api.Test;

import static io.llmcache.lookup.TestLookups.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Tests for {@link ExactMatcher}.
 *
 */
class ExactMatcherTests {

	private final EntryRepository entries = mock(EntryRepository.class);

	private final EntryCheck check = mock(EntryCheck.class);

	private final ExactMatcher matcher = new ExactMatcher(this.entries, this.check);

	private final NamespacePolicy policy = TestLookups.policy(MatchType.EXACT);

	// Two spaces: the exact and normalized canonical forms differ, so a mix-up shows.
	private final LookupContext context = TestLookups.context(this.policy, TestLookups.chat("What is  a monad?"));

	private final CandidateLog log = new CandidateLog();

	@Test
	void servesTheEntryOfTheExactDigestOnceTheChecksAcceptIt() {
		StoredEntry entry = entryFor(this.context);
		givenRead(this.context, 7, entry);
		Match.Hit hit = TestLookups.hit(entry);
		given(this.check.check(this.context, MatchType.EXACT, entry, 7, entry.exactDigest(),
				this.context.keys().exact()))
			.willReturn(hit);

		Match match = this.matcher.match(this.context, this.log);

		assertThat(match).isSameAs(hit);
		assertThat(this.log.candidates())
			.containsExactly(new Candidate(MatchType.EXACT, "id-1", true, "canonical request identical", 1.0));
		assertThat(this.log.sequence()).hasValue(7);
	}

	@Test
	void missesAndRecordsTheCandidateTheChecksReject() {
		StoredEntry entry = entryFor(this.context);
		givenRead(this.context, 7, entry);
		given(this.check.check(this.context, MatchType.EXACT, entry, 7, entry.exactDigest(),
				this.context.keys().exact()))
			.willReturn(new Match.Rejected("expired"));

		Match match = this.matcher.match(this.context, this.log);

		assertThat(match).isEqualTo(Match.MISS);
		assertThat(this.log.candidates())
			.containsExactly(new Candidate(MatchType.EXACT, "id-1", false, "expired", null));
	}

	@Test
	void missesWithoutACandidateWhenNothingIsStoredButRemembersTheRead() {
		given(this.entries.findByExactDigest(NAMESPACE, this.context.keys().exact().digestText(), false))
			.willReturn(new EntryRead(9, Optional.empty()));

		Match match = this.matcher.match(this.context, this.log);

		assertThat(match).isEqualTo(Match.MISS);
		assertThat(this.log.candidates()).isEmpty();
		assertThat(this.log.sequence()).hasValue(9);
		verify(this.check, never()).check(any(), any(), any(), anyLong(), any(), any());
	}

	@Test
	void matchesSeveralLookupsWithOneRead() {
		LookupContext other = TestLookups.context(this.policy, TestLookups.chat("What is a functor?"));
		StoredEntry entry = entryFor(this.context);
		given(this.entries.findByExactDigests(NAMESPACE,
				List.of(this.context.keys().exact().digestText(), other.keys().exact().digestText())))
			.willReturn(List.of(new EntryRead(4, Optional.of(entry)), new EntryRead(4, Optional.empty())));
		Match.Hit hit = TestLookups.hit(entry);
		given(this.check.check(this.context, MatchType.EXACT, entry, 4, entry.exactDigest(),
				this.context.keys().exact()))
			.willReturn(hit);
		CandidateLog otherLog = new CandidateLog();

		List<Match> matches = this.matcher.matchAll(List.of(this.context, other), List.of(this.log, otherLog));

		assertThat(matches).containsExactly(hit, Match.MISS);
		assertThat(this.log.candidates()).hasSize(1);
		assertThat(otherLog.candidates()).isEmpty();
		assertThat(otherLog.sequence()).hasValue(4);
		verify(this.entries, never()).findByExactDigest(any(), any(), anyBoolean());
	}

	private void givenRead(LookupContext context, long sequence, StoredEntry entry) {
		given(this.entries.findByExactDigest(NAMESPACE, context.keys().exact().digestText(), false))
			.willReturn(new EntryRead(sequence, Optional.of(entry)));
	}

	private static StoredEntry entryFor(LookupContext context) {
		CacheKeys keys = context.keys();
		return TestLookups.entry("id-1", keys, null, "{\"answer\":\"a monoid\"}", null);
	}

}
