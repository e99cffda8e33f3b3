package io.llmcache.invalidation;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The invalidation rules of one namespace that may still cover live entries, as of one
 * sequence number. Every read of an entry checks it, so an invalidation is in force from
 * the moment it is recorded, on every replica.
 *
 * @param sequence the namespace's sequence number these rules are current for
 * @param rules the rules, in sequence order
 */
public record RuleSet(long sequence, List<InvalidationRule> rules) {

	/** No rules at sequence 0: a namespace that was never invalidated. */
	public static final RuleSet EMPTY = new RuleSet(0, List.of());

	public RuleSet {
		rules = rules.stream().sorted(Comparator.comparingLong(InvalidationRule::sequence)).toList();
	}

	/**
	 * The first rule that hides an entry.
	 * @param entry the entry
	 * @return the rule, or empty if the entry may be served
	 */
	public Optional<InvalidationRule> coveringRule(EntryFacts entry) {
		for (InvalidationRule rule : this.rules) {
			if (rule.covers(entry)) {
				return Optional.of(rule);
			}
		}
		return Optional.empty();
	}

	/**
	 * The first rule recorded after a sequence number that selects an entry about to be
	 * stored: the check of a store that carries a {@link StoreToken}.
	 * @param sequence the sequence number the token was issued at
	 * @param entry the entry about to be stored
	 * @return the rule, or empty if no later invalidation selects the entry
	 */
	public Optional<InvalidationRule> selectingRuleAfter(long sequence, EntryFacts entry) {
		for (InvalidationRule rule : this.rules) {
			if (rule.sequence() > sequence && rule.selector().matches(entry)) {
				return Optional.of(rule);
			}
		}
		return Optional.empty();
	}

}
