package io.llmcache.store;

import java.time.Duration;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.system.MetricTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The store's meters: {@code llmcache.stores} (counter; {@code tenant},
 * {@code cache_namespace}, {@code outcome} stored or failed),
 * {@code llmcache.store.duration} (timer with histogram).
 */
@Component
class StoreMetrics {

	private final MeterRegistry registry;

	private final MetricTags tags;

	StoreMetrics(MeterRegistry registry, MetricTags tags) {
		this.registry = registry;
		this.tags = tags;
	}

	void store(TenantNamespace namespace, boolean stored, Duration duration) {
		Counter.builder("llmcache.stores")
			.description("Cache stores by outcome")
			.tags(this.tags.namespace(namespace.tenant(), namespace.namespace()))
			.tag("outcome", stored ? "stored" : "failed")
			.register(this.registry)
			.increment();
		Timer.builder("llmcache.store.duration")
			.description("Time to store an entry")
			.publishPercentileHistogram()
			.register(this.registry)
			.record(duration);
	}

}
