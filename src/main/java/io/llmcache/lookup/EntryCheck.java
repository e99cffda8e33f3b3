package io.llmcache.lookup;

import java.time.Duration;
import java.util.Optional;

import io.llmcache.entry.EntryRead;
import io.llmcache.entry.EntryRepository;
import io.llmcache.entry.StoredEntry;
import io.llmcache.invalidation.InvalidationCheck;
import io.llmcache.invalidation.InvalidationRule;
import io.llmcache.key.CacheKey;
import io.llmcache.policy.MatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The checks every candidate passes before it is served, whatever found it: its recorded
 * digest equals the request's (when it was found by a digest: a pointer left over from
 * another entry, or an entry under a key not its own, is never served), it has not
 * expired, no invalidation covers it at the sequence number of its read, and it is
 * younger than the lookup's {@code maxAgeSeconds}.
 */
@Component
public class EntryCheck {

	private static final Logger logger = LoggerFactory.getLogger(EntryCheck.class);

	private final InvalidationCheck invalidations;

	private final LookupMetrics metrics;

	private final EntryRepository entries;

	EntryCheck(InvalidationCheck invalidations, LookupMetrics metrics, EntryRepository entries) {
		this.invalidations = invalidations;
		this.metrics = metrics;
		this.entries = entries;
	}

	/**
	 * Reads a candidate found by its exact digest elsewhere (in an index), without its
	 * request.
	 * @param context the lookup
	 * @param exactDigest the candidate's exact digest
	 * @return the read
	 */
	public EntryRead read(LookupContext context, String exactDigest) {
		return this.entries.findByExactDigest(context.namespace(), exactDigest, false);
	}

	/**
	 * Checks a candidate found by its digest: the digest it records for this match type
	 * must be the key's.
	 * @param context the lookup
	 * @param matchType how it was found
	 * @param entry the candidate
	 * @param sequence the invalidation sequence number of its read
	 * @param storedDigest the digest it records for this match type
	 * @param key the request's key for this match type
	 * @return a {@link Match.Hit} or a {@link Match.Rejected}
	 */
	public Match check(LookupContext context, MatchType matchType, StoredEntry entry, long sequence,
			String storedDigest, CacheKey key) {
		if (!key.digestText().equals(storedDigest)) {
			this.metrics.collision(matchType);
			logger.warn("A {} key led to an entry recorded under another digest", matchType.apiName());
			return new Match.Rejected("found by its digest but recorded under another");
		}
		return check(context, entry, sequence);
	}

	/**
	 * Checks a candidate that is live, not invalidated and young enough.
	 * @param context the lookup
	 * @param entry the candidate
	 * @param sequence the invalidation sequence number of its read
	 * @return a {@link Match.Hit} serving its response, or a {@link Match.Rejected}
	 */
	public Match check(LookupContext context, StoredEntry entry, long sequence) {
		if (!context.now().isBefore(entry.expiresAt())) {
			return new Match.Rejected("expired");
		}
		Optional<InvalidationRule> rule = this.invalidations.coveringRule(context.namespace(), sequence, entry);
		if (rule.isPresent()) {
			return new Match.Rejected("invalidated by " + rule.get().id());
		}
		Duration age = Duration.between(entry.createdAt(), context.now());
		if (age.isNegative()) {
			age = Duration.ZERO;
		}
		if (context.maxAgeSeconds() != null && age.compareTo(Duration.ofSeconds(context.maxAgeSeconds())) >= 0) {
			return new Match.Rejected("older than maxAgeSeconds");
		}
		return new Match.Hit(entry, entry.responseJson(), 1.0, age.toSeconds());
	}

	/**
	 * The explain record of a candidate's verdict.
	 * @param matchType how it was found
	 * @param entry the candidate
	 * @param verdict what the checks said
	 * @param similarity its measured similarity, or {@code null} (1.0 is shown for a hit)
	 * @return the record
	 */
	public static Candidate candidate(MatchType matchType, StoredEntry entry, Match verdict, Double similarity) {
		return candidate(matchType, entry, verdict, similarity, null);
	}

	/**
	 * A candidate for explain, with the semantic verifier's score.
	 * @param matchType the match type that found it
	 * @param entry the entry
	 * @param verdict what was decided
	 * @param similarity its similarity, or {@code null} (taken as 1 when served)
	 * @param verifierScore the verifier's score, or {@code null} if it did not read it
	 * @return the candidate
	 */
	public static Candidate candidate(MatchType matchType, StoredEntry entry, Match verdict, Double similarity,
			Double verifierScore) {
		if (verdict instanceof Match.Rejected rejected) {
			return new Candidate(matchType, entry.entryId(), false, rejected.reason(), similarity, verifierScore);
		}
		String reason = (verifierScore != null) ? "similar in the same context; the verifier accepts it"
				: acceptedReason(matchType);
		return new Candidate(matchType, entry.entryId(), true, reason, (similarity != null) ? similarity : 1.0,
				verifierScore);
	}

	private static String acceptedReason(MatchType matchType) {
		return switch (matchType) {
			case EXACT -> "canonical request identical";
			case NORMALIZED -> "equal after normalization";
			case CONTINUATION -> "its prompt followed by the start of its completion; serving the rest";
			default -> "similar in the same context; guards passed";
		};
	}

}
