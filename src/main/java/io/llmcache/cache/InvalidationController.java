package io.llmcache.cache;

import io.llmcache.tenant.Caller;
import io.llmcache.tenant.RequiresRole;
import io.llmcache.tenant.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Invalidation: {@code POST /v1/admin/invalidations}.
 *
 * @author llm-cache developers
 */
@RestController
@Tag(name = "invalidations", description = "Invalidate entries by tag, model, prompt prefix, age or all; audit log")
class InvalidationController {

	private final InvalidationService service;

	InvalidationController(InvalidationService service) {
		this.service = service;
	}

	@PostMapping("/v1/admin/invalidations")
	@RequiresRole(Role.ADMIN)
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

}
