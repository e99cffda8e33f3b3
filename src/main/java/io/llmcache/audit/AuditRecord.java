package io.llmcache.audit;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.databind.JsonNode;

/**
 * One change made through the admin API.
 *
 * @param id the change's id (for an invalidation, its {@code invalidationId})
 * @param time when it took effect
 * @param keyId the API key id of the caller
 * @param action {@code invalidate} or {@code policy.replace}
 * @param namespace the namespace changed
 * @param selector for an invalidation, its selector
 * @param matched for an invalidation, how many live entries it matched
 * @param matchedEstimated for an invalidation, whether {@code matched} is an estimate
 * @param policyVersion for a policy change, the new version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(String id, Instant time, String keyId, String action, String namespace, JsonNode selector,
		Long matched, Boolean matchedEstimated, Long policyVersion) {

	/** The action of an invalidation. */
	public static final String INVALIDATE = "invalidate";

	/** The action of a policy change. */
	public static final String POLICY_REPLACE = "policy.replace";

}
