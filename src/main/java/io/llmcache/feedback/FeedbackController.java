package io.llmcache.feedback;

import io.llmcache.system.ProblemResponses;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.RequiresRole;
import io.llmcache.tenant.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Feedback on an entry: {@code POST /v1/cache/entries/{entryId}/feedback}.
 */
@RestController
@RequestMapping("/v1/cache")
@Tag(name = "cache", description = "Look up, store, read, delete and explain cached LLM responses")
class FeedbackController {

	private final FeedbackService feedback;

	FeedbackController(FeedbackService feedback) {
		this.feedback = feedback;
	}

	@PostMapping("/entries/{entryId}/feedback")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@RequiresRole(Role.WRITE)
	@ProblemResponses({ ProblemType.ENTRY_NOT_FOUND, ProblemType.STORE_UNAVAILABLE })
	@Operation(summary = "Say whether an entry was a right answer",
			description = "verdict=wrong stops the entry from being served semantically and records the pair "
					+ "(the query it was served for, if given, and the entry's text). 404 as for GET.")
	ResponseEntity<Void> feedback(@Parameter(hidden = true) Caller caller, @PathVariable String entryId,
			@Valid @RequestBody FeedbackRequest request) {
		this.feedback.feedback(caller, entryId, request);
		return ResponseEntity.noContent().build();
	}

}
