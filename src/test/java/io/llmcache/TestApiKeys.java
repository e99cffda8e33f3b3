package io.llmcache;

/**
 * The API keys configured in {@code application-test.properties}.
 */
public final class TestApiKeys {

	/** Tenant {@code acme}, roles read, write, admin. */
	public static final String ACME_ADMIN = "acme-admin-key";

	/** Tenant {@code acme}, role read. */
	public static final String ACME_READER = "acme-read-key";

	/**
	 * Tenant {@code acme}, role write only: the key that shows a {@code read} endpoint
	 * refusing a caller without that role.
	 */
	public static final String ACME_WRITER = "acme-write-key";

	/** Tenant {@code globex}, roles read, write, admin. */
	public static final String GLOBEX_ADMIN = "globex-key";

	private TestApiKeys() {
	}

}
