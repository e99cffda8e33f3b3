package io.llmcache.policy;

import io.llmcache.system.ProblemResponses;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.RequiresRole;
import io.llmcache.tenant.Role;
import io.llmcache.tenant.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reads and replaces namespace policies: {@code GET} and {@code PUT
 * /v1/admin/namespaces/{namespace}/policy}.
 */
@RestController
@RequestMapping("/v1/admin/namespaces")
@Tag(name = "policies", description = "Namespace policies: TTLs, match types, normalization, key parameters")
class PolicyController {

	private final PolicyService policies;

	PolicyController(PolicyService policies) {
		this.policies = policies;
	}

	@GetMapping("/{namespace}/policy")
	@RequiresRole(Role.ADMIN)
	@Operation(summary = "Read the effective policy of a namespace",
			description = "Set at runtime with PUT, else from configuration (llmcache.policy.*), else the defaults.")
	PolicyView get(@Parameter(hidden = true) Caller caller,
			@PathVariable @Pattern(regexp = Tenants.NAME_PATTERN) String namespace) {
		return PolicyView.of(this.policies.policyFor(caller.tenant(), namespace),
				this.policies.sourceOf(caller.tenant(), namespace));
	}

	@PutMapping("/{namespace}/policy")
	@RequiresRole(Role.ADMIN)
	@ProblemResponses(ProblemType.CONFLICT)
	@Operation(summary = "Replace the policy of a namespace",
			description = "Validated (400 on nonsense), versioned, stored in Redis and in force on every replica "
					+ "within about a second. Fields left out take the configured defaults. A change of the "
					+ "normalization rules or ignored parameters changes the key version, so entries made under "
					+ "the old rules are no longer matched.")
	PolicyView replace(@Parameter(hidden = true) Caller caller,
			@PathVariable @Pattern(regexp = Tenants.NAME_PATTERN) String namespace,
			@Valid @RequestBody PolicyDocument document) {
		return PolicyView.of(this.policies.replace(caller, namespace, document), "runtime");
	}

}
