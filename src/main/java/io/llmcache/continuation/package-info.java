/**
 * Continuation hits: a completion prompt that is a cached prompt followed by the start of
 * its cached completion (the user typed what the model had suggested) is answered with
 * the rest of that completion.
 */
package io.llmcache.continuation;
