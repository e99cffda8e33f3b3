package io.llmcache.store;

import java.time.Duration;

import io.llmcache.system.MetricTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The store's meters: {@code llmcache.stores} (counter; {@code namespace},
 * {@code outcome} stored or failed), {@code llmcache.store.duration} (timer with
 * histogram).
 */
@Component
class StoreMetrics {

	private final MeterRegistry registry;

	private final MetricTags tags;

	StoreMetrics(MeterRegistry registry, MetricTags tags) {
		this.registry = registry;
		this.tags = tags;
	}

	void store(String namespace, boolean stored, Duration duration) {
		Counter.builder("llmcache.stores")
			.description("Cache stores by outcome")
			.tag("namespace", this.tags.namespace(namespace))
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
