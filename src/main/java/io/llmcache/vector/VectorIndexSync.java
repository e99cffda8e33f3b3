package io.llmcache.vector;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.llmcache.system.StoreFailureLog;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps this replica's {@link VectorIndex} in step with Redis: rebuilds it from the
 * vectors kept with the entries once the service is up (in the background: until it is
 * done, semantic lookups find fewer candidates, never wrong ones), then applies the
 * changes every replica publishes, polling every {@code llmcache.semantic.sync-interval}
 * (200 ms by default), so an entry stored on one replica is a candidate on every other
 * within a second. A replica that fell so far behind that the changes it missed were
 * trimmed rebuilds.
 */
@Component
public class VectorIndexSync {

	private static final Logger logger = LoggerFactory.getLogger(VectorIndexSync.class);

	private static final int CHANGES_PER_POLL = 1000;

	private final VectorIndex index;

	private final VectorChangeRepository changes;

	private final VectorSource source;

	private final Set<String> registered = ConcurrentHashMap.newKeySet();

	private final AtomicLong publishFailures = new AtomicLong();

	/** Names this replica's changes in the stream. */
	private final String replicaId = UUID.randomUUID().toString();

	/**
	 * Vectors this replica put in its index when they were stored here and whose change
	 * it has not read back yet: reading it back needs no second indexing, unless another
	 * replica's change to the same entry came in between.
	 */
	private final Set<String> indexedHere = ConcurrentHashMap.newKeySet();

	/**
	 * The id of the last change applied; {@code null} until the first rebuild is done.
	 */
	private volatile String lastApplied;

	/**
	 * Whether the last rebuild failed (Redis unavailable or too slow); the next poll
	 * tries again.
	 */
	private volatile boolean rebuildFailed;

	// Polls and publishes fail many times a second while Redis is down
	private final StoreFailureLog failures = new StoreFailureLog(VectorIndexSync.class, Duration.ofSeconds(10));

	VectorIndexSync(VectorIndex index, VectorChangeRepository changes, VectorSource source, MeterRegistry registry) {
		this.index = index;
		this.changes = changes;
		this.source = source;
		Gauge.builder("llmcache.semantic.index.vectors", index, VectorIndex::size)
			.description("Vectors in this replica's semantic index")
			.register(registry);
		Gauge.builder("llmcache.semantic.index.segments", index, VectorIndex::segments)
			.description("Lucene segments of this replica's semantic index: a search costs about one graph search each")
			.register(registry);
		FunctionTimer
			.builder("llmcache.semantic.index.compactions", index, VectorIndex::compactions,
					VectorIndex::compactionNanos, TimeUnit.NANOSECONDS)
			.description("Finished compactions of this replica's semantic index into one segment, and their time")
			.register(registry);
		Gauge.builder("llmcache.semantic.index.publish.failures", this.publishFailures, AtomicLong::get)
			.description("Vector changes that could not be published to the other replicas")
			.register(registry);
	}

	/**
	 * Adds an entry's vector here and tells the other replicas.
	 * @param vector the vector
	 */
	public void added(StoredVector vector) {
		VectorScope scope = vector.scope();
		String id = VectorScope.idOf(scope.tenant(), scope.namespace(), vector.entryDigest());
		// Marked before it is put: another replica's change applied meanwhile unmarks it
		// after its effect on the index, so the read-back re-applies this one.
		this.indexedHere.add(id);
		this.index.put(vector);
		if (!publish(scope.tenant(), scope.namespace(), vector.entryDigest(), true)) {
			this.indexedHere.remove(id);
		}
	}

	/**
	 * Removes an entry's vector here and tells the other replicas.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @param entryDigest the entry's exact digest
	 */
	public void removed(String tenant, String namespace, String entryDigest) {
		this.index.remove(tenant, namespace, entryDigest);
		publish(tenant, namespace, entryDigest, false);
	}

	/**
	 * Whether the index has been built since start-up.
	 * @return {@code true} once it has
	 */
	public boolean isReady() {
		return this.lastApplied != null;
	}

	@EventListener(ApplicationReadyEvent.class)
	void rebuildInBackground() {
		Thread rebuilder = new Thread(this::rebuild, "vector-index-rebuild");
		rebuilder.setDaemon(true);
		rebuilder.start();
	}

	/**
	 * Rebuilds the index from Redis. Changes published meanwhile are applied afterwards.
	 */
	public synchronized void rebuild() {
		long start = System.nanoTime();
		this.index.holdCompactions();
		try {
			String from = this.changes.newestId();
			this.indexedHere.clear();
			this.index.clear();
			Set<String> empty = new HashSet<>();
			for (String name : this.changes.namespaces()) {
				int slash = name.indexOf('/');
				if (slash > 0
						&& !this.source.forEach(name.substring(0, slash), name.substring(slash + 1), this.index::put)) {
					empty.add(name);
				}
			}
			empty.forEach(this.changes::unregister);
			this.registered.removeAll(empty);
			this.index.refresh();
			this.lastApplied = from;
			this.rebuildFailed = false;
			logger.info("Semantic index built from Redis: {} vectors in {} ms", this.index.size(),
					Duration.ofNanos(System.nanoTime() - start).toMillis());
		}
		catch (DataAccessException ex) {
			this.rebuildFailed = true;
			this.failures.failed("index build",
					ex.getMostSpecificCause().getMessage() + "; retrying with the next poll");
		}
		finally {
			this.index.releaseCompactions();
		}
	}

	/**
	 * Applies the changes published since the last poll.
	 */
	@Scheduled(fixedDelayString = "${llmcache.semantic.sync-interval:200ms}")
	public void poll() {
		String after = this.lastApplied;
		if (after == null) {
			// Not built yet: the rebuild after start-up is still to come or running, or
			// it failed and is tried again here.
			if (this.rebuildFailed) {
				rebuild();
			}
			return;
		}
		try {
			String oldest = this.changes.oldestId();
			if (!"0-0".equals(after) && oldest != null && compare(oldest, after) > 0) {
				logger.warn("Missed vector changes (trimmed since {}); rebuilding the semantic index", after);
				rebuild();
				return;
			}
			List<VectorChange> batch = this.changes.after(after, CHANGES_PER_POLL);
			for (VectorChange change : batch) {
				apply(change);
				this.lastApplied = change.id();
			}
		}
		catch (DataAccessException ex) {
			logger.debug("Vector changes not read: {}", ex.getMessage());
		}
	}

	private void apply(VectorChange change) {
		String id = VectorScope.idOf(change.tenant(), change.namespace(), change.entryDigest());
		boolean own = this.replicaId.equals(change.origin());
		if (own && change.added() && this.indexedHere.remove(id)) {
			return;
		}
		applyToIndex(change);
		if (!own) {
			this.indexedHere.remove(id);
		}
	}

	private void applyToIndex(VectorChange change) {
		if (change.added()) {
			this.source.read(change.tenant(), change.namespace(), change.entryDigest()).ifPresent(this.index::put);
		}
		else {
			this.index.remove(change.tenant(), change.namespace(), change.entryDigest());
		}
	}

	private boolean publish(String tenant, String namespace, String entryDigest, boolean added) {
		try {
			if (added && this.registered.add(tenant + "/" + namespace)) {
				this.changes.register(tenant, namespace);
			}
			this.changes.publish(this.replicaId, tenant, namespace, entryDigest, added);
			return true;
		}
		catch (DataAccessException ex) {
			this.publishFailures.incrementAndGet();
			this.registered.remove(tenant + "/" + namespace);
			this.failures.failed("vector change publish", ex.getMostSpecificCause().getMessage());
			return false;
		}
	}

	/**
	 * Drops the vectors of expired entries; every replica does it by the clock, so expiry
	 * needs no change message.
	 */
	@Scheduled(fixedDelayString = "${llmcache.semantic.expiry-interval:30s}")
	public void removeExpired() {
		this.index.removeExpired(System.currentTimeMillis());
	}

	/** Compares stream ids {@code <ms>-<seq>}. */
	static int compare(String left, String right) {
		String[] l = left.split("-");
		String[] r = right.split("-");
		int byTime = Long.compare(Long.parseLong(l[0]), Long.parseLong(r[0]));
		return (byTime != 0) ? byTime : Long.compare(Long.parseLong(l[1]), Long.parseLong(r[1]));
	}

}
