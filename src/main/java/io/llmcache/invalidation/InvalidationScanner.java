package io.llmcache.invalidation;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.llmcache.entry.Deletion;
import io.llmcache.entry.EntriesDeleted;
import io.llmcache.entry.EntryRepository;
import io.llmcache.entry.TenantNamespace;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Walks the entries a selector may cover, through the narrowest index it names: the
 * indexes of its tags, else of its model, else of the whole namespace. Used to count the
 * entries an invalidation matches and to sweep the entries it covers; both cost time in
 * proportion to the index, which is why neither runs on the path of a real invalidation
 * above {@link InvalidationProperties#exactCountLimit()}.
 */
@Component
class InvalidationScanner {

	private final InvalidationRepository repository;

	private final EntryRepository entries;

	private final ApplicationEventPublisher events;

	private final EntryPrompts prompts;

	private final int batchSize;

	InvalidationScanner(InvalidationRepository repository, EntryRepository entries, ApplicationEventPublisher events,
			EntryPrompts prompts, InvalidationProperties properties) {
		this.repository = repository;
		this.entries = entries;
		this.events = events;
		this.prompts = prompts;
		this.batchSize = properties.sweepBatchSize();
	}

	/**
	 * The indexes that hold every entry a selector can match.
	 * @param partition the partition
	 * @param selector the selector
	 * @return index keys
	 */
	static List<String> indexesFor(TenantNamespace partition, Selector selector) {
		if (!selector.tags().isEmpty()) {
			return selector.tags().stream().map(partition::tagIndexKey).toList();
		}
		if (selector.model() != null) {
			return List.of(partition.modelIndexKey(selector.model()));
		}
		return List.of(partition.allIndexKey());
	}

	/**
	 * Counts the live entries a selector matches that no rule already hides.
	 * @param partition the partition
	 * @param selector the selector
	 * @param rules the rules in force
	 * @param now the current time
	 * @return the count
	 */
	long countMatching(TenantNamespace partition, Selector selector, RuleSet rules, Instant now) {
		AtomicLong matched = new AtomicLong();
		boolean withRequests = selector.promptPrefix() != null
				|| rules.rules().stream().anyMatch((rule) -> rule.selector().promptPrefix() != null);
		forEachEntry(partition, selector, withRequests,
				(batch) -> batch.stream()
					.filter((entry) -> entry.isLive(now))
					.map((entry) -> entry.facts(this.prompts))
					.filter((facts) -> rules.coveringRule(facts).isEmpty() && selector.matches(facts))
					.forEach((facts) -> matched.incrementAndGet()));
		return matched.get();
	}

	/**
	 * Deletes the entries a rule covers.
	 * @param partition the partition
	 * @param rule the rule
	 * @return how many entries were deleted
	 */
	long sweep(TenantNamespace partition, InvalidationRule rule) {
		AtomicLong deleted = new AtomicLong();
		forEachEntry(partition, rule.selector(), rule.selector().promptPrefix() != null, (batch) -> {
			Map<String, String> covered = new LinkedHashMap<>();
			batch.stream()
				.filter((entry) -> rule.covers(entry.facts(this.prompts)))
				.forEach((entry) -> covered.put(entry.exactDigest(), entry.entryId()));
			Deletion deletion = this.entries.delete(partition, covered);
			this.events.publishEvent(new EntriesDeleted(partition, deletion.withVectors()));
			deleted.addAndGet(deletion.deleted());
		});
		return deleted.get();
	}

	/**
	 * Calls back with batches of present entries, with their stored requests if asked;
	 * drops members of entries gone.
	 */
	private void forEachEntry(TenantNamespace partition, Selector selector, boolean withRequests,
			Consumer<List<ScannedEntry>> action) {
		Set<String> seen = new HashSet<>();
		for (String index : indexesFor(partition, selector)) {
			this.repository.scan(index, this.batchSize, (members) -> {
				List<String> unseen = members.stream().filter(seen::add).toList();
				if (unseen.isEmpty()) {
					return;
				}
				List<ScannedEntry> batch = ScannedEntry.read(this.entries, partition, unseen, withRequests);
				this.repository.removeFromIndex(index,
						batch.stream().filter((entry) -> !entry.isPresent()).map(ScannedEntry::exactDigest).toList());
				action.accept(batch.stream().filter(ScannedEntry::isPresent).toList());
			});
		}
	}

}
