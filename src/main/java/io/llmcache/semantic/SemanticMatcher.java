package io.llmcache.semantic;

import java.util.List;
import java.util.Optional;

import io.llmcache.entry.EntryRead;
import io.llmcache.entry.StoredEntry;
import io.llmcache.key.CacheKeyFactory;
import io.llmcache.key.SemanticKey;
import io.llmcache.lookup.CandidateLog;
import io.llmcache.lookup.EntryCheck;
import io.llmcache.lookup.LookupContext;
import io.llmcache.lookup.Match;
import io.llmcache.lookup.Matcher;
import io.llmcache.policy.MatchType;
import io.llmcache.system.Degradation;
import io.llmcache.vector.Neighbour;
import io.llmcache.vector.VectorIndex;
import io.llmcache.vector.VectorScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Semantic matching in the lookup pipeline. Candidates come from the vector index of the
 * request's context only; each is read back from Redis and must still be in that context,
 * live, not invalidated, not flagged wrong, similar enough, and pass the guards in force.
 */
@Component
@Order(4)
class SemanticMatcher implements Matcher {

	/** Candidates read back per lookup, most similar first. */
	static final int CANDIDATES = 5;

	private static final Logger logger = LoggerFactory.getLogger(SemanticMatcher.class);

	private final CacheKeyFactory keyFactory;

	private final Embedder embedder;

	private final VectorIndex index;

	private final SemanticThresholds thresholds;

	private final EntryCheck check;

	private final SemanticMetrics metrics;

	private final Degradation degradation;

	SemanticMatcher(CacheKeyFactory keyFactory, Embedder embedder, VectorIndex index, SemanticThresholds thresholds,
			EntryCheck check, SemanticMetrics metrics, Degradation degradation) {
		this.keyFactory = keyFactory;
		this.embedder = embedder;
		this.index = index;
		this.thresholds = thresholds;
		this.check = check;
		this.metrics = metrics;
		this.degradation = degradation;
	}

	@Override
	public MatchType type() {
		return MatchType.SEMANTIC;
	}

	@Override
	public Optional<Threshold> threshold(LookupContext context) {
		SemanticThresholds.Gate gate = this.thresholds.gateFor(context.policy().semantic(), context.minSimilarity());
		return Optional.of(new Threshold(gate.minSimilarity(), gate.description()));
	}

	@Override
	public Match match(LookupContext context, CandidateLog log) {
		Optional<SemanticKey> key = this.keyFactory.semanticKeyFor(context.namespace().tenant(), context.policy(),
				context.request());
		if (key.isEmpty()) {
			return Match.MISS;
		}
		VectorScope scope = new VectorScope(context.namespace().tenant(), context.namespace().namespace(),
				key.get().contextDigest());
		if (!this.index.mayHaveVectors(scope)) {
			// Embedding is left until there is something to compare with.
			return Match.MISS;
		}
		List<Neighbour> neighbours;
		try {
			neighbours = this.index.nearest(scope, this.embedder.embed(key.get().text()), CANDIDATES);
		}
		catch (EmbeddingException ex) {
			// Without an embedding the lookup is a plain miss: exact and normalized were
			// tried.
			this.degradation.count("embed");
			logger.warn("Semantic matching skipped: the embedder failed ({})", ex.getMessage());
			return Match.MISS;
		}
		SemanticThresholds.Gate gate = this.thresholds.gateFor(context.policy().semantic(), context.minSimilarity());
		for (Neighbour neighbour : neighbours) {
			Match hit = judge(context, log, key.get(), neighbour, gate);
			if (hit instanceof Match.Hit) {
				return hit;
			}
		}
		return Match.MISS;
	}

	private Match judge(LookupContext context, CandidateLog log, SemanticKey key, Neighbour neighbour,
			SemanticThresholds.Gate gate) {
		if (neighbour.similarity() < gate.minSimilarity() && !context.explaining()) {
			// Not similar enough whatever the entry holds: a lookup does not read it
			// (explain does, to name it).
			this.metrics.candidate(neighbour.similarity(), false);
			return Match.MISS;
		}
		EntryRead read = this.check.read(context, neighbour.entryDigest());
		log.readAt(read.sequence());
		if (read.entry().isEmpty()) {
			return Match.MISS;
		}
		StoredEntry entry = read.entry().get();
		double similarity = Math.min(1.0, neighbour.similarity());
		StoredEntry.SemanticData stored = entry.semantic();
		Match verdict;
		Double score = null;
		if (stored == null || !key.contextDigest().equals(stored.context())) {
			verdict = new Match.Rejected("not in the request's context");
		}
		else if (stored.flaggedWrong()) {
			verdict = new Match.Rejected("flagged wrong by feedback");
		}
		else {
			SemanticThresholds.Verdict judged = this.thresholds.judge(gate, context.policy().semantic(), key.text(),
					stored.text(), similarity);
			score = judged.verifierScore();
			verdict = judged.accepted() ? this.check.check(context, entry, read.sequence())
					: new Match.Rejected(judged.rejection());
		}
		boolean served = verdict instanceof Match.Hit;
		this.metrics.candidate(similarity, served);
		if (score != null) {
			this.metrics.verifierScore(score, served);
		}
		log.record(EntryCheck.candidate(MatchType.SEMANTIC, entry, verdict, similarity, score));
		return (verdict instanceof Match.Hit hit) ? hit.withSimilarity(similarity) : Match.MISS;
	}

}
