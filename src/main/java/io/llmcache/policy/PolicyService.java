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

	private final PolicyProperties.Settings defaults;

	private final Map<String, NamespacePolicy> configured;

	private final TextNormalizer defaultNormalizer;

	PolicyService(PolicyProperties properties) {
		this.defaults = properties.defaults();
		Map<String, NamespacePolicy> policies = new HashMap<>();
		properties.namespaces().forEach((namespace, settings) -> {
			if (!NAMESPACE.matcher(namespace).matches()) {
				throw new IllegalStateException("Policy for invalid namespace name '" + namespace + "'");
			}
			policies.put(namespace, toPolicy(namespace, settings));
		});
		this.configured = Map.copyOf(policies);
		this.defaultNormalizer = TextNormalizer.compile(this.defaults.normalization());
		// Fail at start-up, not on the first request, when the defaults are inconsistent.
		toPolicy(Tenants.DEFAULT_NAMESPACE, this.defaults, this.defaultNormalizer);
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
		return (policy != null) ? policy : toPolicy(namespace, this.defaults, this.defaultNormalizer);
	}

	private static NamespacePolicy toPolicy(String namespace, PolicyProperties.Settings settings) {
		return toPolicy(namespace, settings, TextNormalizer.compile(settings.normalization()));
	}

	private static NamespacePolicy toPolicy(String namespace, PolicyProperties.Settings settings,
			TextNormalizer normalizer) {
		if (settings.maxTtl().compareTo(settings.defaultTtl()) < 0) {
			throw new IllegalStateException("Policy of namespace '" + namespace + "': maxTtl " + settings.maxTtl()
					+ " is shorter than defaultTtl " + settings.defaultTtl());
		}
		return new NamespacePolicy(namespace, 1, settings.defaultTtl(), settings.maxTtl(),
				Set.copyOf(settings.matchTypes()), normalizer, List.copyOf(settings.keyParams()),
				List.copyOf(settings.ignoredParams()));
	}

}
