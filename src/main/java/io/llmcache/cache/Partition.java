package io.llmcache.cache;

import java.util.Optional;
import java.util.regex.Pattern;

import io.llmcache.system.Digests;
import io.llmcache.tenant.Tenants;

/**
 * A tenant's namespace: the hard boundary no match ever crosses. Every Redis key of the
 * partition starts with {@link #keyPrefix()}, whose hash tag keeps all of them in one
 * Redis Cluster slot so that an entry, its pointer, its index memberships and the
 * namespace's invalidation rules change together in one script.
 *
 * @param tenant the tenant, from the API key
 * @param namespace the namespace within the tenant
 * @author llm-cache developers
 */
record Partition(String tenant, String namespace) {

	private static final Pattern NAME = Pattern.compile(Tenants.NAME_PATTERN);

	/**
	 * The key prefix: {@code llmc:{<tenant>/<namespace>}:}. Tenant and namespace names
	 * cannot contain '/', '{' or '}', so the prefix is unambiguous and starts with the
	 * tenant's own prefix {@code llmc:{<tenant>/}. @return the prefix
	 */
	String keyPrefix() {
		return "llmc:{" + this.tenant + "/" + this.namespace + "}:";
	}

	/**
	 * The partition's name in control data, {@code <tenant>/<namespace>}.
	 * @return the name
	 */
	String qualifiedName() {
		return this.tenant + "/" + this.namespace;
	}

	/**
	 * Reads a {@linkplain #qualifiedName() qualified name} back.
	 * @param name the name
	 * @return the partition, or empty if the name is not one
	 */
	static Optional<Partition> parse(String name) {
		int slash = name.indexOf('/');
		if (slash < 1) {
			return Optional.empty();
		}
		String tenant = name.substring(0, slash);
		String namespace = name.substring(slash + 1);
		return NAME.matcher(namespace).matches() ? Optional.of(new Partition(tenant, namespace)) : Optional.empty();
	}

	String entryKey(String exactDigest) {
		return keyPrefix() + "e:" + exactDigest;
	}

	String pointerKey(String normalizedDigest) {
		return keyPrefix() + "n:" + normalizedDigest;
	}

	/** The hash of the namespace's invalidation sequence number and latest expiry. */
	String controlKey() {
		return keyPrefix() + "ctl";
	}

	/** The hash of the namespace's invalidation rules, by sequence number. */
	String rulesKey() {
		return keyPrefix() + "inv";
	}

	/** The sweeper's lease on this partition. */
	String sweepLeaseKey() {
		return keyPrefix() + "sweep";
	}

	/** Entries with a vector (semantic entries), scored by expiry. */
	String semanticIndexKey() {
		return keyPrefix() + "x:sem";
	}

	/**
	 * Completion-form entries of one continuation context, by prompt name.
	 */
	String continuationKey(String contextDigest) {
		return keyPrefix() + "c:" + contextDigest;
	}

	/** Every entry, scored by expiry. */
	String allIndexKey() {
		return keyPrefix() + "x:all";
	}

	/**
	 * Entries of a model, scored by expiry; the model name is hashed to bound the key.
	 */
	String modelIndexKey(String model) {
		return keyPrefix() + "x:m:" + Digests.shortSha256(model);
	}

	/** Entries with a tag, scored by expiry. */
	String tagIndexKey(String tag) {
		return keyPrefix() + "x:t:" + tag;
	}

}
