package io.llmcache.prefix;

import io.llmcache.entry.TenantNamespace;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Service;

/**
 * The most shared prefixes of a namespace, with what providers' prompt caching could
 * serve from them.
 */
@Service
class PrefixAnalytics {

	private final PrefixIndexRepository repository;

	private final List<PrefixProperties.ProviderCaching> providers;

	private final Clock clock;

	PrefixAnalytics(PrefixIndexRepository repository, PrefixProperties properties, Clock clock) {
		this.repository = repository;
		this.providers = properties.providers();
		this.clock = clock;
	}

	/**
	 * The most shared prefixes.
	 * @param tenant the caller's tenant
	 * @param namespace the namespace
	 * @param limit how many, at most
	 * @return the prefixes, by the tokens their reuse could save, most first
	 */
	SharedPrefixes top(String tenant, String namespace, int limit) {
		long now = this.clock.millis();
		List<SharedPrefixes.Prefix> prefixes = this.repository.top(new TenantNamespace(tenant, namespace), limit)
			.stream()
			.map((shared) -> {
				// Every store after the first, and every lookup, sent this prefix again.
				long reuses = Math.max(0, shared.stores() - 1) + shared.lookups();
				List<SharedPrefixes.ProviderFigure> figures = this.providers.stream()
					.map((provider) -> new SharedPrefixes.ProviderFigure(provider.name(),
							provider.cacheable(shared.tokens()), provider.cacheable(shared.tokens()) * reuses))
					.toList();
				List<String> entryIds = shared.entries()
					.stream()
					.filter((entry) -> entry.expiresAtMillis() > now)
					.map(IndexedBlock.EntryRef::entryId)
					.toList();
				return new SharedPrefixes.Prefix(shared.blockId(), shared.tokens(), shared.stores(), shared.lookups(),
						(long) shared.tokens() * reuses, entryIds, figures);
			})
			.toList();
		return new SharedPrefixes(namespace, Instant.ofEpochMilli(now), prefixes);
	}

	/**
	 * Answer of {@code GET /v1/admin/prefixes}.
	 *
	 * @param namespace the namespace
	 * @param at when the figures were read
	 * @param prefixes the most shared prefixes, most reused tokens first
	 */
	record SharedPrefixes(String namespace, Instant at, List<Prefix> prefixes) {

		/**
		 * A shared prefix: the token sequence up to the end of a segment.
		 *
		 * @param prefixId the id of its last block in the index
		 * @param tokens its length in tokens
		 * @param entries the stores whose requests start with it (a request stored again
		 * counts again)
		 * @param lookups the prefix lookups whose longest shared prefix it was
		 * @param reusedTokens the tokens sent again in those stores and lookups:
		 * {@code tokens * (entries - 1 + lookups)}
		 * @param entryIds the newest live entries that start with it
		 * @param providers per provider, the tokens of this prefix its prompt caching
		 * could serve, and those times the reuses
		 */
		record Prefix(String prefixId, int tokens, long entries, long lookups, long reusedTokens, List<String> entryIds,
				List<ProviderFigure> providers) {

		}

		/**
		 * What a provider's prompt caching could serve from a prefix.
		 *
		 * @param provider the provider
		 * @param cacheableTokens the tokens of the prefix it caches (0 below its minimum;
		 * else rounded down to its granularity)
		 * @param servableTokens {@code cacheableTokens} times the reuses
		 */
		record ProviderFigure(String provider, long cacheableTokens, long servableTokens) {

		}

	}

}
