package io.llmcache.policy;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.llmcache.audit.AuditLog;
import io.llmcache.audit.AuditRecord;
import io.llmcache.normalize.NormalizationRules;
import io.llmcache.normalize.TextNormalizer;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import io.llmcache.system.StoreFailureLog;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Supplies the effective {@link NamespacePolicy} of a tenant's namespace: one set at
 * runtime ({@code PUT .../policy}, kept in Redis) if there is one, else the namespace's
 * policy from configuration, else the configured defaults.
 * <p>
 * Every replica polls a change counter in Redis (every
 * {@code llmcache.policy.refresh-interval}, 1 s by default) and reloads the runtime
 * policies when it moves, so a change is effective everywhere within about a second. If
 * Redis cannot be read, the last known policies stay in force.
 */
@Service
public class PolicyService {

	private static final Logger logger = LoggerFactory.getLogger(PolicyService.class);

	private static final Pattern NAMESPACE = Pattern.compile(Tenants.NAME_PATTERN);

	private static final int MAX_WRITE_ATTEMPTS = 3;

	private final PolicyProperties.Settings defaults;

	private final Map<String, NamespacePolicy> configured;

	/** The policy of every namespace without its own, computed once. */
	private final NamespacePolicy defaultPolicy;

	private final PolicyRepository repository;

	private final AuditLog audit;

	private final Clock clock;

	private volatile Map<String, NamespacePolicy> runtime = Map.of();

	private volatile long loadedChanges = -1;

	// The refresh runs every second, also while Redis is down
	private final StoreFailureLog refreshFailures = new StoreFailureLog(PolicyService.class, Duration.ofSeconds(10));

	PolicyService(PolicyProperties properties, PolicyRepository repository, AuditLog audit, Clock clock) {
		this.defaults = properties.defaults();
		this.repository = repository;
		this.audit = audit;
		this.clock = clock;
		Map<String, NamespacePolicy> policies = new HashMap<>();
		properties.namespaces().forEach((namespace, settings) -> {
			if (!NAMESPACE.matcher(namespace).matches()) {
				throw new IllegalStateException("Policy for invalid namespace name '" + namespace + "'");
			}
			policies.put(namespace, toPolicy(namespace, 1, settings));
		});
		this.configured = Map.copyOf(policies);
		this.defaultPolicy = toPolicy(Tenants.DEFAULT_NAMESPACE, 1, this.defaults);
	}

	/**
	 * The policy of a namespace.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @return the effective policy
	 */
	public NamespacePolicy policyFor(String tenant, String namespace) {
		NamespacePolicy policy = this.runtime.get(StoredPolicy.partitionOf(tenant, namespace));
		if (policy == null) {
			policy = this.configured.get(namespace);
		}
		return (policy != null) ? policy : this.defaultPolicy.withNamespace(namespace);
	}

	/**
	 * Replaces the policy of a namespace of the caller's tenant. Fields the document
	 * leaves out take the configured defaults. The change is visible on this replica at
	 * once and on every other within the refresh interval.
	 * @param caller the caller
	 * @param namespace the namespace
	 * @param document the new policy
	 * @return the policy now in force
	 * @throws ApiException a validation problem when the policy is inconsistent
	 */
	NamespacePolicy replace(Caller caller, String namespace, PolicyDocument document) {
		PolicyDocument complete = complete(document);
		NamespacePolicy checked = toValidatedPolicy(namespace, 0, complete);
		for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
			long stored = this.repository.versionOf(caller.tenant(), namespace);
			long version = Math.max(stored, policyFor(caller.tenant(), namespace).version()) + 1;
			StoredPolicy policy = new StoredPolicy(caller.tenant(), namespace, version, complete, this.clock.instant(),
					caller.keyId());
			if (this.repository.compareAndSet(policy, stored)) {
				logger.info("Policy of {}/{} set to version {} by {}", caller.tenant(), namespace, version,
						caller.keyId());
				this.audit.append(caller.tenant(),
						new AuditRecord("pol_" + namespace + "_" + version, policy.updatedAt(), caller.keyId(),
								AuditRecord.POLICY_REPLACE, namespace, null, null, null, version));
				refresh();
				return checked.withVersion(version);
			}
		}
		throw new ApiException(ProblemType.CONFLICT, "The policy was changed concurrently; read it and try again", true,
				null);
	}

	/**
	 * Where a namespace's policy comes from.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @return {@code runtime}, {@code configuration} or {@code defaults}
	 */
	String sourceOf(String tenant, String namespace) {
		if (this.runtime.containsKey(StoredPolicy.partitionOf(tenant, namespace))) {
			return "runtime";
		}
		return this.configured.containsKey(namespace) ? "configuration" : "defaults";
	}

	/**
	 * Reloads the runtime policies when the change counter in Redis has moved.
	 */
	@Scheduled(fixedDelayString = "${llmcache.policy.refresh-interval:1s}")
	void refresh() {
		try {
			long changes = this.repository.changes();
			if (changes == this.loadedChanges) {
				return;
			}
			Map<String, NamespacePolicy> policies = new HashMap<>();
			this.repository.findAll()
				.forEach((partition, stored) -> policies.put(partition,
						toPolicy(stored.namespace(), stored.version(), toSettings(stored.document()))));
			this.runtime = Map.copyOf(policies);
			this.loadedChanges = changes;
		}
		catch (DataAccessException ex) {
			this.refreshFailures.failed("policy refresh",
					ex.getMostSpecificCause().getMessage() + "; keeping the last known policies");
		}
	}

	private PolicyDocument complete(PolicyDocument document) {
		PolicyDocument.Normalization normalization = (document.normalization() != null) ? document.normalization()
				: new PolicyDocument.Normalization(null, null, null, null, null);
		NormalizationRules fallback = this.defaults.normalization();
		return new PolicyDocument(orDefault(document.defaultTtlSeconds(), this.defaults.defaultTtl().toSeconds()),
				orDefault(document.maxTtlSeconds(), this.defaults.maxTtl().toSeconds()),
				orDefault(document.matchTypes(), this.defaults.matchTypes()),
				new PolicyDocument.Normalization(orDefault(normalization.unicode(), fallback.unicode()),
						orDefault(normalization.collapseWhitespace(), fallback.collapseWhitespace()),
						orDefault(normalization.caseFold(), fallback.caseFold()),
						orDefault(normalization.builtinMasks(), fallback.builtinMasks()),
						orDefault(normalization.masks(), fallback.masks())),
				orDefault(document.keyParams(), this.defaults.keyParams()),
				orDefault(document.ignoredParams(), this.defaults.ignoredParams()),
				(document.semantic() != null) ? document.semantic().orElse(this.defaults.semantic())
						: this.defaults.semantic(),
				(document.nonDeterministic() != null)
						? document.nonDeterministic().orElse(this.defaults.nonDeterministic())
						: this.defaults.nonDeterministic());
	}

	private static NamespacePolicy toValidatedPolicy(String namespace, long version, PolicyDocument document) {
		try {
			return toPolicy(namespace, version, toSettings(document));
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			throw new ApiException(ProblemType.VALIDATION, ex.getMessage());
		}
	}

	private static PolicyProperties.Settings toSettings(PolicyDocument document) {
		PolicyDocument.Normalization normalization = document.normalization();
		return new PolicyProperties.Settings(Duration.ofSeconds(document.defaultTtlSeconds()),
				Duration.ofSeconds(document.maxTtlSeconds()), document.matchTypes(),
				new NormalizationRules(normalization.unicode(), normalization.collapseWhitespace(),
						normalization.caseFold(), normalization.builtinMasks(), normalization.masks()),
				document.keyParams(), document.ignoredParams(), document.semantic(), document.nonDeterministic());
	}

	private static NamespacePolicy toPolicy(String namespace, long version, PolicyProperties.Settings settings) {
		if (settings.maxTtl().compareTo(settings.defaultTtl()) < 0) {
			throw new IllegalStateException("Policy of namespace '" + namespace + "': maxTtl " + settings.maxTtl()
					+ " is shorter than defaultTtl " + settings.defaultTtl());
		}
		return new NamespacePolicy(namespace, version, settings.defaultTtl(), settings.maxTtl(),
				Set.copyOf(settings.matchTypes()), TextNormalizer.compile(settings.normalization()),
				List.copyOf(settings.keyParams()), List.copyOf(settings.ignoredParams()),
				NamespacePolicy.keyVersionOf(settings.normalization(), settings.ignoredParams()), settings.semantic(),
				// Policies stored before this setting existed have none: the built-in
				// default
				(settings.nonDeterministic() != null) ? settings.nonDeterministic()
						: new NonDeterministicSettings(NonDeterministicSettings.Mode.BYPASS, 3));
	}

	private static <T> T orDefault(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
