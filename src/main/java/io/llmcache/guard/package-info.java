/**
 * Semantic guards: hand-written checks of two texts that a cosine similarity cannot make
 * (negation, numbers, entities, roles, antonyms, question words). Pure functions of the
 * texts, chosen per namespace by its policy and applied by semantic matching.
 */
package io.llmcache.guard;
