/**
 * The audit log: every invalidation and policy change of a tenant, newest first, bounded
 * in size, kept in Redis.
 */
package io.llmcache.audit;
