package io.llmcache.feedback;

import java.util.Set;

import io.llmcache.TestApiKeys;
import io.llmcache.WebRequests;
import io.llmcache.WebSliceTest;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.Role;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Web slice of {@link FeedbackController}, with its services replaced.
 */
@WebSliceTest(FeedbackController.class)
class FeedbackControllerTests {

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	FeedbackService feedback;

	@Test
	void passesFeedbackOnWith204() {
		assertThat(WebRequests.post(this.mvc, "/v1/cache/entries/e-1/feedback", TestApiKeys.ACME_ADMIN,
				"{\"verdict\":\"wrong\",\"query\":\"what is the capital of Peru\"}"))
			.hasStatus(204);
		verify(this.feedback).feedback(eq(new Caller("acme-admin", "acme", Set.of(Role.READ, Role.WRITE, Role.ADMIN))),
				eq("e-1"), eq(new FeedbackRequest("wrong", "what is the capital of Peru")));
	}

	@Test
	void rejectsFeedbackWithoutAKnownVerdict() {
		assertThat(WebRequests.post(this.mvc, "/v1/cache/entries/e-1/feedback", TestApiKeys.ACME_ADMIN,
				"{\"verdict\":\"maybe\"}"))
			.hasStatus(400)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.containsExactly("verdict");
		assertThat(WebRequests.post(this.mvc, "/v1/cache/entries/e-1/feedback", TestApiKeys.ACME_READER,
				"{\"verdict\":\"right\"}"))
			.hasStatus(403);
		verifyNoInteractions(this.feedback);
	}

}
