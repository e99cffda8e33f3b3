package io.llmcache.proxy;

import io.llmcache.tenant.Caller;

/**
 * How to store an upstream answer.
 *
 * @param caller the caller, whose tenant the entry goes to
 * @param description the request as the cache keys it
 * @param directives the caller's cache headers (namespace, tags, TTL)
 * @param storeToken the token of the lookup that missed, or {@code null}
 */
record StorePlan(Caller caller, OpenAiRequest.Description description, CacheDirectives directives, String storeToken) {

}
