package io.llmcache.lookup;

import java.time.Duration;

import io.llmcache.entry.TenantNamespace;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Records each answered lookup in the meters and announces it (see
 * {@link LookupAnswered}).
 */
@Component
class LookupRecorder {

	private final LookupMetrics metrics;

	private final ApplicationEventPublisher events;

	LookupRecorder(LookupMetrics metrics, ApplicationEventPublisher events) {
		this.metrics = metrics;
		this.events = events;
	}

	void recorded(TenantNamespace namespace, LookupResult result, long startNanos) {
		this.metrics.lookup(namespace, result, Duration.ofNanos(System.nanoTime() - startNanos));
		this.events.publishEvent(LookupAnswered.of(namespace, result));
	}

}
