package io.llmcache.feedback;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Feedback on an entry, kept so that wrong semantic hits can be studied and the
 * calibration revisited: the pair is the query it was served for and the entry's text.
 *
 * @param time when it was given
 * @param keyId who gave it
 * @param namespace the entry's namespace
 * @param entryId the entry
 * @param verdict {@code wrong} or {@code right}
 * @param query the text of the request it was served for, if given
 * @param entryText the entry's compared text, if it is a semantic entry
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedbackRecord(Instant time, String keyId, String namespace, String entryId, String verdict, String query,
		String entryText) {

}
