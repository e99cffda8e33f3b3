package io.llmcache.invalidation;

import java.util.Optional;
import java.util.function.Supplier;

import io.llmcache.entry.EntryId;
import io.llmcache.entry.EntryRepository;
import io.llmcache.entry.StoredEntry;
import io.llmcache.entry.TenantNamespace;

import org.springframework.stereotype.Component;

/**
 * Whether an invalidation hides an entry that was just read. Every read of an entry
 * brings the namespace's invalidation sequence number along; the rules at that number
 * (see {@link RuleSetCache}) decide, so a rule recorded on any replica is checked by the
 * very next read everywhere.
 */
@Component
public class InvalidationCheck {

	private final RuleSetCache ruleSets;

	private final EntryPrompts prompts;

	private final EntryRepository entries;

	InvalidationCheck(RuleSetCache ruleSets, EntryPrompts prompts, EntryRepository entries) {
		this.ruleSets = ruleSets;
		this.prompts = prompts;
		this.entries = entries;
	}

	/**
	 * The invalidation that hides an entry, checked against the rules of the read.
	 * @param namespace the tenant's namespace
	 * @param sequence the sequence number the read returned
	 * @param entry the entry read
	 * @return the rule, or empty if none covers the entry
	 */
	public Optional<InvalidationRule> coveringRule(TenantNamespace namespace, long sequence, StoredEntry entry) {
		RuleSet rules = this.ruleSets.rulesAt(namespace, sequence);
		if (rules.rules().isEmpty()) {
			return Optional.empty();
		}
		String exactDigest = EntryId.parse(entry.entryId()).map(EntryId::exactDigest).orElse("");
		Supplier<String> request = (entry.requestJson() != null) ? entry::requestJson
				: () -> this.entries.requestJson(namespace, exactDigest);
		return rules.coveringRule(new EntryFacts(entry.generation(), entry.model(), entry.tags(), entry.createdAt(),
				this.prompts.startsWith(entry.model(), request)));
	}

}
