package io.llmcache.invalidation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Answer of {@code POST /v1/admin/invalidations}.
 *
 * @param invalidationId the id of the recorded invalidation ({@code null} for a dry run)
 * @param matched how many live entries it matched
 * @param dryRun whether nothing was changed
 * @param matchedEstimated {@code true} when {@code matched} is the live size of the
 * selector's indexes rather than an exact count (large invalidations; a dry run is always
 * exact)
 * @param audited {@code false} if the invalidation took effect but its audit record could
 * not be written
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record InvalidationResponse(String invalidationId, long matched, boolean dryRun, boolean matchedEstimated,
		Boolean audited) {

}
