/**
 * Feedback on served entries: a {@code wrong} verdict stops an entry from being served
 * semantically, and every verdict is kept for study.
 */
package io.llmcache.feedback;
