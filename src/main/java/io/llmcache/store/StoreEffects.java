package io.llmcache.store;

import java.time.Duration;

import io.llmcache.entry.StoredEntry;
import io.llmcache.entry.TenantNamespace;
import io.llmcache.semantic.SemanticIndexer;
import io.llmcache.system.ApiException;
import io.llmcache.system.Degradation;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * What follows a store once Redis has answered: metrics, the entry's vector in the
 * semantic index, and the {@link EntryStored} event for features that index entries their
 * own way; or, when Redis failed, the degraded count and the retryable problem.
 */
@Component
class StoreEffects {

	private final StoreMetrics metrics;

	private final SemanticIndexer semantic;

	private final ApplicationEventPublisher events;

	private final Degradation degradation;

	StoreEffects(StoreMetrics metrics, SemanticIndexer semantic, ApplicationEventPublisher events,
			Degradation degradation) {
		this.metrics = metrics;
		this.semantic = semantic;
		this.events = events;
		this.degradation = degradation;
	}

	void stored(NewEntry request, String exactDigest, StoredEntry entry, long start) {
		TenantNamespace namespace = request.namespace();
		this.metrics.store(namespace, true, Duration.ofNanos(System.nanoTime() - start));
		this.semantic.stored(namespace, exactDigest, entry);
		this.events.publishEvent(new EntryStored(namespace.tenant(), namespace.namespace(), entry.entryId(),
				request.request(), entry.responseJson(), entry.tags(), entry.createdAt(), entry.expiresAt()));
	}

	void failed(TenantNamespace namespace, long start) {
		this.metrics.store(namespace, false, Duration.ofNanos(System.nanoTime() - start));
	}

	/**
	 * Counts a store that Redis did not answer in time and makes its problem. Redis may
	 * still run the store after the timeout (it is one script: whole or nothing), so the
	 * answer says so, and that a retry is safe.
	 */
	ApiException unavailable(TenantNamespace namespace, long start, DataAccessException ex) {
		failed(namespace, start);
		return this.degradation.unavailable("store", ex,
				"The cache store did not answer in time: the entry was stored whole or not at all, and may still be "
						+ "stored. Repeating the store is safe: the same request stores the same entry again.");
	}

}
