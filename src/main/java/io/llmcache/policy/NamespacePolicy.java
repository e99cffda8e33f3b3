package io.llmcache.policy;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.llmcache.normalize.NormalizationRules;
import io.llmcache.normalize.TextNormalizer;
import io.llmcache.system.Digests;

/**
 * The effective policy of one namespace, with its normalizer compiled.
 *
 * @param namespace the namespace
 * @param version the policy version, incremented on every change
 * @param defaultTtl the time to live of an entry stored without {@code ttlSeconds}
 * @param maxTtl the longest time to live a store may ask for; longer requests are capped
 * @param matchTypes the match types lookups may use
 * @param normalizer the compiled normalization rules
 * @param keyParams generation parameters known to change the output (part of the key)
 * @param ignoredParams generation parameters known not to change the output
 * @param keyVersion the version of everything that shapes keys: the normalization rules
 * and the list of ignored parameters ({@code keyParams} documents, it does not narrow:
 * see {@link #isKeyParam(String)}); part of every key, so entries made under other
 * settings never match
 * @param semantic how the namespace matches semantically, when its match types allow it
 * @param nonDeterministic what the proxy does with requests whose answers vary by design
 */
public record NamespacePolicy(String namespace, long version, Duration defaultTtl, Duration maxTtl,
		Set<MatchType> matchTypes, TextNormalizer normalizer, List<String> keyParams, List<String> ignoredParams,
		String keyVersion, SemanticSettings semantic, NonDeterministicSettings nonDeterministic) {

	/**
	 * The key version of a policy's settings.
	 * @param normalization the normalization rules
	 * @param ignoredParams the ignored parameters
	 * @return the key version
	 */
	public static String keyVersionOf(NormalizationRules normalization, List<String> ignoredParams) {
		return normalization.fingerprint() + "-p" + Digests.shortSha256(String.join("\n", ignoredParams));
	}

	/**
	 * The normalization rules.
	 * @return the rules
	 */
	public NormalizationRules normalization() {
		return this.normalizer.rules();
	}

	/**
	 * The same policy for another namespace.
	 * @param otherNamespace the namespace
	 * @return the policy
	 */
	public NamespacePolicy withNamespace(String otherNamespace) {
		return new NamespacePolicy(otherNamespace, this.version, this.defaultTtl, this.maxTtl, this.matchTypes,
				this.normalizer, this.keyParams, this.ignoredParams, this.keyVersion, this.semantic,
				this.nonDeterministic);
	}

	/**
	 * The same policy with another version.
	 * @param otherVersion the version
	 * @return the policy
	 */
	public NamespacePolicy withVersion(long otherVersion) {
		return new NamespacePolicy(this.namespace, otherVersion, this.defaultTtl, this.maxTtl, this.matchTypes,
				this.normalizer, this.keyParams, this.ignoredParams, this.keyVersion, this.semantic,
				this.nonDeterministic);
	}

	/**
	 * Whether a parameter is part of the key. Unknown parameters are: a parameter the
	 * policy does not list might change the output, and a split cache is cheaper than a
	 * wrong answer.
	 * @param name the parameter name
	 * @return {@code true} unless the parameter is listed as ignored
	 */
	public boolean isKeyParam(String name) {
		return !this.ignoredParams.contains(name);
	}

	/**
	 * The time to live for a store.
	 * @param requested the requested time to live, or {@code null} for the default
	 * @return the requested time capped at the maximum, or the default
	 */
	public Duration effectiveTtl(Duration requested) {
		Duration ttl = (requested != null) ? requested : this.defaultTtl;
		return (ttl.compareTo(this.maxTtl) > 0) ? this.maxTtl : ttl;
	}

}
