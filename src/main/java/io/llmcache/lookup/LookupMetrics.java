package io.llmcache.lookup;

import java.time.Duration;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.policy.MatchType;
import io.llmcache.system.MetricTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The lookup's Micrometer meters:
 * <ul>
 * <li>{@code llmcache.lookups} (counter; {@code tenant}, {@code cache_namespace},
 * {@code result} hit or miss, {@code match_type}, {@code degraded})</li>
 * <li>{@code llmcache.lookup.duration} (timer with histogram; {@code result})</li>
 * <li>{@code llmcache.key.collisions} (counter; {@code match_type}): digests that matched
 * an entry whose canonical form differed</li>
 * </ul>
 */
@Component
public class LookupMetrics {

	private final MeterRegistry registry;

	private final MetricTags tags;

	LookupMetrics(MeterRegistry registry, MetricTags tags) {
		this.registry = registry;
		this.tags = tags;
	}

	void lookup(TenantNamespace namespace, LookupResult outcome, Duration duration) {
		boolean hit = outcome instanceof LookupResult.Hit;
		String result = hit ? "hit" : "miss";
		String matchType = (outcome instanceof LookupResult.Hit found) ? found.matchType().apiName() : "none";
		boolean degraded = outcome instanceof LookupResult.Miss miss && miss.degraded();
		Counter.builder("llmcache.lookups")
			.description("Cache lookups by result and match type")
			.tags(this.tags.namespace(namespace.tenant(), namespace.namespace()))
			.tag("result", result)
			.tag("match_type", matchType)
			.tag("degraded", Boolean.toString(degraded))
			.register(this.registry)
			.increment();
		Timer.builder("llmcache.lookup.duration")
			.description("Time to answer a lookup")
			.tag("result", result)
			.publishPercentileHistogram()
			.register(this.registry)
			.record(duration);
	}

	void collision(MatchType matchType) {
		Counter.builder("llmcache.key.collisions")
			.description("Key digests that matched an entry with a different canonical request")
			.tag("match_type", matchType.apiName())
			.register(this.registry)
			.increment();
	}

}
