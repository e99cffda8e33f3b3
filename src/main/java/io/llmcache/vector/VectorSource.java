package io.llmcache.vector;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the vectors kept in Redis with their entries; implemented by the cache, which
 * knows where entries live.
 */
public interface VectorSource {

	/**
	 * The vector of one entry.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @param entryDigest the entry's exact digest
	 * @return its vector, or empty if the entry is gone or has none
	 */
	Optional<StoredVector> read(String tenant, String namespace, String entryDigest);

	/**
	 * Every live vector of a namespace.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @param action called for each
	 * @return whether the namespace still has semantic entries
	 */
	boolean forEach(String tenant, String namespace, Consumer<StoredVector> action);

}
