/**
 * Tenants and API keys: who is calling, decided by the bearer key alone.
 */
package io.llmcache.tenant;
