/**
 * What an invalidation is, independent of where it is kept: a {@link Selector} of
 * entries, an {@link InvalidationRule} that applies it to everything stored before it,
 * the {@link RuleSet} every read checks, and the {@link StoreToken} that keeps a racing
 * store from bringing invalidated content back.
 */
package io.llmcache.invalidation;
