package io.llmcache.invalidation;

import java.util.List;

import io.llmcache.audit.AuditLog;
import io.llmcache.audit.AuditRecord;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import io.llmcache.system.ProblemResponses;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.RequiresRole;
import io.llmcache.tenant.Role;
import io.llmcache.tenant.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.dao.DataAccessException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The invalidations resource, {@code /v1/admin/invalidations}: {@code POST} records an
 * invalidation (or counts it in a dry run), {@code GET} reads the audit log of the
 * caller's tenant.
 */
@RestController
@Tag(name = "invalidations", description = "Invalidate entries by tag, model, prompt prefix, age or all; audit log")
class InvalidationController {

	private final InvalidationService service;

	private final AuditLog audit;

	InvalidationController(InvalidationService service, AuditLog audit) {
		this.service = service;
		this.audit = audit;
	}

	@PostMapping("/v1/admin/invalidations")
	@RequiresRole(Role.ADMIN)
	@ProblemResponses({ ProblemType.TOO_MANY_INVALIDATIONS, ProblemType.STORE_UNAVAILABLE })
	@Operation(summary = "Invalidate entries", description = """
			Selectors combine with AND within one namespace: `tags` (entries with any of them), `model`, \
			`promptPrefix` (the rendered prompt, system messages first, starts with it on a token boundary), \
			`createdBefore`; \
			or `"all": true` to empty the namespace. A request with none is a 400.

			Try it with `"dryRun": true` first: it counts exactly how many live entries match and changes \
			nothing. Then send it again without `dryRun`. From the moment it returns, no replica serves a \
			matched entry; the entries are deleted in the background. The call takes about as long for \
			100,000 entries as for 10: above `llmcache.invalidation.exact-count-limit` entries in the \
			selector's indexes, `matched` is their live count and `matchedEstimated` says when that is an \
			estimate.""")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
			@ExampleObject(name = "1. Dry run: how many entries carry a tag",
					value = "{\"namespace\": \"support\", \"tags\": [\"doc:42\"], \"dryRun\": true}"),
			@ExampleObject(name = "2. Then for real", value = "{\"namespace\": \"support\", \"tags\": [\"doc:42\"]}"),
			@ExampleObject(name = "A model's answers to one system prompt",
					value = "{\"namespace\": \"support\", \"model\": \"gpt-4o-mini\", "
							+ "\"promptPrefix\": \"You are SupportBot v3\", \"dryRun\": true}"),
			@ExampleObject(name = "Everything stored before a date",
					value = "{\"namespace\": \"support\", \"createdBefore\": \"2026-11-26T00:00:00Z\", "
							+ "\"dryRun\": true}"),
			@ExampleObject(name = "Empty the namespace",
					value = "{\"namespace\": \"support\", \"all\": true, \"dryRun\": true}") }))
	InvalidationResponse invalidate(@Parameter(hidden = true) Caller caller,
			@Valid @RequestBody InvalidationRequest request) {
		return this.service.invalidate(caller, request);
	}

	@GetMapping("/v1/admin/invalidations")
	@RequiresRole(Role.ADMIN)
	@ProblemResponses(ProblemType.STORE_UNAVAILABLE)
	@Operation(summary = "Read the audit log",
			description = "Every invalidation and policy change of the caller's tenant, newest first: id, time, "
					+ "caller key id, namespace, selector or policy version, matched count.")
	AuditLogResponse list(@Parameter(hidden = true) Caller caller,
			@Parameter(description = "Only this namespace") @RequestParam(required = false) @Pattern(
					regexp = Tenants.NAME_PATTERN) String namespace,
			@Parameter(description = "At most this many records") @RequestParam(
					defaultValue = "100") @Min(1) @Max(1000) int limit) {
		try {
			List<AuditRecord> records = this.audit.newest(caller.tenant(), (namespace != null) ? 10_000 : limit)
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
