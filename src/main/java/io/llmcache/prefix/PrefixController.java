package io.llmcache.prefix;

import io.llmcache.system.ProblemResponses;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.RequiresRole;
import io.llmcache.tenant.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Prefix lookups: {@code POST /v1/prefix/lookup}.
 */
@RestController
@Tag(name = "prefix", description = "How much of a request's token sequence is shared with cached requests")
class PrefixController {

	private final PrefixService service;

	PrefixController(PrefixService service) {
		this.service = service;
	}

	@PostMapping("/v1/prefix/lookup")
	@RequiresRole(Role.READ)
	@ProblemResponses(ProblemType.STORE_UNAVAILABLE)
	@Operation(summary = "Look up a request's shared token prefix",
			description = "Tokenizes the request (tools, then each message or the prompt, each on its own after a "
					+ "marker of its role) and answers how many leading tokens are shared with requests cached in "
					+ "the same tenant and namespace, per segment, and which entries share the longest prefix.")
	PrefixLookupResponse lookup(@Parameter(hidden = true) Caller caller,
			@Valid @RequestBody PrefixLookupRequest request) {
		return this.service.lookup(caller, request);
	}

}
