package io.llmcache.prefix;

import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import io.llmcache.system.ProblemResponses;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.RequiresRole;
import io.llmcache.tenant.Role;
import io.llmcache.tenant.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.dao.DataAccessException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Prefix analytics: {@code GET /v1/admin/prefixes}.
 */
@RestController
@Tag(name = "prefixes", description = "The most shared token prefixes of a namespace")
class PrefixAdminController {

	/** The most prefixes one call lists. */
	static final int MAX_LIMIT = 100;

	private final PrefixAnalytics analytics;

	PrefixAdminController(PrefixAnalytics analytics) {
		this.analytics = analytics;
	}

	@GetMapping("/v1/admin/prefixes")
	@RequiresRole(Role.ADMIN)
	@ProblemResponses(ProblemType.STORE_UNAVAILABLE)
	@Operation(summary = "The most shared prefixes of a namespace",
			description = "Prefixes that end a segment (tools, a message, the prompt), ranked by the tokens sent "
					+ "again through them: their token counts, the stores and lookups sharing them, and the tokens "
					+ "each configured provider's prompt caching could serve.")
	PrefixAnalytics.SharedPrefixes prefixes(@Parameter(hidden = true) Caller caller,
			@RequestParam(defaultValue = Tenants.DEFAULT_NAMESPACE) @Pattern(
					regexp = Tenants.NAME_PATTERN) String namespace,
			@RequestParam(defaultValue = "20") @Min(1) @Max(MAX_LIMIT) int limit) {
		try {
			return this.analytics.top(caller.tenant(), namespace, limit);
		}
		catch (DataAccessException ex) {
			throw new ApiException(ProblemType.STORE_UNAVAILABLE, "The prefix index could not be read in time.", true,
					ex);
		}
	}

}
