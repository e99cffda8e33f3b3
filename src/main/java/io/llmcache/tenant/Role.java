package io.llmcache.tenant;

/**
 * What an API key may do, always within its own tenant.
 *
 * @author llm-cache developers
 */
public enum Role {

	/** Lookup, get entry, explain, prefix lookup. */
	READ,

	/** Store, delete, feedback. */
	WRITE,

	/** Invalidations, policies, stats, audit. */
	ADMIN

}
