package io.llmcache.cache;

/**
 * A tenant's namespace: the hard boundary no match ever crosses. Every Redis key of the
 * partition starts with {@link #keyPrefix()}, whose hash tag keeps all of them in one
 * Redis Cluster slot so that an entry and its pointers change together in one script.
 *
 * @param tenant the tenant, from the API key
 * @param namespace the namespace within the tenant
 * @author llm-cache developers
 */
record Partition(String tenant, String namespace) {

	/**
	 * The key prefix: {@code llmc:{<tenant>/<namespace>}:}. Tenant and namespace names
	 * cannot contain '/', '{' or '}', so the prefix is unambiguous and starts with the
	 * tenant's own prefix {@code llmc:{<tenant>/}. @return the prefix
	 */
	String keyPrefix() {
		return "llmc:{" + this.tenant + "/" + this.namespace + "}:";
	}

}
