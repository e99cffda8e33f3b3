package io.llmcache.lookup;

import java.util.List;

import io.llmcache.entry.EntryRead;
import io.llmcache.entry.EntryRepository;
import io.llmcache.entry.StoredEntry;
import io.llmcache.policy.MatchType;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Finds the entry stored for the very same canonical request, by its exact digest, in one
 * round trip that also reads the namespace's invalidation sequence number.
 */
@Component
@Order(1)
class ExactMatcher implements Matcher {

	private final EntryRepository entries;

	private final EntryCheck check;

	ExactMatcher(EntryRepository entries, EntryCheck check) {
		this.entries = entries;
		this.check = check;
	}

	@Override
	public MatchType type() {
		return MatchType.EXACT;
	}

	@Override
	public Match match(LookupContext context, CandidateLog log) {
		EntryRead read = this.entries.findByExactDigest(context.namespace(), context.keys().exact().digestText(),
				false);
		return judge(context, read, log);
	}

	/**
	 * Matches several lookups of one namespace with one round trip.
	 * @param contexts the lookups
	 * @param logs their logs, in the same order
	 * @return a match for each, in order
	 */
	List<Match> matchAll(List<LookupContext> contexts, List<CandidateLog> logs) {
		if (contexts.isEmpty()) {
			return List.of();
		}
		List<EntryRead> reads = this.entries.findByExactDigests(contexts.get(0).namespace(),
				contexts.stream().map((context) -> context.keys().exact().digestText()).toList());
		return java.util.stream.IntStream.range(0, contexts.size())
			.mapToObj((i) -> judge(contexts.get(i), reads.get(i), logs.get(i)))
			.toList();
	}

	private Match judge(LookupContext context, EntryRead read, CandidateLog log) {
		log.readAt(read.sequence());
		if (read.entry().isEmpty()) {
			return Match.MISS;
		}
		StoredEntry entry = read.entry().get();
		Match verdict = this.check.check(context, MatchType.EXACT, entry, read.sequence(), entry.exactDigest(),
				context.keys().exact());
		log.record(EntryCheck.candidate(MatchType.EXACT, entry, verdict, null));
		return (verdict instanceof Match.Hit) ? verdict : Match.MISS;
	}

}
