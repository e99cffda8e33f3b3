/**
 * Cross-cutting plumbing: problem details, request limits, Redis client options, OpenAPI.
 */
package io.llmcache.system;
