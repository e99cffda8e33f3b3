package io.llmcache.store;

import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmcache.entry.Deletion;
import io.llmcache.entry.EntriesDeleted;
import io.llmcache.entry.EntryId;
import io.llmcache.entry.EntryRead;
import io.llmcache.entry.EntryRepository;
import io.llmcache.entry.StoredEntry;
import io.llmcache.entry.TenantNamespace;
import io.llmcache.invalidation.InvalidationCheck;
import io.llmcache.system.ApiException;
import io.llmcache.system.Degradation;
import io.llmcache.system.StoreReads;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Reads and deletes entries by id, within the caller's tenant: the entry id names the
 * namespace and the exact digest, the tenant always comes from the caller's key.
 */
@Service
public class EntryService {

	private final EntryRepository entries;

	private final InvalidationCheck invalidations;

	private final Degradation degradation;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	EntryService(EntryRepository entries, InvalidationCheck invalidations, Degradation degradation,
			ApplicationEventPublisher events, Clock clock) {
		this.entries = entries;
		this.invalidations = invalidations;
		this.degradation = degradation;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Reads an entry, with its stored request.
	 * @param tenant the caller's tenant
	 * @param entryId the entry id
	 * @return the entry and its namespace
	 * @throws ApiException 404 when absent, expired, invalidated or another tenant's; a
	 * retryable 503 when the store failed
	 */
	public EntryView get(String tenant, String entryId) {
		EntryId id = EntryId.parse(entryId).orElseThrow(() -> EntryId.notFound(entryId));
		TenantNamespace namespace = new TenantNamespace(tenant, id.namespace());
		try {
			return StoreReads.retryingOnce(() -> {
				EntryRead read = this.entries.findByExactDigest(namespace, id.exactDigest(), true);
				StoredEntry entry = read.entry()
					.filter((candidate) -> entryId.equals(candidate.entryId()))
					// Redis expires the hash a moment after its time: it is gone already.
					.filter((candidate) -> this.clock.instant().isBefore(candidate.expiresAt()))
					.filter((candidate) -> this.invalidations.coveringRule(namespace, read.sequence(), candidate)
						.isEmpty())
					.orElseThrow(() -> EntryId.notFound(entryId));
				return new EntryView(namespace, entry);
			});
		}
		catch (DataAccessException ex) {
			throw this.degradation.unavailable("get", ex);
		}
	}

	/**
	 * Deletes an entry: gone for every match type at once.
	 * @param tenant the caller's tenant
	 * @param entryId the entry id
	 * @throws ApiException 404 when there is no such entry; a retryable 503 when the
	 * store failed
	 */
	public void delete(String tenant, String entryId) {
		EntryId id = EntryId.parse(entryId).orElseThrow(() -> EntryId.notFound(entryId));
		TenantNamespace namespace = new TenantNamespace(tenant, id.namespace());
		Deletion deletion;
		try {
			deletion = this.entries.delete(namespace, Map.of(id.exactDigest(), entryId));
			this.events.publishEvent(new EntriesDeleted(namespace, deletion.withVectors()));
		}
		catch (DataAccessException ex) {
			throw this.degradation.unavailable("delete", ex);
		}
		if (deletion.deleted() != 1) {
			throw EntryId.notFound(entryId);
		}
	}

	/**
	 * Which of some entry ids still name stored entries of a namespace: not deleted,
	 * swept, replaced or expired. For features that name entries without serving them.
	 * @param namespace the tenant's namespace
	 * @param entryIds entry ids (ids of other namespaces are never stored here)
	 * @return the ids whose entries are stored
	 * @throws DataAccessException if Redis fails
	 */
	public Set<String> storedEntryIds(TenantNamespace namespace, Collection<String> entryIds) {
		Map<String, String> byDigest = new LinkedHashMap<>();
		for (String entryId : entryIds) {
			EntryId.parse(entryId)
				.filter((id) -> id.namespace().equals(namespace.namespace()))
				.ifPresent((id) -> byDigest.put(id.exactDigest(), entryId));
		}
		List<String> digests = List.copyOf(byDigest.keySet());
		List<String> found = this.entries.entryIds(namespace, digests);
		Set<String> stored = new HashSet<>();
		for (int i = 0; i < digests.size(); i++) {
			String entryId = byDigest.get(digests.get(i));
			if (entryId.equals(found.get(i))) {
				stored.add(entryId);
			}
		}
		return stored;
	}

	/**
	 * An entry as read by id.
	 *
	 * @param namespace its tenant and namespace
	 * @param entry the entry, with its stored request
	 */
	public record EntryView(TenantNamespace namespace, StoredEntry entry) {

	}

}
