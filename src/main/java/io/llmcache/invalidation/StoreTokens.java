package io.llmcache.invalidation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.llmcache.entry.StoredEntry;
import io.llmcache.entry.TenantNamespace;
import io.llmcache.key.LlmRequest;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;

import org.springframework.stereotype.Component;

/**
 * Store tokens: a lookup miss hands one out with the namespace's invalidation sequence
 * number; a store that carries it is refused when an invalidation recorded since then
 * covers the entry.
 */
@Component
public class StoreTokens {

	private final RuleSetCache ruleSets;

	private final EntryPrompts prompts;

	private final Duration ttl;

	StoreTokens(RuleSetCache ruleSets, EntryPrompts prompts, InvalidationProperties properties) {
		this.ruleSets = ruleSets;
		this.prompts = prompts;
		this.ttl = properties.storeTokenTtl();
	}

	/**
	 * A token for a lookup that missed.
	 * @param namespace the tenant's namespace
	 * @param sequence the sequence number of the lookup's latest read
	 * @param now the time of the lookup
	 * @return the token text
	 */
	public String issue(TenantNamespace namespace, long sequence, Instant now) {
		return StoreToken.issue(namespace.tenant(), namespace.namespace(), sequence, now).encode();
	}

	/**
	 * The store token a store carries, once it is known to be usable here.
	 * @param namespace the tenant's namespace
	 * @param text the token as sent, or {@code null}
	 * @param now the current time
	 * @return the token, or {@code null} if none was sent
	 * @throws ApiException if it was not issued for this namespace or is too old
	 */
	public StoreToken checked(TenantNamespace namespace, String text, Instant now) {
		if (text == null) {
			return null;
		}
		StoreToken token = StoreToken.decode(text)
			.filter((candidate) -> candidate.isFor(namespace.tenant(), namespace.namespace()))
			.orElseThrow(() -> new ApiException(ProblemType.VALIDATION,
					"storeToken was not issued by a lookup in this namespace"));
		if (token.issuedAt().plus(this.ttl).isBefore(now)) {
			throw new ApiException(ProblemType.STALE_STORE_TOKEN,
					"The storeToken is older than " + this.ttl.toMinutes()
							+ " minutes and can no longer be checked; nothing was stored. "
							+ "Look up again and store with the new token.");
		}
		return token;
	}

	/**
	 * Refuses the store if an invalidation recorded after the token's lookup selects the
	 * entry.
	 * @param namespace the tenant's namespace
	 * @param token the token the store carries
	 * @param entry the entry about to be stored
	 * @param request the request it answers
	 * @return the sequence number the check was made at; the store goes ahead only if it
	 * is still current
	 * @throws ApiException if such an invalidation exists
	 */
	public long checkNoInvalidationSince(TenantNamespace namespace, StoreToken token, StoredEntry entry,
			LlmRequest request) {
		RuleSet rules = this.ruleSets.reload(namespace);
		EntryFacts facts = new EntryFacts(rules.sequence(), entry.model(), entry.tags(), entry.createdAt(),
				this.prompts.startsWith(request));
		Optional<InvalidationRule> rule = rules.selectingRuleAfter(token.sequence(), facts);
		if (rule.isPresent()) {
			throw new ApiException(ProblemType.STALE_STORE_TOKEN, "Invalidation " + rule.get().id()
					+ " was recorded after the lookup and covers this entry; it was not cached.");
		}
		return rules.sequence();
	}

}
