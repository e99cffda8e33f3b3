package io.llmcache.invalidation;

import io.llmcache.system.MetricTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Invalidation's meters: {@code llmcache.invalidations} (counter; {@code namespace}),
 * {@code llmcache.invalidation.matched} and {@code llmcache.invalidation.swept} (counters
 * of entries).
 */
@Component
class InvalidationMetrics {

	private final MeterRegistry registry;

	private final MetricTags tags;

	InvalidationMetrics(MeterRegistry registry, MetricTags tags) {
		this.registry = registry;
		this.tags = tags;
	}

	void invalidation(String namespace, long matched) {
		Counter.builder("llmcache.invalidations")
			.description("Invalidations recorded")
			.tag("namespace", this.tags.namespace(namespace))
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
