package io.llmcache.tenant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/caller}: who the service takes the caller for, so that a client (the
 * console) can show which tenant it is looking at.
 */
@RestController
@Tag(name = "caller", description = "The key's own identity")
class CallerController {

	@GetMapping("/v1/caller")
	@AnyKey
	@Operation(summary = "The caller's key id, tenant and roles",
			description = "Answers any known key; reveals nothing but what the key itself was given.")
	Caller caller(@Parameter(hidden = true) Caller caller) {
		return caller;
	}

}
