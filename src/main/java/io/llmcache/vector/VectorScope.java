package io.llmcache.vector;

/**
 * Where a vector may be matched: one tenant's namespace, one semantic context. Candidates
 * never come from another scope.
 *
 * @param tenant the tenant
 * @param namespace the namespace
 * @param context the semantic context digest
 */
public record VectorScope(String tenant, String namespace, String context) {

	String term() {
		return this.tenant + "/" + this.namespace + "/" + this.context;
	}

	static String idOf(String tenant, String namespace, String entryDigest) {
		return tenant + "/" + namespace + "/" + entryDigest;
	}

}
