package io.llmcache.cache;

import java.net.URI;

import io.llmcache.feedback.FeedbackRequest;
import io.llmcache.feedback.FeedbackService;
import io.llmcache.lookup.LookupService;
import io.llmcache.store.EntryService;
import io.llmcache.store.StoreService;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.RequiresRole;
import io.llmcache.tenant.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cache API: {@code /v1/cache/...}.
 *
 */
@RestController
@RequestMapping("/v1/cache")
@Tag(name = "cache", description = "Look up, store, read, delete and explain cached LLM responses")
class CacheController {

	private final LookupService lookups;

	private final StoreService stores;

	private final EntryService entries;

	private final FeedbackService feedback;

	CacheController(LookupService lookups, StoreService stores, EntryService entries, FeedbackService feedback) {
		this.lookups = lookups;
		this.stores = stores;
		this.entries = entries;
		this.feedback = feedback;
	}

	@PostMapping("/lookup")
	@RequiresRole(Role.READ)
	@Operation(summary = "Look up a cached response",
			description = "Tries the exact key, then the normalized key, then a continuation (a completion prompt "
					+ "that goes on with the start of a cached completion is served the rest) and semantic "
					+ "similarity, within what the namespace policy and matchTypes allow. "
					+ "A miss is a 200 with hit=false; degraded=true means Redis could not be asked in time.")
	LookupResponse lookup(@Parameter(hidden = true) Caller caller, @Valid @RequestBody LookupRequest request) {
		return LookupResponse.of(this.lookups.lookup(request.toLookup(caller.tenant())));
	}

	@PostMapping("/entries")
	@RequiresRole(Role.WRITE)
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
	@Operation(summary = "Read an entry", description = "404 when absent, expired, or another tenant's.")
	EntryResponse get(@Parameter(hidden = true) Caller caller, @PathVariable String entryId) {
		return EntryResponse.of(this.entries.get(caller.tenant(), entryId));
	}

	@DeleteMapping("/entries/{entryId}")
	@RequiresRole(Role.WRITE)
	@Operation(summary = "Delete an entry", description = "Gone for every match type at once.")
	ResponseEntity<Void> delete(@Parameter(hidden = true) Caller caller, @PathVariable String entryId) {
		this.entries.delete(caller.tenant(), entryId);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/entries/{entryId}/feedback")
	@RequiresRole(Role.WRITE)
	@Operation(summary = "Say whether an entry was a right answer",
			description = "verdict=wrong stops the entry from being served semantically and records the pair "
					+ "(the query it was served for, if given, and the entry's text). 404 as for GET.")
	ResponseEntity<Void> feedback(@Parameter(hidden = true) Caller caller, @PathVariable String entryId,
			@Valid @RequestBody FeedbackRequest request) {
		this.feedback.feedback(caller, entryId, request);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/explain")
	@RequiresRole(Role.READ)
	@Operation(summary = "Explain how a request is keyed and matched",
			description = "The canonical and normalized forms, key components and digests, and the candidates a "
					+ "lookup would consider, with why each was accepted or rejected.")
	ExplainResponse explain(@Parameter(hidden = true) Caller caller, @Valid @RequestBody LookupRequest request) {
		return ExplainResponse.of(request, this.lookups.explain(request.toLookup(caller.tenant())));
	}

}
