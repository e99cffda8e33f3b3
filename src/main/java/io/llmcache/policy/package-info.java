/**
 * Namespace policies: TTLs, allowed match types, normalization and key parameters.
 */
package io.llmcache.policy;
