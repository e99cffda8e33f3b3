package io.llmcache.lookup;

import java.time.Duration;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.stats.StatsRecorder;

import org.springframework.stereotype.Component;

/**
 * Records each answered lookup in the meters and in the namespace's statistics.
 */
@Component
class LookupRecorder {

	private final LookupMetrics metrics;

	private final StatsRecorder stats;

	LookupRecorder(LookupMetrics metrics, StatsRecorder stats) {
		this.metrics = metrics;
		this.stats = stats;
	}

	void recorded(TenantNamespace namespace, LookupResult result, long startNanos) {
		this.metrics.lookup(namespace.namespace(), result, Duration.ofNanos(System.nanoTime() - startNanos));
		this.stats.lookup(namespace.tenant(), namespace.namespace(),
				(result instanceof LookupResult.Hit hit) ? hit.matchType() : null);
	}

}
