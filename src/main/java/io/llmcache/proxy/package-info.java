/**
 * The OpenAI-compatible proxy: {@code /openai/v1/...} forwarded to the configured
 * upstream through the cache, with streaming, request coalescing and per-item embeddings.
 */
package io.llmcache.proxy;
