package io.llmcache.proxy;

import java.util.Locale;

import io.llmcache.policy.MatchType;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * How the cache answered one proxy request, as response headers: {@code X-Cache} (HIT,
 * MISS or BYPASS), on a hit {@code X-Cache-Match}, {@code X-Cache-Entry-Id},
 * {@code X-Cache-Similarity} and {@code Age}; on a miss that was stored before the answer
 * was sent, {@code X-Cache-Entry-Id} of the new entry; {@code X-Cache-Degraded: true}
 * when Redis could not be used; {@code X-Cache-Coalesced: true} when the answer came from
 * an identical request's upstream call.
 *
 * @param cache {@code HIT}, {@code MISS} or {@code BYPASS}
 * @param matchType how a hit matched, or {@code null}
 * @param entryId the entry served or stored, or {@code null}
 * @param similarity the similarity of a hit, or {@code null}
 * @param ageSeconds the age of a hit, or {@code null}
 * @param degraded whether Redis could not be used
 * @param coalesced whether the answer was shared from another request's call
 */
record CacheOutcome(String cache, MatchType matchType, String entryId, Double similarity, Long ageSeconds,
		boolean degraded, boolean coalesced) {

	static final String HIT = "HIT";

	static final String MISS = "MISS";

	static final String BYPASS = "BYPASS";

	static CacheOutcome bypass() {
		return new CacheOutcome(BYPASS, null, null, null, null, false, false);
	}

	static CacheOutcome miss(boolean degraded) {
		return new CacheOutcome(MISS, null, null, null, null, degraded, false);
	}

	static CacheOutcome hit(MatchType matchType, String entryId, Double similarity, Long ageSeconds,
			boolean coalesced) {
		return new CacheOutcome(HIT, matchType, entryId, similarity, ageSeconds, false, coalesced);
	}

	/**
	 * The outcome of a request answered by another's upstream call: a hit, as if it had
	 * been served from the entry that call stored (or a miss if it stored none).
	 * @param entryId the entry stored by the call, or {@code null}
	 * @param live whether the answer is a stream relayed as it arrives (a hit, before it
	 * is known whether it will be stored)
	 * @return the outcome
	 */
	static CacheOutcome coalesced(String entryId, boolean live) {
		boolean hit = entryId != null || live;
		return new CacheOutcome(hit ? HIT : MISS, hit ? MatchType.EXACT : null, entryId, hit ? 1.0 : null,
				hit ? 0L : null, false, true);
	}

	CacheOutcome withEntryId(String id) {
		return new CacheOutcome(this.cache, this.matchType, id, this.similarity, this.ageSeconds, this.degraded,
				this.coalesced);
	}

	boolean isHit() {
		return HIT.equals(this.cache);
	}

	/**
	 * Sets the headers.
	 * @param response the response, not yet committed
	 */
	void apply(HttpServletResponse response) {
		response.setHeader("X-Cache", this.cache);
		if (this.matchType != null) {
			response.setHeader("X-Cache-Match", this.matchType.apiName());
		}
		if (this.entryId != null) {
			response.setHeader("X-Cache-Entry-Id", this.entryId);
		}
		if (this.similarity != null) {
			response.setHeader("X-Cache-Similarity", String.format(Locale.ROOT, "%.4f", this.similarity));
		}
		if (this.ageSeconds != null) {
			response.setHeader(HttpHeaders.AGE, Long.toString(this.ageSeconds));
		}
		if (this.degraded) {
			response.setHeader("X-Cache-Degraded", "true");
		}
		if (this.coalesced) {
			response.setHeader("X-Cache-Coalesced", "true");
		}
	}

}
