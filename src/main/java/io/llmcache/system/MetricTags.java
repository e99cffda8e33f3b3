package io.llmcache.system;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Bounds the values of the {@code namespace} tag of every meter: namespace names come
 * from callers, so at most {@value #MAX_NAMESPACE_TAGS} distinct ones are used as tag
 * values; the rest are counted as {@code _other}.
 */
@Component
public class MetricTags {

	/** The most distinct namespace tag values. */
	public static final int MAX_NAMESPACE_TAGS = 200;

	private static final String OTHER_NAMESPACE = "_other";

	private final Set<String> namespaceTags = ConcurrentHashMap.newKeySet();

	/**
	 * The tag value for a namespace.
	 * @param namespace the namespace
	 * @return its name, or {@code _other} past the limit
	 */
	public String namespace(String namespace) {
		if (this.namespaceTags.contains(namespace)) {
			return namespace;
		}
		if (this.namespaceTags.size() < MAX_NAMESPACE_TAGS) {
			this.namespaceTags.add(namespace);
			return namespace;
		}
		return OTHER_NAMESPACE;
	}

}
