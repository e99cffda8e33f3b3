package io.llmcache.invalidation;

import java.time.Instant;
import java.util.List;

import io.llmcache.entry.TenantNamespace;

import org.springframework.stereotype.Component;

/**
 * Counts the entries an invalidation matches: exactly while the selector's indexes are
 * small, from their live sizes above {@link InvalidationProperties#exactCountLimit()}, so
 * that a real invalidation costs the same whatever it covers.
 */
@Component
class MatchCounter {

	private final InvalidationRepository repository;

	private final InvalidationScanner scanner;

	private final int exactCountLimit;

	MatchCounter(InvalidationRepository repository, InvalidationScanner scanner, InvalidationProperties properties) {
		this.repository = repository;
		this.scanner = scanner;
		this.exactCountLimit = properties.exactCountLimit();
	}

	/**
	 * Counts exactly, whatever it costs: for a dry run.
	 * @param namespace the tenant's namespace
	 * @param selector the selector
	 * @param loaded the rules in force
	 * @param now the current time
	 * @return the live entries the selector matches that no rule already hides
	 */
	long countExactly(TenantNamespace namespace, Selector selector, InvalidationRepository.LoadedRules loaded,
			Instant now) {
		return this.scanner.countMatching(namespace, selector, loaded.rules(), now);
	}

	/**
	 * Counts exactly when that is cheap. Above the limit, the live size of the selector's
	 * indexes is exact only for a selector that is just one tag, just a model, or just
	 * {@code all}, with no earlier invalidation still being swept.
	 * @param namespace the tenant's namespace
	 * @param selector the selector
	 * @param loaded the rules in force
	 * @param now the current time
	 * @return the count, and whether it is an estimate
	 */
	Count count(TenantNamespace namespace, Selector selector, InvalidationRepository.LoadedRules loaded, Instant now) {
		List<String> indexes = InvalidationScanner.indexesFor(namespace, selector);
		long members = 0;
		long live = 0;
		for (String index : indexes) {
			InvalidationRepository.IndexSize size = this.repository.sizeOf(index, now);
			members += size.members();
			live += size.live();
		}
		if (members <= this.exactCountLimit) {
			return new Count(countExactly(namespace, selector, loaded, now), false);
		}
		boolean oneIndexOnly = selector.promptPrefix() == null && selector.createdBefore() == null
				&& (selector.tags().isEmpty() || selector.tags().size() == 1 && selector.model() == null);
		boolean nothingPending = loaded.swept() >= loaded.rules().sequence() || loaded.rules().rules().isEmpty();
		return new Count(live, !(oneIndexOnly && nothingPending));
	}

	/**
	 * A count of matched entries.
	 *
	 * @param matched how many
	 * @param estimated whether that is an estimate
	 */
	record Count(long matched, boolean estimated) {

	}

}
