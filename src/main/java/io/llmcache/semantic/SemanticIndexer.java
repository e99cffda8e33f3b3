package io.llmcache.semantic;

import io.llmcache.entry.EntriesDeleted;
import io.llmcache.entry.StoredEntry;
import io.llmcache.entry.TenantNamespace;
import io.llmcache.key.CacheKeyFactory;
import io.llmcache.key.LlmRequest;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;
import io.llmcache.vector.StoredVector;
import io.llmcache.vector.VectorIndexSync;
import io.llmcache.vector.VectorScope;
import io.llmcache.vector.Vectors;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The semantic side of storing: embeds the compared text of requests in namespaces that
 * match semantically, and keeps the vectors of stored entries in the index (here and,
 * through Redis, on every replica).
 */
@Component
public class SemanticIndexer {

	private final CacheKeyFactory keyFactory;

	private final Embedder embedder;

	private final VectorIndexSync sync;

	SemanticIndexer(CacheKeyFactory keyFactory, Embedder embedder, VectorIndexSync sync) {
		this.keyFactory = keyFactory;
		this.embedder = embedder;
		this.sync = sync;
	}

	/**
	 * What to keep with an entry about to be stored, if its namespace matches
	 * semantically and the request has a user turn to compare.
	 * @param tenant the tenant
	 * @param policy the namespace's policy
	 * @param request the request
	 * @return the semantic data, or {@code null}
	 * @throws EmbeddingException if the embedder fails
	 */
	public StoredEntry.SemanticData prepare(String tenant, NamespacePolicy policy, LlmRequest request) {
		if (!policy.matchTypes().contains(MatchType.SEMANTIC)) {
			return null;
		}
		return this.keyFactory.semanticKeyFor(tenant, policy, request)
			.map((key) -> new StoredEntry.SemanticData(key.contextDigest(), key.text(),
					Vectors.encode(this.embedder.embed(key.text())), false))
			.orElse(null);
	}

	/**
	 * Puts a stored entry's vector in the index, here and on the other replicas.
	 * @param namespace the tenant's namespace
	 * @param exactDigest the entry's exact digest
	 * @param entry the entry as stored
	 */
	public void stored(TenantNamespace namespace, String exactDigest, StoredEntry entry) {
		if (entry.semantic() != null) {
			this.sync.added(new StoredVector(
					new VectorScope(namespace.tenant(), namespace.namespace(), entry.semantic().context()), exactDigest,
					Vectors.decode(entry.semantic().vector()), entry.expiresAt().toEpochMilli()));
		}
	}

	/**
	 * Takes deleted entries' vectors out of the index, here and on the other replicas.
	 * @param event the deletion
	 */
	@EventListener
	void removed(EntriesDeleted event) {
		TenantNamespace namespace = event.namespace();
		event.exactDigestsWithVectors()
			.forEach((digest) -> this.sync.removed(namespace.tenant(), namespace.namespace(), digest));
	}

}
