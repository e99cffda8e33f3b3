package io.llmcache.lookup;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmcache.entry.StoredEntry;
import io.llmcache.entry.TenantNamespace;
import io.llmcache.key.CacheKeyFactory;
import io.llmcache.key.CacheKeys;
import io.llmcache.key.LlmRequest;
import io.llmcache.normalize.NormalizationRules;
import io.llmcache.normalize.TextNormalizer;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;
import io.llmcache.policy.NonDeterministicSettings;
import io.llmcache.policy.SemanticSettings;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lookups, policies and entries for the unit tests of the matchers: real keys from the
 * real {@link CacheKeyFactory}, so that what a matcher compares is what production
 * compares.
 *
 */
public final class TestLookups {

	/** The namespace every lookup of these tests is in. */
	public static final TenantNamespace NAMESPACE = new TenantNamespace("acme", "support");

	/** The time of every lookup of these tests. */
	public static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final CacheKeyFactory keyFactory = new CacheKeyFactory();

	private TestLookups() {
	}

	/**
	 * A policy of the namespace with default normalization and guards on.
	 * @param matchTypes the match types it allows
	 * @return the policy
	 */
	public static NamespacePolicy policy(MatchType... matchTypes) {
		NormalizationRules rules = NormalizationRules.defaults();
		Set<MatchType> allowed = (matchTypes.length > 0) ? EnumSet.of(matchTypes[0], matchTypes)
				: EnumSet.noneOf(MatchType.class);
		return new NamespacePolicy(NAMESPACE.namespace(), 1, Duration.ofHours(1), Duration.ofDays(1), allowed,
				TextNormalizer.compile(rules), List.of(), List.of(), NamespacePolicy.keyVersionOf(rules, List.of()),
				new SemanticSettings(0.9, 0.9, SemanticSettings.LAST_USER_TURN, true, null, true),
				new NonDeterministicSettings(NonDeterministicSettings.Mode.BYPASS, 3));
	}

	/**
	 * A chat request with one user turn.
	 * @param text the user's text
	 * @return the request
	 */
	public static LlmRequest chat(String text) {
		return new LlmRequest("gpt-4o",
				List.of(json.readTree(json.writeValueAsString(Map.of("role", "user", "content", text)))), null, null,
				null);
	}

	/**
	 * A completion request.
	 * @param prompt the prompt
	 * @param params its parameters, or {@code null}
	 * @return the request
	 */
	public static LlmRequest completion(String prompt, Map<String, JsonNode> params) {
		return new LlmRequest("gpt-3.5-turbo-instruct", null, prompt, null, params);
	}

	/**
	 * The keys of a request in the namespace.
	 * @param policy the policy
	 * @param request the request
	 * @return its keys
	 */
	public static CacheKeys keys(NamespacePolicy policy, LlmRequest request) {
		return keyFactory.keysFor(NAMESPACE.tenant(), policy, request);
	}

	/**
	 * A lookup of a request, with no limits of its own.
	 * @param policy the policy
	 * @param request the request
	 * @return the lookup's context
	 */
	public static LookupContext context(NamespacePolicy policy, LlmRequest request) {
		return context(policy, request, false);
	}

	/**
	 * A lookup of a request, or its explanation.
	 * @param policy the policy
	 * @param request the request
	 * @param explaining whether it is explained
	 * @return the lookup's context
	 */
	public static LookupContext context(NamespacePolicy policy, LlmRequest request, boolean explaining) {
		return new LookupContext(NAMESPACE, policy, keys(policy, request), request, null, null, NOW, explaining);
	}

	/**
	 * An entry as a read returns it, stored for a request.
	 * @param id its id
	 * @param keys the keys of its request
	 * @param requestJson its request, or {@code null}
	 * @param responseJson its response
	 * @param semantic its semantic data, or {@code null}
	 * @return the entry
	 */
	public static StoredEntry entry(String id, CacheKeys keys, String requestJson, String responseJson,
			StoredEntry.SemanticData semantic) {
		return new StoredEntry(id, 3, "gpt-4o", keys.exact().digestText(), keys.normalized().digestText(), requestJson,
				responseJson, semantic, null, List.of(), Map.of(), NOW.minusSeconds(60), NOW.plusSeconds(3600), null);
	}

	/**
	 * A hit serving an entry's response.
	 * @param entry the entry
	 * @return the hit
	 */
	public static Match.Hit hit(StoredEntry entry) {
		return new Match.Hit(entry, entry.responseJson(), 1.0, 60);
	}

	/**
	 * An entry as a service hands it to a controller, with fixed fields.
	 * @param entryId its id
	 * @return the entry
	 */
	public static StoredEntry storedEntry(String entryId) {
		Instant created = Instant.parse("2026-12-01T10:00:00Z");
		return new StoredEntry(entryId, 3, "m", "xd", "nd", "{\"prompt\":\"p\"}", "{\"text\":\"stored\"}", null, null,
				List.of("doc:1"), Map.of("source", "test"), created, created.plusSeconds(3600), null);
	}

}
