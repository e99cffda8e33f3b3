package io.llmcache.proxy;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The proxy's Micrometer meters:
 * <ul>
 * <li>{@code llmcache.proxy.requests} (counter; {@code endpoint}, {@code cache} hit, miss
 * or bypass, {@code degraded} true when Redis could not be used, {@code coalesced} true
 * when the answer came from another request's upstream call)</li>
 * <li>{@code llmcache.proxy.upstream.calls} (counter; {@code endpoint}, {@code outcome}
 * ok, http-4xx, http-429, http-5xx, timeout, unreachable, rejected, circuit-open)</li>
 * <li>{@code llmcache.proxy.upstream.duration} (timer with histogram; {@code endpoint}):
 * time until the upstream's status and headers arrived</li>
 * <li>{@code llmcache.proxy.streams} (counter; {@code outcome} stored, not-stored,
 * broken, errored)</li>
 * <li>{@code llmcache.proxy.embedding.items} (counter; {@code cache} hit or miss)</li>
 * <li>{@code llmcache.proxy.circuit.state} (gauge; {@code upstream} URL, {@code lane}): 0
 * closed, 1 open, 2 half-open</li>
 * </ul>
 */
@Component
class ProxyMetrics {

	private final MeterRegistry registry;

	ProxyMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void request(Endpoint endpoint, String cache, boolean degraded, boolean coalesced) {
		Counter.builder("llmcache.proxy.requests")
			.description("Proxy requests by how the cache answered")
			.tag("endpoint", endpoint.metricName())
			.tag("cache", cache)
			.tag("degraded", Boolean.toString(degraded))
			.tag("coalesced", Boolean.toString(coalesced))
			.register(this.registry)
			.increment();
	}

	void upstreamCall(Endpoint endpoint, String outcome) {
		Counter.builder("llmcache.proxy.upstream.calls")
			.description("Calls to the upstream by outcome")
			.tag("endpoint", endpoint.metricName())
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

	void upstreamDuration(Endpoint endpoint, Duration duration) {
		Timer.builder("llmcache.proxy.upstream.duration")
			.description("Time until the upstream's status and headers arrived")
			.tag("endpoint", endpoint.metricName())
			.publishPercentileHistogram()
			.register(this.registry)
			.record(duration);
	}

	void stream(String outcome) {
		Counter.builder("llmcache.proxy.streams")
			.description("Upstream streams by how they ended")
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

	void embeddingItems(String cache, int count) {
		Counter.builder("llmcache.proxy.embedding.items")
			.description("Embedding inputs answered from the cache or upstream")
			.tag("cache", cache)
			.register(this.registry)
			.increment(count);
	}

	void circuitBreaker(String tenant, String upstream, String lane, CircuitBreaker breaker) {
		Gauge.builder("llmcache.proxy.circuit.state", breaker, (cb) -> switch (cb.getState()) {
			case CLOSED -> 0;
			case OPEN, FORCED_OPEN -> 1;
			case HALF_OPEN -> 2;
			default -> -1;
		})
			.description("A tenant's circuit breaker to its upstream: 0 closed, 1 open, 2 half-open")
			.tag("tenant", tenant)
			.tag("upstream", upstream)
			.tag("lane", lane)
			.register(this.registry);
	}

}
