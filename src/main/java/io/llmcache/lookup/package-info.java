/**
 * The lookup pipeline: one {@link io.llmcache.lookup.Matcher} per match type, tried in
 * order on an immutable {@link io.llmcache.lookup.LookupContext}, each answering a sealed
 * {@link io.llmcache.lookup.Match}; the {@link io.llmcache.lookup.LookupService} is the
 * typed lookup operation that the REST API and the proxy both call.
 */
package io.llmcache.lookup;
