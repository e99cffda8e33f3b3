package io.llmcache.store;

import java.net.URI;

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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Entries: {@code POST /v1/cache/entries}, and {@code GET} and {@code DELETE} of
 * {@code /v1/cache/entries/{entryId}}.
 */
@RestController
@RequestMapping("/v1/cache")
@Tag(name = "cache", description = "Look up, store, read, delete and explain cached LLM responses")
class EntryController {

	private final StoreService stores;

	private final EntryService entries;

	EntryController(StoreService stores, EntryService entries) {
		this.stores = stores;
		this.entries = entries;
	}

	@PostMapping("/entries")
	@ResponseStatus(HttpStatus.CREATED)
	@RequiresRole(Role.WRITE)
	@ProblemResponses({ ProblemType.PROMPT_TOO_LARGE, ProblemType.STALE_STORE_TOKEN, ProblemType.CONFLICT,
			ProblemType.STORE_UNAVAILABLE })
	@Operation(summary = "Store a response",
			description = "Replaces any entry with the same canonical request. ttlSeconds is capped at the policy's "
					+ "maximum; the answer says the real expiresAt.")
	ResponseEntity<StoreResponse> store(@Parameter(hidden = true) Caller caller,
			@Valid @RequestBody StoreRequest request) {
		StoreResponse stored = StoreResponse.of(this.stores.store(request.toNewEntry(caller.tenant())));
		return ResponseEntity.created(URI.create("/v1/cache/entries/" + stored.entryId())).body(stored);
	}

	@GetMapping("/entries/{entryId}")
	@RequiresRole(Role.READ)
	@ProblemResponses({ ProblemType.ENTRY_NOT_FOUND, ProblemType.STORE_UNAVAILABLE })
	@Operation(summary = "Read an entry", description = "404 when absent, expired, or another tenant's.")
	EntryResponse get(@Parameter(hidden = true) Caller caller, @PathVariable String entryId) {
		return EntryResponse.of(this.entries.get(caller.tenant(), entryId));
	}

	@DeleteMapping("/entries/{entryId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@RequiresRole(Role.WRITE)
	@ProblemResponses({ ProblemType.ENTRY_NOT_FOUND, ProblemType.STORE_UNAVAILABLE })
	@Operation(summary = "Delete an entry", description = "Gone for every match type at once.")
	ResponseEntity<Void> delete(@Parameter(hidden = true) Caller caller, @PathVariable String entryId) {
		this.entries.delete(caller.tenant(), entryId);
		return ResponseEntity.noContent().build();
	}

}
