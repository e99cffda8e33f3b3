/**
 * The cache API: lookup, store, get, delete and explain of LLM responses.
 */
package io.llmcache.cache;
