/**
 * Prompt normalization: Unicode, whitespace, case and volatile-fragment masks, versioned.
 */
package io.llmcache.normalize;
