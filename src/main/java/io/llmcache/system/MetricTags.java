package io.llmcache.system;

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
 * Namespace names come from callers, so at most {@value #MAX_NAMESPACE_TAGS} distinct
 * tenant and namespace pairs are used as tag values; past that, a new pair keeps its
 * tenant and is counted as namespace {@code _other}. Tenants need no bound: they come
 * from the configured API keys, never from a request. The tenant is a label on the
 * service's own meters only, the one the caller's API key belongs to.
 */
@Component
public class MetricTags {

	/** The tag of the tenant that owns the namespace. */
	public static final String TENANT = "tenant";

	/** The tag of the cache namespace within the tenant. */
	public static final String CACHE_NAMESPACE = "cache_namespace";

	/** The most distinct tenant and namespace pairs. */
	public static final int MAX_NAMESPACE_TAGS = 200;

	private static final String OTHER_NAMESPACE = "_other";

	/** Pairs as {@code tenant/namespace}: neither name can contain a '/'. */
	private final Set<String> namespaceTags = ConcurrentHashMap.newKeySet();

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
		String pair = tenant + "/" + namespace;
		if (this.namespaceTags.contains(pair)) {
			return namespace;
		}
		// Not atomic with the check: a few pairs over the limit under a race do no harm
		if (this.namespaceTags.size() < MAX_NAMESPACE_TAGS) {
			this.namespaceTags.add(pair);
			return namespace;
		}
		return OTHER_NAMESPACE;
	}

}
