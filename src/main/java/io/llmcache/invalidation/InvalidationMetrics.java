package io.llmcache.invalidation;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.system.MetricTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Invalidation's meters: {@code llmcache.invalidations} (counter; {@code tenant},
 * {@code cache_namespace}), {@code llmcache.invalidation.matched} and
 * {@code llmcache.invalidation.swept} (counters of entries).
 */
@Component
class InvalidationMetrics {

	private final MeterRegistry registry;

	private final MetricTags tags;

	InvalidationMetrics(MeterRegistry registry, MetricTags tags) {
		this.registry = registry;
		this.tags = tags;
	}

	void invalidation(TenantNamespace namespace, long matched) {
		Counter.builder("llmcache.invalidations")
			.description("Invalidations recorded")
			.tags(this.tags.namespace(namespace.tenant(), namespace.namespace()))
			.register(this.registry)
			.increment();
		Counter.builder("llmcache.invalidation.matched")
			.description("Entries matched by invalidations when they were recorded")
			.register(this.registry)
			.increment(matched);
	}

	void swept(long deleted) {
		Counter.builder("llmcache.invalidation.swept")
			.description("Invalidated entries deleted by the sweeper")
			.register(this.registry)
			.increment(deleted);
	}

}
