package io.llmcache.cache;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.llmcache.policy.MatchType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The cache's Micrometer meters, all named {@code llmcache.*}:
 * <ul>
 * <li>{@code llmcache.lookups} (counter; {@code namespace}, {@code result} hit or miss,
 * {@code match_type}, {@code degraded})</li>
 * <li>{@code llmcache.lookup.duration} (timer with histogram; {@code result})</li>
 * <li>{@code llmcache.stores} (counter; {@code namespace}, {@code outcome} stored or
 * failed)</li>
 * <li>{@code llmcache.store.duration} (timer with histogram)</li>
 * <li>{@code llmcache.degraded} (counter; {@code operation}): operations answered without
 * Redis</li>
 * <li>{@code llmcache.key.collisions} (counter; {@code match_type}): digests that matched
 * an entry whose canonical form differed</li>
 * <li>{@code llmcache.invalidations} (counter; {@code namespace}),
 * {@code llmcache.invalidation.matched} and {@code llmcache.invalidation.swept} (counters
 * of entries)</li>
 * <li>{@code llmcache.semantic.similarity} (histogram; {@code outcome} hit or rejected):
 * the similarity of semantic candidates</li>
 * </ul>
 * Namespace names come from callers, so at most {@value #MAX_NAMESPACE_TAGS} distinct
 * ones are used as tag values; the rest are counted as {@code _other}.
 *
 * @author llm-cache developers
 */
@Component
class CacheMetrics {

	static final int MAX_NAMESPACE_TAGS = 200;

	private static final String OTHER_NAMESPACE = "_other";

	private final MeterRegistry registry;

	private final Set<String> namespaceTags = ConcurrentHashMap.newKeySet();

	CacheMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void lookup(String namespace, LookupResponse outcome, Duration duration) {
		String result = outcome.hit() ? "hit" : "miss";
		String matchType = outcome.hit() ? outcome.matchType().apiName() : "none";
		Counter.builder("llmcache.lookups")
			.description("Cache lookups by result and match type")
			.tag("namespace", namespaceTag(namespace))
			.tag("result", result)
			.tag("match_type", matchType)
			.tag("degraded", Boolean.toString(Boolean.TRUE.equals(outcome.degraded())))
			.register(this.registry)
			.increment();
		Timer.builder("llmcache.lookup.duration")
			.description("Time to answer a lookup")
			.tag("result", result)
			.publishPercentileHistogram()
			.register(this.registry)
			.record(duration);
	}

	void store(String namespace, boolean stored, Duration duration) {
		Counter.builder("llmcache.stores")
			.description("Cache stores by outcome")
			.tag("namespace", namespaceTag(namespace))
			.tag("outcome", stored ? "stored" : "failed")
			.register(this.registry)
			.increment();
		Timer.builder("llmcache.store.duration")
			.description("Time to store an entry")
			.publishPercentileHistogram()
			.register(this.registry)
			.record(duration);
	}

	void degraded(String operation) {
		Counter.builder("llmcache.degraded")
			.description("Operations answered without the store because Redis was slow or unreachable")
			.tag("operation", operation)
			.register(this.registry)
			.increment();
	}

	void collision(MatchType matchType) {
		Counter.builder("llmcache.key.collisions")
			.description("Key digests that matched an entry with a different canonical request")
			.tag("match_type", matchType.apiName())
			.register(this.registry)
			.increment();
	}

	void invalidation(String namespace, long matched) {
		Counter.builder("llmcache.invalidations")
			.description("Invalidations recorded")
			.tag("namespace", namespaceTag(namespace))
			.register(this.registry)
			.increment();
		Counter.builder("llmcache.invalidation.matched")
			.description("Entries matched by invalidations when they were recorded")
			.register(this.registry)
			.increment(matched);
	}

	/**
	 * Records the similarity of a semantic candidate that was served or turned down, to
	 * show where hits and near-misses fall against the threshold.
	 * @param similarity the cosine similarity
	 * @param served whether it was served
	 */
	void semanticCandidate(double similarity, boolean served) {
		DistributionSummary.builder("llmcache.semantic.similarity")
			.description("Similarity of semantic candidates, served or rejected")
			.tag("outcome", served ? "hit" : "rejected")
			.serviceLevelObjectives(0.5, 0.6, 0.7, 0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.96, 0.98, 1.0)
			.register(this.registry)
			.record(similarity);
	}

	void swept(long deleted) {
		Counter.builder("llmcache.invalidation.swept")
			.description("Invalidated entries deleted by the sweeper")
			.register(this.registry)
			.increment(deleted);
	}

	private String namespaceTag(String namespace) {
		if (this.namespaceTags.contains(namespace)) {
			return namespace;
		}
		if (this.namespaceTags.size() < MAX_NAMESPACE_TAGS) {
			this.namespaceTags.add(namespace);
			return namespace;
		}
		return OTHER_NAMESPACE;
	}

}
