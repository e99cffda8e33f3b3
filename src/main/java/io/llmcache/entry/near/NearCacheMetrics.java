package io.llmcache.entry.near;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.github.benmanes.caffeine.cache.RemovalCause;
import io.llmcache.system.MetricTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The near-cache's Micrometer meters:
 * <ul>
 * <li>{@code llmcache.nearcache.requests} (counter; {@code tenant}, {@code result}:
 * {@code hit} served from memory, {@code miss} read from Redis and kept if it can be,
 * {@code bypass} read from Redis because tracking was not live, {@code untracked} read
 * from Redis as usual because no read has found the key yet)</li>
 * <li>{@code llmcache.nearcache.evictions} (counter; {@code tenant}, {@code cause}
 * {@code size} or {@code expired}): copies Caffeine dropped</li>
 * <li>{@code llmcache.nearcache.invalidations} (counter; {@code cause}: {@code changed},
 * a copy dropped because Redis or this replica said its key changed; {@code reset}, the
 * times everything was forgotten at once, when tracking was lost or came back)</li>
 * <li>{@code llmcache.nearcache.size} (gauge; {@code tenant}): bytes held, by the values'
 * estimates; {@code llmcache.nearcache.entries} (gauge; {@code tenant})</li>
 * <li>{@code llmcache.nearcache.tracking} (gauge): 1 while copies may be served</li>
 * </ul>
 */
public class NearCacheMetrics {

	private final MeterRegistry registry;

	private final ConcurrentMap<String, TenantCounters> counters = new ConcurrentHashMap<>();

	private final Counter changed;

	private final Counter reset;

	/**
	 * Meters in a registry.
	 * @param registry the registry
	 * @param tracking the connection whose state is shown
	 */
	public NearCacheMetrics(MeterRegistry registry, TrackingConnection tracking) {
		this.registry = registry;
		this.changed = invalidations("changed");
		this.reset = invalidations("reset");
		Gauge.builder("llmcache.nearcache.tracking", tracking, (connection) -> connection.live() ? 1 : 0)
			.description("1 while the near-cache's tracking connection is live and copies may be served")
			.register(registry);
	}

	void hit(String tenant) {
		countersOf(tenant).hits().increment();
	}

	void missed(String tenant) {
		countersOf(tenant).misses().increment();
	}

	void bypassed(String tenant) {
		countersOf(tenant).bypasses().increment();
	}

	void untracked(String tenant) {
		countersOf(tenant).untracked().increment();
	}

	void evicted(String tenant, RemovalCause cause) {
		Counter.builder("llmcache.nearcache.evictions")
			.description("Copies the near-cache dropped, by cause")
			.tag(MetricTags.TENANT, tenant)
			.tag("cause", cause.name().toLowerCase(Locale.ROOT))
			.register(this.registry)
			.increment();
	}

	void invalidated() {
		this.changed.increment();
	}

	void flushed() {
		this.reset.increment();
	}

	void watch(String tenant, NearCache cache) {
		Gauge.builder("llmcache.nearcache.size", cache, (near) -> near.weightOf(tenant))
			.description("Bytes the near-cache's copies of a tenant take, by estimate")
			.baseUnit("bytes")
			.tag(MetricTags.TENANT, tenant)
			.register(this.registry);
		Gauge.builder("llmcache.nearcache.entries", cache, (near) -> near.sizeOf(tenant))
			.description("Copies the near-cache holds for a tenant")
			.tag(MetricTags.TENANT, tenant)
			.register(this.registry);
	}

	private Counter invalidations(String cause) {
		return Counter.builder("llmcache.nearcache.invalidations")
			.description("Copies the near-cache dropped because their keys changed, and times it forgot all")
			.tag("cause", cause)
			.register(this.registry);
	}

	private TenantCounters countersOf(String tenant) {
		return this.counters.computeIfAbsent(tenant, (name) -> new TenantCounters(request(name, "hit"),
				request(name, "miss"), request(name, "bypass"), request(name, "untracked")));
	}

	private Counter request(String tenant, String result) {
		return Counter.builder("llmcache.nearcache.requests")
			.description("Reads of entries by exact key, by how the near-cache answered")
			.tag(MetricTags.TENANT, tenant)
			.tag("result", result)
			.register(this.registry);
	}

	private record TenantCounters(Counter hits, Counter misses, Counter bypasses, Counter untracked) {

	}

}
