package io.llmcache.stats;

/**
 * Counts the live entries of a namespace; implemented by the cache, which knows where
 * entries are kept.
 *
 * @author llm-cache developers
 */
public interface EntryCounter {

	/**
	 * The entries of a namespace that have not expired, including any an invalidation
	 * covers that the sweeper has not deleted yet (usually for a second or two).
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @return the count
	 */
	long liveEntries(String tenant, String namespace);

}
