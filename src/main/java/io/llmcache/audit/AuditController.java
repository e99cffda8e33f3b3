package io.llmcache.audit;

import java.util.List;

import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
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
 * The audit log: {@code GET /v1/admin/invalidations}.
 *
 * @author llm-cache developers
 */
@RestController
@Tag(name = "invalidations")
class AuditController {

	private final AuditLog log;

	AuditController(AuditLog log) {
		this.log = log;
	}

	@GetMapping("/v1/admin/invalidations")
	@RequiresRole(Role.ADMIN)
	@Operation(summary = "Read the audit log",
			description = "Every invalidation and policy change of the caller's tenant, newest first: id, time, "
					+ "caller key id, namespace, selector or policy version, matched count.")
	AuditLogResponse list(@Parameter(hidden = true) Caller caller,
			@Parameter(description = "Only this namespace") @RequestParam(required = false) @Pattern(
					regexp = Tenants.NAME_PATTERN) String namespace,
			@Parameter(description = "At most this many records") @RequestParam(
					defaultValue = "100") @Min(1) @Max(1000) int limit) {
		try {
			List<AuditRecord> records = this.log.newest(caller.tenant(), (namespace != null) ? 10_000 : limit)
				.stream()
				.filter((record) -> namespace == null || namespace.equals(record.namespace()))
				.limit(limit)
				.toList();
			return new AuditLogResponse(records);
		}
		catch (DataAccessException ex) {
			throw new ApiException(ProblemType.STORE_UNAVAILABLE,
					"The audit log could not be read in time; retry later.", true, ex);
		}
	}

	/**
	 * The audit log.
	 *
	 * @param records the records, newest first
	 */
	record AuditLogResponse(List<AuditRecord> records) {

	}

}
