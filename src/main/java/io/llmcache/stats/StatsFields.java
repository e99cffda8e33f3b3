package io.llmcache.stats;

import io.llmcache.policy.MatchType;

/**
 * The counters of a namespace's statistics: the fields of its totals hash and of each
 * time bucket's hash.
 */
final class StatsFields {

	static final String LOOKUPS = "lookups";

	static final String MISSES = "misses";

	static final String STORES = "stores";

	static final String INVALIDATIONS = "invalidations";

	/** Prompt tokens of the hits served, which the model did not have to read again. */
	static final String PROMPT_TOKENS = "tokens:prompt";

	/** Completion tokens of the hits served, which the model did not have to write. */
	static final String COMPLETION_TOKENS = "tokens:completion";

	/** What the tokens of priced hits would have cost, in billionths of the currency. */
	static final String SAVED_NANOS = "saved:nanos";

	/** Hits of a model without a price. */
	static final String HITS_UNPRICED = "hits-unpriced";

	/** Hits whose token counts were estimated from the text. */
	static final String HITS_ESTIMATED_USAGE = "hits-estimated-usage";

	/** Hits of entries stored before token usage was kept. */
	static final String HITS_WITHOUT_USAGE = "hits-without-usage";

	private StatsFields() {
	}

	static String hits(MatchType type) {
		return "hits:" + type.apiName();
	}

}
