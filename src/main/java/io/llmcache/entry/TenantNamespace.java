package io.llmcache.entry;

import java.util.Optional;
import java.util.regex.Pattern;

import io.llmcache.system.Digests;
import io.llmcache.tenant.Tenants;

/**
 * A tenant's namespace: the hard boundary no match ever crosses, and the one place where
 * Redis key names are made. Every key of the namespace starts with {@link #keyPrefix()},
 * whose hash tag keeps all of them in one Redis Cluster slot so that an entry, its
 * pointer, its index memberships and the namespace's invalidation rules change together
 * in one script. Keys that belong to a whole tenant or to the whole service are made by
 * {@link #tenantKey(String, String)} and {@link #sharedKey(String, String)}; scripts
 * receive keys made here and never build one.
 *
 * @param tenant the tenant, from the API key
 * @param namespace the namespace within the tenant
 */
public record TenantNamespace(String tenant, String namespace) {

	/** The first characters of every key the service writes. */
	private static final String PREFIX = "llmc:";

	private static final Pattern NAME = Pattern.compile(Tenants.NAME_PATTERN);

	/**
	 * Checks both names: they end up inside key names and hash tags, so a name outside
	 * {@link Tenants#NAME_PATTERN} (a '/', '{' or '}') could reach another namespace's
	 * keys.
	 */
	public TenantNamespace {
		if (tenant == null || !NAME.matcher(tenant).matches()) {
			throw new IllegalArgumentException("Not a tenant name: " + tenant);
		}
		if (namespace == null || !NAME.matcher(namespace).matches()) {
			throw new IllegalArgumentException("Not a namespace name: " + namespace);
		}
	}

	/**
	 * The namespace of a tenant, or the default namespace when none is named.
	 * @param tenant the tenant
	 * @param namespace the namespace, or {@code null}
	 * @return the tenant's namespace
	 */
	public static TenantNamespace of(String tenant, String namespace) {
		return new TenantNamespace(tenant, (namespace != null) ? namespace : Tenants.DEFAULT_NAMESPACE);
	}

	/**
	 * The key prefix: {@code llmc:{<tenant>/<namespace>}:}. Names cannot contain '/', '{'
	 * or '}', so the prefix is unambiguous and starts with the tenant's own prefix
	 * {@code llmc:{<tenant>/}. @return the prefix
	 */
	public String keyPrefix() {
		return PREFIX + "{" + this.tenant + "/" + this.namespace + "}:";
	}

	/**
	 * A key of this namespace, for features that keep data of their own beside the
	 * entries (prefix blocks, proxy leases, statistics).
	 * @param suffix what follows the prefix
	 * @return the key
	 */
	public String key(String suffix) {
		return keyPrefix() + suffix;
	}

	/**
	 * A key of a whole tenant: {@code llmc:{<tenant>/}:<name>} (its audit log, its
	 * feedback, its list of namespaces).
	 * @param tenant the tenant
	 * @param name the key's name
	 * @return the key
	 */
	public static String tenantKey(String tenant, String name) {
		return PREFIX + "{" + tenant + "/}:" + name;
	}

	/**
	 * A key shared by the whole service: {@code llmc:{<group>}:<name>} (policies, the
	 * sweepers' work list, vector changes). The group is the hash tag.
	 * @param group the group
	 * @param name the key's name
	 * @return the key
	 */
	public static String sharedKey(String group, String name) {
		return PREFIX + "{" + group + "}:" + name;
	}

	/**
	 * The namespace's name in control data, {@code <tenant>/<namespace>}.
	 * @return the name
	 */
	public String qualifiedName() {
		return this.tenant + "/" + this.namespace;
	}

	/**
	 * Reads a {@linkplain #qualifiedName() qualified name} back.
	 * @param name the name
	 * @return the namespace, or empty if the name is not one
	 */
	public static Optional<TenantNamespace> parse(String name) {
		int slash = name.indexOf('/');
		if (slash < 1) {
			return Optional.empty();
		}
		String tenant = name.substring(0, slash);
		String namespace = name.substring(slash + 1);
		return (NAME.matcher(tenant).matches() && NAME.matcher(namespace).matches())
				? Optional.of(new TenantNamespace(tenant, namespace)) : Optional.empty();
	}

	/** The hash of an entry. @param exactDigest its exact digest @return the key */
	public String entryKey(String exactDigest) {
		return key("e:" + exactDigest);
	}

	/**
	 * The pointer from a normalized form to the newest entry with it.
	 * @param normalizedDigest the normalized digest
	 * @return the key
	 */
	public String pointerKey(String normalizedDigest) {
		return key("n:" + normalizedDigest);
	}

	/**
	 * The hash of the namespace's invalidation sequence number and latest expiry.
	 * @return the key
	 */
	public String controlKey() {
		return key("ctl");
	}

	/**
	 * The hash of the namespace's invalidation rules, by sequence number. @return the key
	 */
	public String rulesKey() {
		return key("inv");
	}

	/** The sweeper's lease on this namespace. @return the key */
	public String sweepLeaseKey() {
		return key("sweep");
	}

	/** Entries with a vector (semantic entries), scored by expiry. @return the key */
	public String semanticIndexKey() {
		return key("x:sem");
	}

	/**
	 * Completion-form entries of one continuation context, by prompt name.
	 * @param contextDigest the context digest
	 * @return the key
	 */
	public String continuationKey(String contextDigest) {
		return key("c:" + contextDigest);
	}

	/** Every entry, scored by expiry. @return the key */
	public String allIndexKey() {
		return key("x:all");
	}

	/**
	 * Entries of a model, scored by expiry; the model name is hashed to bound the key.
	 * @param model the model
	 * @return the key
	 */
	public String modelIndexKey(String model) {
		return key("x:m:" + Digests.shortSha256(model));
	}

	/** Entries with a tag, scored by expiry. @param tag the tag @return the key */
	public String tagIndexKey(String tag) {
		return key("x:t:" + tag);
	}

}
