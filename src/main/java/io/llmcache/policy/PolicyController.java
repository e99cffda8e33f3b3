package io.llmcache.policy;

import io.llmcache.tenant.Caller;
import io.llmcache.tenant.RequiresRole;
import io.llmcache.tenant.Role;
import io.llmcache.tenant.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reads namespace policies: {@code GET /v1/admin/namespaces/{namespace}/policy}.
 *
 * @author llm-cache developers
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
			description = "Policies come from configuration (llmcache.policy.*).")
	PolicyView get(@Parameter(hidden = true) Caller caller,
			@PathVariable @Pattern(regexp = Tenants.NAME_PATTERN) String namespace) {
		return PolicyView.of(this.policies.policyFor(caller.tenant(), namespace));
	}

}
