package io.llmcache.lookup;

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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lookups: {@code POST /v1/cache/lookup} and {@code POST /v1/cache/explain}.
 */
@RestController
@RequestMapping("/v1/cache")
@Tag(name = "cache", description = "Look up, store, read, delete and explain cached LLM responses")
class LookupController {

	private final LookupService lookups;

	LookupController(LookupService lookups) {
		this.lookups = lookups;
	}

	@PostMapping("/lookup")
	@RequiresRole(Role.READ)
	@ProblemResponses(ProblemType.PROMPT_TOO_LARGE)
	@Operation(summary = "Look up a cached response",
			description = "Tries the exact key, then the normalized key, then a continuation (a completion prompt "
					+ "that goes on with the start of a cached completion is served the rest) and semantic "
					+ "similarity, within what the namespace policy and matchTypes allow. "
					+ "A miss is a 200 with hit=false; degraded=true means Redis could not be asked in time.")
	LookupResponse lookup(@Parameter(hidden = true) Caller caller, @Valid @RequestBody LookupRequest request) {
		return LookupResponse.of(this.lookups.lookup(request.toLookup(caller.tenant())));
	}

	@PostMapping("/explain")
	@RequiresRole(Role.READ)
	@ProblemResponses(ProblemType.PROMPT_TOO_LARGE)
	@Operation(summary = "Explain how a request is keyed and matched",
			description = "The canonical and normalized forms, key components and digests, and the candidates a "
					+ "lookup would consider, with why each was accepted or rejected.")
	ExplainResponse explain(@Parameter(hidden = true) Caller caller, @Valid @RequestBody LookupRequest request) {
		return ExplainResponse.of(request, this.lookups.explain(request.toLookup(caller.tenant())));
	}

}
