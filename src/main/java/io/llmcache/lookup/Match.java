package io.llmcache.lookup;

import io.llmcache.entry.StoredEntry;

/**
 * What one step of a lookup found: an entry to serve, a candidate turned down, or
 * nothing. A {@link Matcher} answers {@link Hit} or {@link Miss}; the checks of one
 * candidate answer {@link Hit} or {@link Rejected}.
 */
public sealed interface Match {

	/** Nothing found. */
	Miss MISS = new Miss();

	/**
	 * An entry that may be served.
	 *
	 * @param entry the entry
	 * @param responseJson the response to serve
	 * @param similarity its similarity to the request (1.0 but for semantic matches)
	 * @param ageSeconds its age
	 */
	record Hit(StoredEntry entry, String responseJson, double similarity, long ageSeconds) implements Match {

		/**
		 * The same hit serving another response.
		 * @param json the response
		 * @return the hit
		 */
		public Hit withResponse(String json) {
			return new Hit(this.entry, json, this.similarity, this.ageSeconds);
		}

		/**
		 * The same hit at another similarity.
		 * @param value the similarity
		 * @return the hit
		 */
		public Hit withSimilarity(double value) {
			return new Hit(this.entry, this.responseJson, value, this.ageSeconds);
		}

	}

	/**
	 * A candidate that must not be served.
	 *
	 * @param reason why, for explain
	 */
	record Rejected(String reason) implements Match {

	}

	/** Nothing to serve. */
	record Miss() implements Match {

	}

}
