package io.llmcache.system;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Tags;

import org.springframework.stereotype.Component;

/**
 * The tags that say whose namespace a meter counts: {@value #TENANT} and
 * {@value #CACHE_NAMESPACE}. The tag is not called {@code namespace}: a Prometheus that
 * scrapes through a ServiceMonitor adds a {@code namespace} label of its own (the pod's
 * Kubernetes namespace), and ours would arrive renamed {@code exported_namespace}.
 * <p>
 * Namespace names come from callers, so each tenant has at most
 * {@value #MAX_NAMESPACES_PER_TENANT} namespaces as tag values; past that, its new
 * namespaces are counted as namespace {@code _other}. The bound is per tenant, so that
 * one tenant's many namespaces cannot take the labels of another's. Tenants need no
 * bound: they come from the configured API keys, never from a request. The tenant is a
 * label on the service's own meters only, the one the caller's API key belongs to.
 */
@Component
public class MetricTags {

	/** The tag of the tenant that owns the namespace. */
	public static final String TENANT = "tenant";

	/** The tag of the cache namespace within the tenant. */
	public static final String CACHE_NAMESPACE = "cache_namespace";

	/** The most namespaces of one tenant that are tag values. */
	public static final int MAX_NAMESPACES_PER_TENANT = 100;

	private static final String OTHER_NAMESPACE = "_other";

	/** The namespaces that are tag values, by tenant. */
	private final Map<String, Set<String>> namespaceTags = new ConcurrentHashMap<>();

	/**
	 * The tags for a tenant's namespace.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @return {@value #TENANT} and {@value #CACHE_NAMESPACE}, the namespace being
	 * {@code _other} past the limit
	 */
	public Tags namespace(String tenant, String namespace) {
		return Tags.of(TENANT, tenant, CACHE_NAMESPACE, namespaceTag(tenant, namespace));
	}

	private String namespaceTag(String tenant, String namespace) {
		Set<String> tagged = this.namespaceTags.computeIfAbsent(tenant, (key) -> ConcurrentHashMap.newKeySet());
		if (tagged.contains(namespace)) {
			return namespace;
		}
		// Not atomic with the check: a few namespaces over the limit under a race do no
		// harm
		if (tagged.size() < MAX_NAMESPACES_PER_TENANT) {
			tagged.add(namespace);
			return namespace;
		}
		return OTHER_NAMESPACE;
	}

}
