/**
 * Cache keys: the canonical, length-prefixed encoding of a request and its SHA-256
 * digest.
 */
package io.llmcache.key;
