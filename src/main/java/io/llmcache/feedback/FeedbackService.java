package io.llmcache.feedback;

import java.time.Clock;
import java.util.List;

import io.llmcache.entry.EntriesDeleted;
import io.llmcache.entry.EntryId;
import io.llmcache.entry.EntryRepository;
import io.llmcache.entry.StoredEntry;
import io.llmcache.entry.TenantNamespace;
import io.llmcache.system.ApiException;
import io.llmcache.system.Degradation;
import io.llmcache.tenant.Caller;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Records feedback on entries. A {@code wrong} verdict also stops the entry from being
 * served semantically (it is still served to identical and normalized-equal requests,
 * which it answers by construction).
 */
@Service
public class FeedbackService {

	private final EntryRepository entries;

	private final FeedbackRepository feedback;

	private final ApplicationEventPublisher events;

	private final Degradation degradation;

	private final Clock clock;

	FeedbackService(EntryRepository entries, FeedbackRepository feedback, ApplicationEventPublisher events,
			Degradation degradation, Clock clock) {
		this.entries = entries;
		this.feedback = feedback;
		this.events = events;
		this.degradation = degradation;
		this.clock = clock;
	}

	/**
	 * Records feedback on an entry.
	 * @param caller the caller
	 * @param entryId the entry id
	 * @param request the verdict and the query the entry was served for
	 * @throws ApiException 404 when there is no such entry of the caller's; a retryable
	 * 503 when the store failed
	 */
	public void feedback(Caller caller, String entryId, FeedbackRequest request) {
		EntryId id = EntryId.parse(entryId).orElseThrow(() -> EntryId.notFound(entryId));
		TenantNamespace namespace = new TenantNamespace(caller.tenant(), id.namespace());
		try {
			StoredEntry entry = this.entries.findByExactDigest(namespace, id.exactDigest(), false)
				.entry()
				.filter((candidate) -> entryId.equals(candidate.entryId()))
				.orElseThrow(() -> EntryId.notFound(entryId));
			if (request.isWrong()) {
				if (!this.entries.flagWrong(namespace, id.exactDigest(), entryId)) {
					throw EntryId.notFound(entryId);
				}
				if (entry.semantic() != null) {
					this.events.publishEvent(new EntriesDeleted(namespace, List.of(id.exactDigest())));
				}
			}
			this.feedback.append(caller.tenant(),
					new FeedbackRecord(this.clock.instant(), caller.keyId(), id.namespace(), entryId, request.verdict(),
							request.query(), (entry.semantic() != null) ? entry.semantic().text() : null));
		}
		catch (DataAccessException ex) {
			throw this.degradation.unavailable("feedback", ex);
		}
	}

}
