package io.llmcache.docs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentedAnswerTests {

	@Test
	void ellipsisMatchesAnyValueOrTheRestOfAText() {
		DocumentedAnswer answer = new DocumentedAnswer(
				"{\"id\":\"inv_…\",\"time\":\"…\",\"request\":{…},\"entries\":…,\"matched\":1}");
		assertThat(answer.differences(
				"{\"id\":\"inv_42\",\"time\":\"2026-01-01T00:00:00Z\",\"request\":{\"a\":1},\"entries\":0,\"matched\":1.0}"))
			.isEmpty();
		assertThat(answer.differences("{\"id\":\"x_42\",\"time\":\"t\",\"request\":{},\"entries\":0,\"matched\":1}"))
			.containsExactly("$.id: expected \"inv_…\" but was \"x_42\"");
	}

	@Test
	void fieldsAreExactlyThoseShownUnlessATrailingEllipsisAllowsMore() {
		assertThat(new DocumentedAnswer("{\"hit\":true}").differences("{\"hit\":true,\"entryId\":\"e\"}"))
			.containsExactly("$.entryId: not in the README");
		assertThat(new DocumentedAnswer("{\"hit\":true,…}").differences("{\"hit\":true,\"entryId\":\"e\"}")).isEmpty();
		assertThat(new DocumentedAnswer("{\"hit\":true,…}").differences("{\"entryId\":\"e\"}"))
			.containsExactly("$.hit: missing");
	}

	@Test
	void anAnswerThatIsNotJsonMustEqualTheOutput() {
		assertThat(new DocumentedAnswer("404").differences("404\n")).isEmpty();
		assertThat(new DocumentedAnswer("404").differences("200")).containsExactly("expected 404 but was 200");
	}

}
