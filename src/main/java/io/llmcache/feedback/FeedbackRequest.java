package io.llmcache.feedback;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /v1/cache/entries/{entryId}/feedback}.
 *
 * @param verdict {@code wrong} (the entry was served for a request it does not answer) or
 * {@code right}
 * @param query the text of the request it was served for, kept with the feedback
 */
public record FeedbackRequest(@NotNull @Pattern(regexp = "wrong|right") String verdict,
		@Size(max = 4096) String query) {

	@JsonIgnore // derived from verdict, not a field of the body
	public boolean isWrong() {
		return "wrong".equals(this.verdict);
	}

}
