package io.llmcache.tenant;

/**
 * What an API key may do, always within its own tenant.
 */
public enum Role {

	/** Lookup, get entry, explain, prefix lookup. */
	READ,

	/** Store, delete, feedback. */
	WRITE,

	/** Invalidations, policies, stats, audit. */
	ADMIN

}
