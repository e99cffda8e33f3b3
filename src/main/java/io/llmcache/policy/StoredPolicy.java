package io.llmcache.policy;

import java.time.Instant;

/**
 * A policy set at runtime, as kept in Redis: complete (no field left to defaults), with
 * its version and who set it.
 *
 * @param tenant the tenant
 * @param namespace the namespace
 * @param version the version, one more than the policy it replaced
 * @param document the policy, every field filled
 * @param updatedAt when it was set
 * @param updatedBy the id of the API key that set it
 */
record StoredPolicy(String tenant, String namespace, long version, PolicyDocument document, Instant updatedAt,
		String updatedBy) {

	String partition() {
		return partitionOf(this.tenant, this.namespace);
	}

	static String partitionOf(String tenant, String namespace) {
		return tenant + "/" + namespace;
	}

}
