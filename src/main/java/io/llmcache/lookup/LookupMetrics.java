package io.llmcache.lookup;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.policy.MatchType;
import io.llmcache.system.MetricTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
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

	/**
	 * The lookup counters made so far, so that a lookup does not build and look up its
	 * meter again; bounded as the tags are (see {@link MetricTags}).
	 */
	private final Map<LookupMeter, Counter> lookups = new ConcurrentHashMap<>();

	private final Timer hitDuration;

	private final Timer missDuration;

	LookupMetrics(MeterRegistry registry, MetricTags tags) {
		this.registry = registry;
		this.tags = tags;
		this.hitDuration = duration("hit");
		this.missDuration = duration("miss");
	}

	void lookup(TenantNamespace namespace, LookupResult outcome, Duration duration) {
		boolean hit = outcome instanceof LookupResult.Hit;
		String matchType = (outcome instanceof LookupResult.Hit found) ? found.matchType().apiName() : "none";
		boolean degraded = outcome instanceof LookupResult.Miss miss && miss.degraded();
		this.lookups
			.computeIfAbsent(new LookupMeter(this.tags.namespace(namespace.tenant(), namespace.namespace()), hit,
					matchType, degraded), this::lookupCounter)
			.increment();
		(hit ? this.hitDuration : this.missDuration).record(duration);
	}

	private Counter lookupCounter(LookupMeter meter) {
		return Counter.builder("llmcache.lookups")
			.description("Cache lookups by result and match type")
			.tags(meter.namespace())
			.tag("result", meter.hit() ? "hit" : "miss")
			.tag("match_type", meter.matchType())
			.tag("degraded", Boolean.toString(meter.degraded()))
			.register(this.registry);
	}

	private Timer duration(String result) {
		return Timer.builder("llmcache.lookup.duration")
			.description("Time to answer a lookup")
			.tag("result", result)
			.publishPercentileHistogram()
			.register(this.registry);
	}

	void collision(MatchType matchType) {
		Counter.builder("llmcache.key.collisions")
			.description("Key digests that matched an entry with a different canonical request")
			.tag("match_type", matchType.apiName())
			.register(this.registry)
			.increment();
	}

	private record LookupMeter(Tags namespace, boolean hit, String matchType, boolean degraded) {

	}

}
