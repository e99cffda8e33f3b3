package io.llmcache.stats;

import java.util.List;
import java.util.Locale;

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
import jakarta.validation.constraints.Pattern;

import org.springframework.dao.DataAccessException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Statistics: {@code GET /v1/admin/stats}, and over a recent window
 * {@code GET /v1/admin/stats/series}.
 */
@RestController
@Tag(name = "stats", description = "Per-namespace statistics, the same on every replica")
class StatsController {

	private final StatsService service;

	StatsController(StatsService service) {
		this.service = service;
	}

	@GetMapping(path = "/v1/admin/stats", params = "namespace")
	@RequiresRole(Role.ADMIN)
	@ProblemResponses(ProblemType.STORE_UNAVAILABLE)
	@Operation(summary = "Statistics of a namespace",
			description = "Live entries, lookups, hits by match type, misses, hit rate, stores and invalidations, "
					+ "counted in Redis across all replicas (other replicas' counts arrive within about a second).")
	NamespaceStats namespace(@Parameter(hidden = true) Caller caller,
			@RequestParam @Pattern(regexp = Tenants.NAME_PATTERN) String namespace) {
		try {
			return this.service.of(caller.tenant(), namespace);
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	@GetMapping("/v1/admin/stats")
	@RequiresRole(Role.ADMIN)
	@ProblemResponses(ProblemType.STORE_UNAVAILABLE)
	@Operation(summary = "Statistics of every namespace of the tenant",
			description = "As with ?namespace=, for each namespace of the caller's tenant that has statistics.")
	AllStats all(@Parameter(hidden = true) Caller caller) {
		try {
			return new AllStats(this.service.ofAll(caller.tenant()));
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	@GetMapping("/v1/admin/stats/series")
	@RequiresRole(Role.ADMIN)
	@ProblemResponses(ProblemType.STORE_UNAVAILABLE)
	@Operation(summary = "Statistics of a namespace over the last hour, day or week",
			description = "Lookups, hits by match type, misses, stores, invalidations, and the tokens that hits "
					+ "saved with what they would have cost at the configured prices (llmcache.pricing.*, an "
					+ "estimate), as a total and in buckets of 5 minutes (hour) or 1 hour (day, week), oldest first.")
	StatsSeries series(@Parameter(hidden = true) Caller caller,
			@RequestParam @Pattern(regexp = Tenants.NAME_PATTERN) String namespace,
			@Parameter(description = "hour, day or week") @RequestParam(defaultValue = "day") @Pattern(
					regexp = "hour|day|week", message = "must be hour, day or week") String window) {
		try {
			return this.service.series(caller.tenant(), namespace,
					StatsWindow.valueOf(window.toUpperCase(Locale.ROOT)));
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	private static ApiException unavailable(DataAccessException ex) {
		return new ApiException(ProblemType.STORE_UNAVAILABLE, "Statistics could not be read in time; retry later.",
				true, ex);
	}

	/**
	 * The statistics of every namespace.
	 *
	 * @param namespaces by namespace name
	 */
	record AllStats(List<NamespaceStats> namespaces) {

	}

}
