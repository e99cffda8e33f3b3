package io.llmcache.invalidation;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Which entries of a namespace an invalidation covers. The selectors combine with AND;
 * {@code tags} matches an entry carrying any of them. {@code all} alone covers every
 * entry.
 *
 * @param tags entries with any of these tags, or empty for any entry
 * @param model entries of this model, or {@code null}
 * @param promptPrefix entries whose rendered prompt starts with this text on its
 * canonical tokens (see {@link RenderedPrompt}), or {@code null}
 * @param createdBefore entries stored before this instant, or {@code null}
 * @param all whether the selector covers the whole namespace
 */
public record Selector(List<String> tags, String model, String promptPrefix, Instant createdBefore, boolean all) {

	/**
	 * The longest prompt prefix a selector may name (a long system prompt fits): every
	 * replica holds the rules in force in memory.
	 */
	public static final int MAX_PROMPT_PREFIX = 32_768;

	public Selector {
		tags = (tags != null) ? List.copyOf(Set.copyOf(tags)).stream().sorted().toList() : List.of();
	}

	/**
	 * Whether the selector names anything at all. One that does not is refused, so that
	 * emptying a namespace always takes an explicit {@code all}.
	 * @return {@code true} if at least one selector or {@code all} is set
	 */
	@JsonIgnore // a check, not part of the selector as stored and audited
	public boolean isSpecified() {
		return this.all || !this.tags.isEmpty() || this.model != null || this.promptPrefix != null
				|| this.createdBefore != null;
	}

	/**
	 * Whether an entry is selected.
	 * @param entry the entry
	 * @return {@code true} if every given selector matches it
	 */
	public boolean matches(EntryFacts entry) {
		if (!this.tags.isEmpty() && entry.tags().stream().noneMatch(this.tags::contains)) {
			return false;
		}
		if (this.model != null && !this.model.equals(entry.model())) {
			return false;
		}
		if (this.createdBefore != null && !entry.createdAt().isBefore(this.createdBefore)) {
			return false;
		}
		return this.promptPrefix == null || entry.promptStartsWith().test(this.promptPrefix);
	}

}
