package io.llmcache.feedback;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmcache.TestApiKeys;
import io.llmcache.WebSliceTest;
import io.llmcache.entry.StoredEntry;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.Role;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;

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
		assertThat(post("/v1/cache/entries/e-1/feedback", TestApiKeys.ACME_ADMIN,
				"{\"verdict\":\"wrong\",\"query\":\"what is the capital of Peru\"}"))
			.hasStatus(204);
		verify(this.feedback).feedback(eq(new Caller("acme-admin", "acme", Set.of(Role.READ, Role.WRITE, Role.ADMIN))),
				eq("e-1"), eq(new FeedbackRequest("wrong", "what is the capital of Peru")));
	}

	@Test
	void rejectsFeedbackWithoutAKnownVerdict() {
		assertThat(post("/v1/cache/entries/e-1/feedback", TestApiKeys.ACME_ADMIN, "{\"verdict\":\"maybe\"}"))
			.hasStatus(400)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.containsExactly("verdict");
		assertThat(post("/v1/cache/entries/e-1/feedback", TestApiKeys.ACME_READER, "{\"verdict\":\"right\"}"))
			.hasStatus(403);
		verifyNoInteractions(this.feedback);
	}

	private MockMvcRequestBuilder post(String uri, String key, String json) {
		return this.mvc.post()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json);
	}

	private MockMvcRequestBuilder get(String uri, String key) {
		return this.mvc.get().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
	}

	private MockMvcRequestBuilder delete(String uri, String key) {
		return this.mvc.delete().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
	}

	private static StoredEntry entry(String entryId) {
		Instant created = Instant.parse("2026-12-01T10:00:00Z");
		return new StoredEntry(entryId, 3, "m", "exact", "normalized", "nd", "{\"prompt\":\"p\"}",
				"{\"text\":\"stored\"}", null, null, List.of("doc:1"), Map.of("source", "test"), created,
				created.plusSeconds(3600));
	}

}
