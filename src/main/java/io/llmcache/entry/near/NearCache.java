package io.llmcache.entry.near;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.RedisException;
import io.llmcache.entry.near.Slot.Held;
import io.llmcache.entry.near.Slot.Pending;

/**
 * Copies of hot values read from Redis, kept in memory and served without reading them
 * again for as long as Redis has not said that anything they were read from changed.
 * Before serving a copy, the near-cache waits for a ping on the tracking connection (one
 * ping answers every copy asked for while it was on its way): that ping's answer follows
 * every invalidation of a write finished before the call, so a copy is never served after
 * a write on any replica has returned.
 * <p>
 * A key's lookups are left to the caller until a read finds its value ({@link SeenKeys});
 * from then on, the value is read through the {@link TrackingConnection}, so Redis tracks
 * its keys: the value's own key and its group key (the namespace's control key, whose
 * change invalidates every value of the namespace). A miss first puts a pending marker
 * under the key, then reads; the value replaces the marker only if the marker is still
 * there and tracking has not changed since the read began. An invalidation removes the
 * marker as well as a value, so a read that raced with a change is served once but never
 * kept (the race Redis's client-side caching documentation warns about).
 * <p>
 * Each tenant has its own Caffeine cache, bounded in bytes; the tenants read so far share
 * {@code llmcache.near-cache.max-size} equally, so one tenant's traffic never evicts
 * another's entries. Values also leave at their own expiry.
 */
public class NearCache implements TrackingConnection.Listener, AutoCloseable {

	/** How long a pending marker may stay if its read never ends. */
	private static final long PENDING_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final TrackingConnection tracking;

	private final long maxBytes;

	private final NearCacheMetrics metrics;

	private final ConcurrentMap<String, Cache<String, Slot>> byTenant = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, SeenKeys> seenByTenant = new ConcurrentHashMap<>();

	private final Set<String> groups = ConcurrentHashMap.newKeySet();

	/**
	 * A near-cache over a tracking connection.
	 * @param tracking the connection values are read through
	 * @param maxBytes the most bytes all tenants' copies may take
	 * @param metrics where hits, misses and evictions are counted
	 */
	NearCache(TrackingConnection tracking, long maxBytes, NearCacheMetrics metrics) {
		this.tracking = tracking;
		this.maxBytes = maxBytes;
		this.metrics = metrics;
	}

	/**
	 * A near-cache that keeps nothing: every read goes to Redis as usual.
	 * @return it
	 */
	public static NearCache off() {
		return new NearCache(null, 0, null);
	}

	/**
	 * Whether this near-cache may keep anything at all.
	 * @return {@code false} when it is switched off
	 */
	public boolean enabled() {
		return this.tracking != null;
	}

	/**
	 * A value from memory, or read through the tracking connection and kept.
	 * @param <V> the value's type
	 * @param tenant whose value it is
	 * @param group the key whose change invalidates the value together with others
	 * @param key the value's key
	 * @param read reads the value, with the given reader, from Redis
	 * @return the value, or {@code null} if the near-cache cannot serve now (it is off,
	 * tracking is down, the tracking connection failed, or no read found the key yet):
	 * the caller reads as usual, and tells {@link #found} if it found the value
	 */
	@SuppressWarnings("unchecked")
	public <V extends NearValue> V get(String tenant, String group, String key, Function<Reader, V> read) {
		if (this.tracking == null) {
			return null;
		}
		long state = this.tracking.state();
		if (!this.tracking.live()) {
			this.metrics.bypassed(tenant);
			return null;
		}
		Cache<String, Slot> cache = cacheOf(tenant);
		Slot slot = cache.getIfPresent(key);
		if (slot instanceof Held) {
			// A write another replica finished just before this call may have its
			// invalidation still on the way: wait until it has been handled.
			if (!this.tracking.awaitInvalidations()) {
				this.metrics.bypassed(tenant);
				return null;
			}
			slot = cache.getIfPresent(key);
			if (slot instanceof Held held) {
				this.metrics.hit(tenant);
				return (V) held.value();
			}
		}
		if (slot == null && !seenKeysOf(tenant).contains(key)) {
			// Read as usual, untracked, until a read finds the entry (found()): a
			// miss never takes a place in Redis's tracking table.
			this.metrics.untracked(tenant);
			return null;
		}
		this.metrics.missed(tenant);
		this.groups.add(group);
		Pending pending = new Pending(group);
		boolean marked = slot == null && cache.asMap().putIfAbsent(key, pending) == null;
		V value;
		try {
			value = read.apply(this.tracking::eval);
		}
		catch (RedisException ex) {
			if (marked) {
				cache.asMap().remove(key, pending);
			}
			return null;
		}
		if (marked) {
			keep(cache, key, pending, value, state);
		}
		if (!value.keep()) {
			seenKeysOf(tenant).remove(key);
		}
		return value;
	}

	/**
	 * Notes that a usual read, after {@link #get} left it to the caller, found the value:
	 * the key's next lookup is read through the tracking connection and its value kept.
	 * @param tenant whose value it is
	 * @param key the value's key
	 */
	public void found(String tenant, String key) {
		if (this.tracking != null) {
			seenKeysOf(tenant).add(key);
		}
	}

	private SeenKeys seenKeysOf(String tenant) {
		return this.seenByTenant.computeIfAbsent(tenant, (name) -> new SeenKeys());
	}

	private void keep(Cache<String, Slot> cache, String key, Pending pending, NearValue value, long state) {
		Held held = new Held(value, pending.group());
		if (!value.keep() || !cache.asMap().replace(key, pending, held)) {
			cache.asMap().remove(key, pending);
			return;
		}
		if (this.tracking.state() != state) {
			// Tracking was lost during the read: the keys may not be tracked.
			cache.asMap().remove(key, held);
		}
	}

	/**
	 * Drops the copy of a key this replica has just written, so that its own next read
	 * cannot precede Redis's message about the write.
	 * @param key the key
	 */
	public void evict(String key) {
		if (this.tracking != null) {
			changed(key);
		}
	}

	@Override
	public void changed(String key) {
		for (Cache<String, Slot> cache : this.byTenant.values()) {
			if (cache.asMap().remove(key) instanceof Held) {
				this.metrics.invalidated();
			}
			if (this.groups.contains(key)) {
				cache.asMap().values().removeIf((slot) -> key.equals(slot.group()));
			}
		}
	}

	@Override
	public void forgetAll() {
		for (Cache<String, Slot> cache : this.byTenant.values()) {
			cache.invalidateAll();
		}
		if (this.metrics != null) {
			this.metrics.flushed();
		}
	}

	/** Closes the tracking connection and its client. */
	@Override
	public void close() {
		if (this.tracking != null) {
			this.tracking.close();
		}
	}

	/**
	 * How many bytes a tenant's copies take, by the values' estimates.
	 * @param tenant the tenant
	 * @return the bytes
	 */
	long weightOf(String tenant) {
		Cache<String, Slot> cache = this.byTenant.get(tenant);
		return (cache != null)
				? cache.policy().eviction().map((eviction) -> eviction.weightedSize().orElse(0)).orElse(0L) : 0;
	}

	/**
	 * How many copies a tenant has.
	 * @param tenant the tenant
	 * @return the count, pending reads included
	 */
	long sizeOf(String tenant) {
		Cache<String, Slot> cache = this.byTenant.get(tenant);
		return (cache != null) ? cache.estimatedSize() : 0;
	}

	/** Runs pending maintenance, such as evictions, now. */
	void cleanUp() {
		this.byTenant.values().forEach(Cache::cleanUp);
	}

	/**
	 * The tenants read so far.
	 * @return their names
	 */
	Set<String> tenants() {
		return Set.copyOf(this.byTenant.keySet());
	}

	private Cache<String, Slot> cacheOf(String tenant) {
		Cache<String, Slot> cache = this.byTenant.get(tenant);
		if (cache != null) {
			return cache;
		}
		synchronized (this.byTenant) {
			cache = this.byTenant.computeIfAbsent(tenant, this::newCache);
			long share = this.maxBytes / this.byTenant.size();
			for (Cache<String, Slot> each : this.byTenant.values()) {
				each.policy().eviction().ifPresent((eviction) -> eviction.setMaximum(share));
			}
			this.metrics.watch(tenant, this);
			return cache;
		}
	}

	private Cache<String, Slot> newCache(String tenant) {
		// Maintenance (eviction) runs on the calling thread, not in the common pool.
		return Caffeine.newBuilder()
			.executor(Runnable::run)
			.maximumWeight(this.maxBytes)
			.weigher((String key, Slot slot) -> (slot instanceof Held held) ? held.value().weight() + key.length() : 0)
			.expireAfter(new Slot.Lifetime(PENDING_NANOS))
			.evictionListener((String key, Slot slot, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
				if (slot instanceof Held) {
					this.metrics.evicted(tenant, cause);
				}
			})
			.build();
	}

	/**
	 * Reads through the tracking connection: see {@link TrackingConnection#eval}.
	 */
	@FunctionalInterface
	public interface Reader {

		/**
		 * Runs a read-only script.
		 * @param sha1 its SHA-1
		 * @param script its text
		 * @param keys its keys
		 * @param args its arguments
		 * @return its answer
		 */
		List<Object> eval(String sha1, String script, List<String> keys, List<String> args);

	}

}
