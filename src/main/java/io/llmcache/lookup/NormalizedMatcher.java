package io.llmcache.lookup;

import io.llmcache.entry.EntryRead;
import io.llmcache.entry.EntryRepository;
import io.llmcache.entry.StoredEntry;
import io.llmcache.policy.MatchType;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Finds the newest entry whose request is equal to this one after the namespace's
 * normalization, following the normalized pointer inside Redis in one round trip.
 */
@Component
@Order(2)
class NormalizedMatcher implements Matcher {

	private final EntryRepository entries;

	private final EntryCheck check;

	NormalizedMatcher(EntryRepository entries, EntryCheck check) {
		this.entries = entries;
		this.check = check;
	}

	@Override
	public MatchType type() {
		return MatchType.NORMALIZED;
	}

	@Override
	public Match match(LookupContext context, CandidateLog log) {
		EntryRead read = this.entries.findByNormalizedDigest(context.namespace(),
				context.keys().normalized().digestText());
		log.readAt(read.sequence());
		if (read.entry().isEmpty()) {
			return Match.MISS;
		}
		StoredEntry entry = read.entry().get();
		Match verdict = this.check.check(context, MatchType.NORMALIZED, entry, read.sequence(),
				entry.normalizedDigest(), context.keys().normalized());
		log.record(EntryCheck.candidate(MatchType.NORMALIZED, entry, verdict, null));
		return (verdict instanceof Match.Hit) ? verdict : Match.MISS;
	}

}
