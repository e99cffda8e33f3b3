package io.llmcache.store;

import java.time.Duration;
import java.time.Instant;

import io.llmcache.continuation.ContinuationMatcher;
import io.llmcache.entry.EntryId;
import io.llmcache.entry.StoredEntry;
import io.llmcache.key.CacheKeys;
import io.llmcache.key.LlmRequest;
import io.llmcache.policy.NamespacePolicy;
import io.llmcache.semantic.SemanticIndexer;
import io.llmcache.system.Degradation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Makes the entry to keep for a response: its id, canonical forms, stored request and
 * response, and what semantic matching and continuation hits keep with it.
 */
@Component
class EntryFactory {

	private static final Logger logger = LoggerFactory.getLogger(EntryFactory.class);

	private final SemanticIndexer semantic;

	private final ContinuationMatcher continuation;

	private final Degradation degradation;

	private final JsonMapper json;

	EntryFactory(SemanticIndexer semantic, ContinuationMatcher continuation, Degradation degradation, JsonMapper json) {
		this.semantic = semantic;
		this.continuation = continuation;
		this.degradation = degradation;
		this.json = json;
	}

	StoredEntry create(NewEntry entry, NamespacePolicy policy, CacheKeys keys, Instant createdAt, Duration ttl) {
		LlmRequest request = entry.request();
		String tenant = entry.namespace().tenant();
		return new StoredEntry(EntryId.create(entry.namespace().namespace(), keys.exact().digest()), 0, request.model(),
				keys.exact().digestText(), keys.normalized().digestText(), requestJson(request),
				this.json.writeValueAsString(entry.response()), semanticDataOf(tenant, policy, request),
				this.continuation.indexFor(tenant, policy, request, entry.response()), entry.tags(), entry.metadata(),
				createdAt, createdAt.plus(ttl), ResponseUsage.of(request, entry.response()));
	}

	/**
	 * The semantic data of an entry about to be stored. Without an embedding (the
	 * embedder failed) the entry is still stored, for exact and normalized matches.
	 */
	private StoredEntry.SemanticData semanticDataOf(String tenant, NamespacePolicy policy, LlmRequest request) {
		try {
			return this.semantic.prepare(tenant, policy, request);
		}
		catch (RuntimeException ex) {
			this.degradation.count("embed");
			logger.warn("Stored without a vector: the embedder failed ({})", ex.getMessage());
			return null;
		}
	}

	private String requestJson(LlmRequest request) {
		ObjectNode stored = this.json.createObjectNode();
		if (request.messages() != null) {
			stored.set("messages", this.json.valueToTree(request.messages()));
		}
		else {
			stored.put("prompt", request.prompt());
		}
		stored.set("tools", this.json.valueToTree(request.tools()));
		stored.set("params", this.json.valueToTree(request.params()));
		return this.json.writeValueAsString(stored);
	}

}
