package io.llmcache.tenant;

import java.util.List;
import java.util.Locale;

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
	CallerView caller(@Parameter(hidden = true) Caller caller) {
		return new CallerView(caller.keyId(), caller.tenant(),
				caller.roles().stream().map((role) -> role.name().toLowerCase(Locale.ROOT)).sorted().toList());
	}

	/**
	 * Who the caller is.
	 *
	 * @param keyId the key's id, as configured
	 * @param tenant its tenant
	 * @param roles its roles ({@code read}, {@code write}, {@code admin}), sorted
	 */
	record CallerView(String keyId, String tenant, List<String> roles) {

	}

}
