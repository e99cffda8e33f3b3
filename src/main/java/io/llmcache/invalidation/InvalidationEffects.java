package io.llmcache.invalidation;

import io.llmcache.audit.AuditLog;
import io.llmcache.audit.AuditRecord;
import io.llmcache.entry.TenantNamespace;
import io.llmcache.tenant.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What follows a recorded invalidation: this replica's copy of the rules is reloaded, the
 * meters count it, it is announced (see {@link InvalidationRecorded}), it is logged and
 * written to the tenant's audit log.
 */
@Component
class InvalidationEffects {

	private static final Logger logger = LoggerFactory.getLogger(InvalidationEffects.class);

	private final RuleSetCache ruleSets;

	private final InvalidationMetrics metrics;

	private final ApplicationEventPublisher events;

	private final AuditLog audit;

	private final JsonMapper json;

	InvalidationEffects(RuleSetCache ruleSets, InvalidationMetrics metrics, ApplicationEventPublisher events,
			AuditLog audit, JsonMapper json) {
		this.ruleSets = ruleSets;
		this.metrics = metrics;
		this.events = events;
		this.audit = audit;
		this.json = json;
	}

	/**
	 * Follows up a recorded invalidation.
	 * @param caller who invalidated
	 * @param namespace the tenant's namespace
	 * @param rule the rule recorded
	 * @param count what it matched
	 * @return whether the audit record was written
	 */
	boolean recorded(Caller caller, TenantNamespace namespace, InvalidationRule rule, MatchCounter.Count count) {
		this.ruleSets.reload(namespace);
		this.metrics.invalidation(namespace, count.matched());
		this.events.publishEvent(new InvalidationRecorded(namespace, rule.id()));
		logger.info("Invalidation {} of {}/{} by {}: {} ({} entries{})", rule.id(), caller.tenant(),
				namespace.namespace(), caller.keyId(), rule.selector(), count.matched(),
				count.estimated() ? ", estimated" : "");
		return this.audit.append(caller.tenant(),
				new AuditRecord(rule.id(), rule.recordedAt(), caller.keyId(), AuditRecord.INVALIDATE,
						namespace.namespace(), this.json.valueToTree(rule.selector()), count.matched(),
						count.estimated(), null));
	}

}
