package io.llmcache.lookup;

import java.util.Optional;

import io.llmcache.entry.EntryRead;
import io.llmcache.entry.EntryRepository;
import io.llmcache.entry.StoredEntry;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;
import org.junit.jupiter.api.Test;

import static io.llmcache.lookup.TestLookups.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Tests for {@link NormalizedMatcher}.
 *
 */
class NormalizedMatcherTests {

	private final EntryRepository entries = mock(EntryRepository.class);

	private final EntryCheck check = mock(EntryCheck.class);

	private final NormalizedMatcher matcher = new NormalizedMatcher(this.entries, this.check);

	private final NamespacePolicy policy = TestLookups.policy(MatchType.NORMALIZED);

	private final LookupContext context = TestLookups.context(this.policy, TestLookups.chat("What  is a  monad?"));

	// Stored for another request with the same normalized form, whose exact form differs.
	private final StoredEntry entry = TestLookups.entry("id-1",
			TestLookups.keys(this.policy, TestLookups.chat("What is  a monad?")), null, "{\"answer\":\"a monoid\"}",
			null);

	private final CandidateLog log = new CandidateLog();

	@Test
	void servesTheNewestEntryOfTheNormalizedDigestComparingNormalizedForms() {
		givenRead(7, Optional.of(this.entry));
		Match.Hit hit = TestLookups.hit(this.entry);
		given(this.check.check(this.context, MatchType.NORMALIZED, this.entry, 7, this.entry.normalizedDigest(),
				this.context.keys().normalized()))
			.willReturn(hit);

		Match match = this.matcher.match(this.context, this.log);

		assertThat(match).isSameAs(hit);
		assertThat(this.log.candidates())
			.containsExactly(new Candidate(MatchType.NORMALIZED, "id-1", true, "equal after normalization", 1.0));
		assertThat(this.log.sequence()).hasValue(7);
	}

	@Test
	void missesAndRecordsTheCandidateTheChecksReject() {
		givenRead(7, Optional.of(this.entry));
		given(this.check.check(this.context, MatchType.NORMALIZED, this.entry, 7, this.entry.normalizedDigest(),
				this.context.keys().normalized()))
			.willReturn(new Match.Rejected("found by its digest but recorded under another"));

		Match match = this.matcher.match(this.context, this.log);

		assertThat(match).isEqualTo(Match.MISS);
		assertThat(this.log.candidates()).containsExactly(new Candidate(MatchType.NORMALIZED, "id-1", false,
				"found by its digest but recorded under another", null));
	}

	@Test
	void missesWithoutACandidateWhenNoPointerLeadsToAnEntryButRemembersTheRead() {
		givenRead(9, Optional.empty());

		Match match = this.matcher.match(this.context, this.log);

		assertThat(match).isEqualTo(Match.MISS);
		assertThat(this.log.candidates()).isEmpty();
		assertThat(this.log.sequence()).hasValue(9);
		verify(this.check, never()).check(any(), any(), any(), anyLong(), any(), any());
	}

	private void givenRead(long sequence, Optional<StoredEntry> entry) {
		given(this.entries.findByNormalizedDigest(NAMESPACE, this.context.keys().normalized().digestText()))
			.willReturn(new EntryRead(sequence, entry));
	}

}
