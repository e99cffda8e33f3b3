package io.llmcache.invalidation;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * What invalidation selectors look at in an entry.
 *
 * @param generation the invalidation sequence number in force when the entry was stored:
 * rules with a higher sequence number were recorded after it
 * @param model the entry's model
 * @param tags the entry's tags
 * @param createdAt when the entry was stored
 * @param promptStartsWith whether the entry's {@linkplain RenderedPrompt rendered prompt}
 * starts with a selector's text on its canonical tokens (see
 * {@link RenderedPrompt#startsWith}); called only when a prompt-prefix selector needs it
 */
public record EntryFacts(long generation, String model, List<String> tags, Instant createdAt,
		Predicate<String> promptStartsWith) {

}
