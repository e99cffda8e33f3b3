package io.llmcache.prefix;

import io.llmcache.entry.TenantNamespace;

/**
 * A tenant's namespace as the prefix index sees it. Its keys share the partition prefix
 * {@code llmc:{<tenant>/<namespace>}:} of the cache's own keys, so a namespace's blocks
 * live in one Redis Cluster slot and one script can walk them.
 *
 * @param tenant the tenant, from the API key
 * @param namespace the namespace
 * @author llm-cache developers
 */
record PrefixPartition(String tenant, String namespace) {

	String keyPrefix() {
		return new TenantNamespace(this.tenant, this.namespace).keyPrefix();
	}

	String blockKey(String blockId) {
		return keyPrefix() + "p:b:" + blockId;
	}

	String topKey() {
		return keyPrefix() + "p:top";
	}

}
