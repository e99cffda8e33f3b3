/**
 * The operator console at {@code /console}: static pages in the jar that call the
 * service's own API with a key kept in the browser tab, served under a strict Content
 * Security Policy.
 */
package io.llmcache.console;
