package io.llmcache.tenant;

/**
 * Naming rules shared by tenants and namespaces. Names are restricted so that they can be
 * embedded in Redis keys and hash tags without escaping.
 */
public final class Tenants {

	/** Tenant and namespace names: lower-case letters, digits, '.', '_' and '-'. */
	public static final String NAME_PATTERN = "^[a-z0-9][a-z0-9._-]{0,63}$";

	/** The namespace used when a request names none. */
	public static final String DEFAULT_NAMESPACE = "default";

	private Tenants() {
	}

}
