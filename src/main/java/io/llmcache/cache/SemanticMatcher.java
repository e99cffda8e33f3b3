package io.llmcache.cache;

import java.util.List;
import java.util.Optional;

import io.llmcache.key.CacheKeyFactory;
import io.llmcache.key.LlmRequest;
import io.llmcache.key.SemanticKey;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;
import io.llmcache.policy.SemanticSettings;
import io.llmcache.semantic.Embedder;
import io.llmcache.semantic.GuardVerdict;
import io.llmcache.semantic.SemanticCalibration;
import io.llmcache.semantic.SemanticGuards;
import io.llmcache.semantic.SemanticProperties;
import io.llmcache.vector.Neighbour;
import io.llmcache.vector.StoredVector;
import io.llmcache.vector.VectorIndex;
import io.llmcache.vector.VectorIndexSync;
import io.llmcache.vector.VectorScope;
import io.llmcache.vector.Vectors;

import org.springframework.stereotype.Component;

/**
 * The semantic side of storing and looking up: embeds the compared text of requests in
 * namespaces that match semantically, keeps the vectors of stored entries in the index
 * (here and, through Redis, on every replica), and proposes candidates for a lookup. It
 * decides nothing about serving: {@link CacheService} reads every candidate back from
 * Redis and checks it before it is served.
 *
 * @author llm-cache developers
 */
@Component
class SemanticMatcher {

	/** Candidates read back per lookup, most similar first. */
	static final int CANDIDATES = 5;

	private final CacheKeyFactory keyFactory;

	private final Embedder embedder;

	private final VectorIndex index;

	private final VectorIndexSync sync;

	private final Optional<SemanticCalibration> calibration;

	SemanticMatcher(CacheKeyFactory keyFactory, Embedder embedder, VectorIndex index, VectorIndexSync sync,
			SemanticProperties properties) {
		this.keyFactory = keyFactory;
		this.embedder = embedder;
		this.index = index;
		this.sync = sync;
		this.calibration = SemanticCalibration.forEmbedder(embedder.name(), properties.calibrationFile());
	}

	/**
	 * What to keep with an entry about to be stored, if its namespace matches
	 * semantically and the request has a user turn to compare.
	 * @param tenant the tenant
	 * @param policy the namespace's policy
	 * @param request the request
	 * @return the semantic data, or {@code null}
	 */
	StoredEntry.SemanticData prepare(String tenant, NamespacePolicy policy, LlmRequest request) {
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
	 * @param partition the partition
	 * @param exactDigest the entry's exact digest
	 * @param entry the entry as stored
	 */
	void stored(Partition partition, String exactDigest, StoredEntry entry) {
		if (entry.semantic() != null) {
			this.sync.added(new StoredVector(
					new VectorScope(partition.tenant(), partition.namespace(), entry.semantic().context()), exactDigest,
					Vectors.decode(entry.semantic().vector()), entry.expiresAt().toEpochMilli()));
		}
	}

	/**
	 * Takes deleted entries' vectors out of the index, here and on the other replicas.
	 * @param partition the partition
	 * @param exactDigests the entries that had vectors
	 */
	void removed(Partition partition, List<String> exactDigests) {
		exactDigests.forEach((digest) -> this.sync.removed(partition.tenant(), partition.namespace(), digest));
	}

	/**
	 * The query of a lookup, if semantic matching can apply to it at all: its namespace
	 * has vectors in the request's context. Embedding is left until needed.
	 * @param partition the partition
	 * @param policy the namespace's policy
	 * @param request the request
	 * @return the query
	 */
	Optional<Query> queryFor(Partition partition, NamespacePolicy policy, LlmRequest request) {
		return this.keyFactory.semanticKeyFor(partition.tenant(), policy, request).flatMap((key) -> {
			VectorScope scope = new VectorScope(partition.tenant(), partition.namespace(), key.contextDigest());
			return this.index.mayHaveVectors(scope) ? Optional.of(new Query(scope, key)) : Optional.empty();
		});
	}

	/**
	 * The nearest entries of the query's context.
	 * @param query the query
	 * @return candidates, most similar first
	 */
	List<Neighbour> candidates(Query query) {
		return this.index.nearest(query.scope(), this.embedder.embed(query.key().text()), CANDIDATES);
	}

	/**
	 * The least similarity a candidate needs: the policy's {@code minSimilarity}, the
	 * threshold calibrated for its {@code targetPrecision} on the evaluation data, and
	 * the lookup's own {@code minSimilarity}, whichever is strictest.
	 * @param settings the namespace's semantic settings
	 * @param requested the lookup's minimum, or {@code null}
	 * @return the threshold
	 */
	double thresholdFor(SemanticSettings settings, Double requested) {
		double threshold = settings.minSimilarity();
		Optional<SemanticCalibration.Threshold> calibrated = calibratedThreshold(settings);
		if (calibrated.isPresent()) {
			threshold = Math.max(threshold, calibrated.get().similarity());
		}
		return (requested != null) ? Math.max(threshold, requested) : threshold;
	}

	/**
	 * How the threshold was chosen, for explain.
	 * @param settings the namespace's semantic settings
	 * @return a description
	 */
	String describeThreshold(SemanticSettings settings) {
		String policy = "minSimilarity " + settings.minSimilarity() + " of the policy";
		List<String> guards = settings.guardsInForce().names();
		String guardNote = (guards.isEmpty() || guards.equals(SemanticGuards.DEFAULT_NAMES)) ? ""
				: " (calibration without guards: the namespace runs its own guards, " + String.join(", ", guards) + ")";
		return calibratedThreshold(settings)
			.map((calibrated) -> "targetPrecision " + calibrated.describe() + guardNote + "; the stricter of that and "
					+ policy + " applies")
			.orElse(policy + " (no calibration for " + this.embedder.name()
					+ ", so targetPrecision is not applied: see llmcache.semantic.calibration-file)");
	}

	private Optional<SemanticCalibration.Threshold> calibratedThreshold(SemanticSettings settings) {
		return this.calibration.map((measured) -> measured.thresholdFor(settings.targetPrecision(),
				settings.guardsInForce().names().equals(SemanticGuards.DEFAULT_NAMES)));
	}

	/**
	 * Why a candidate whose text is similar still does not mean the same, if the guards
	 * in force in the namespace find a reason.
	 * @param settings the namespace's semantic settings
	 * @param query the lookup's compared text
	 * @param candidate the candidate's compared text
	 * @return the reason, or {@code null} if the guards pass
	 */
	String guardRejection(SemanticSettings settings, String query, String candidate) {
		GuardVerdict verdict = settings.guardsInForce().check(query, candidate);
		return verdict.accepted() ? null : "guard " + verdict.guard() + ": " + verdict.reason();
	}

	/**
	 * A lookup's semantic query.
	 *
	 * @param scope where candidates may come from
	 * @param key the context digest and the compared text
	 */
	record Query(VectorScope scope, SemanticKey key) {

	}

}
