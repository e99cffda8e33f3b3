package io.llmcache.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.llmcache.normalize.TextNormalizer;
import io.llmcache.tenant.Tenants;

import org.springframework.stereotype.Service;

/**
 * Supplies the effective {@link NamespacePolicy} of a namespace. Policies come from
 * configuration; every tenant's namespace of a given name shares its policy.
 *
 * @author llm-cache developers
 */
@Service
public class PolicyService {

	private static final Pattern NAMESPACE = Pattern.compile(Tenants.NAME_PATTERN);

	private final Map<String, NamespacePolicy> configured;

	/** The policy of every namespace without its own, computed once. */
	private final NamespacePolicy defaultPolicy;

	PolicyService(PolicyProperties properties) {
		Map<String, NamespacePolicy> policies = new HashMap<>();
		properties.namespaces().forEach((namespace, settings) -> {
			if (!NAMESPACE.matcher(namespace).matches()) {
				throw new IllegalStateException("Policy for invalid namespace name '" + namespace + "'");
			}
			policies.put(namespace, toPolicy(namespace, settings));
		});
		this.configured = Map.copyOf(policies);
		this.defaultPolicy = toPolicy(Tenants.DEFAULT_NAMESPACE, properties.defaults());
	}

	/**
	 * The policy of a namespace.
	 * @param tenant the tenant (policies are not per tenant yet, but callers must say
	 * whose namespace they mean)
	 * @param namespace the namespace
	 * @return the effective policy
	 */
	public NamespacePolicy policyFor(String tenant, String namespace) {
		NamespacePolicy policy = this.configured.get(namespace);
		return (policy != null) ? policy : this.defaultPolicy.withNamespace(namespace);
	}

	private static NamespacePolicy toPolicy(String namespace, PolicyProperties.Settings settings) {
		if (settings.maxTtl().compareTo(settings.defaultTtl()) < 0) {
			throw new IllegalStateException("Policy of namespace '" + namespace + "': maxTtl " + settings.maxTtl()
					+ " is shorter than defaultTtl " + settings.defaultTtl());
		}
		return new NamespacePolicy(namespace, 1, settings.defaultTtl(), settings.maxTtl(),
				Set.copyOf(settings.matchTypes()), TextNormalizer.compile(settings.normalization()),
				List.copyOf(settings.keyParams()), List.copyOf(settings.ignoredParams()),
				NamespacePolicy.keyVersionOf(settings.normalization(), settings.ignoredParams()));
	}

}
