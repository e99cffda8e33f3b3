package io.llmcache.prefix;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.llmcache.TestApiKeys;
import io.llmcache.WebRequests;
import io.llmcache.WebSliceTest;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.Role;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The HTTP edge of {@code POST /v1/prefix/lookup}, with the service replaced.
 *
 */
@WebSliceTest(PrefixController.class)
class PrefixControllerTests {

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	PrefixService service;

	@Test
	void passesTheRequestOnAndAnswersTheSharedPrefix() {
		given(this.service.lookup(any(), any())).willReturn(new PrefixLookupResponse(120, 100, "cl100k", false,
				List.of(new PrefixLookupResponse.SegmentView("system", 100, 100, true),
						new PrefixLookupResponse.SegmentView("user", 20, 0, false)),
				List.of(new PrefixLookupResponse.EntryView("e-1", 100, Instant.parse("2026-12-01T11:00:00Z")))));
		assertThat(post(TestApiKeys.ACME_READER,
				"{\"namespace\":\"support\",\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief\"},"
						+ "{\"role\":\"user\",\"content\":\"hi\"}],\"params\":{\"temperature\":0}}"))
			.hasStatusOk()
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.totalTokens").isEqualTo(120);
				assertThat(json).extractingPath("$.cachedPrefixTokens").isEqualTo(100);
				assertThat(json).extractingPath("$.segments[*].role").asArray().containsExactly("system", "user");
				assertThat(json).extractingPath("$.entries[0].entryId").isEqualTo("e-1");
				assertThat(json).extractingPath("$.entries[0].expiresAt").isEqualTo("2026-12-01T11:00:00Z");
			});
		ArgumentCaptor<PrefixLookupRequest> request = ArgumentCaptor.forClass(PrefixLookupRequest.class);
		verify(this.service).lookup(eq(new Caller("acme-reader", "acme", Set.of(Role.READ))), request.capture());
		assertThat(request.getValue().namespace()).isEqualTo("support");
		assertThat(request.getValue().model()).isEqualTo("m");
		assertThat(request.getValue().messages()).hasSize(2);
		assertThat(request.getValue().params()).containsOnlyKeys("temperature");
	}

	@Test
	void reportsEveryInvalidFieldAsAProblem() {
		assertThat(post(TestApiKeys.ACME_READER, "{\"namespace\":\"Bad Name\",\"model\":\"\",\"messages\":[]}"))
			.hasStatus(400)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://llm-cache.dev/problems/validation");
				assertThat(json).extractingPath("$.errors[*].field")
					.asArray()
					.contains("namespace", "model", "messages");
			});
		verifyNoInteractions(this.service);
	}

	@Test
	void answersTheServicesProblems() {
		given(this.service.lookup(any(), any()))
			.willThrow(new ApiException(ProblemType.STORE_UNAVAILABLE, "Retry later", true, null));
		assertThat(post(TestApiKeys.ACME_ADMIN, "{\"model\":\"m\",\"prompt\":\"p\"}")).hasStatus(503)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://llm-cache.dev/problems/store-unavailable");
				assertThat(json).extractingPath("$.retryable").isEqualTo(true);
				assertThat(json).extractingPath("$.instance").isEqualTo("/v1/prefix/lookup");
			});
	}

	@Test
	void answersOnlyAKeyWithTheReadRole() {
		assertThat(post(TestApiKeys.ACME_WRITER, "{\"model\":\"m\",\"prompt\":\"p\"}")).hasStatus(403)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://llm-cache.dev/problems/forbidden");
		assertThat(this.mvc.post()
			.uri("/v1/prefix/lookup")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"model\":\"m\",\"prompt\":\"p\"}")).hasStatus(401);
		verifyNoInteractions(this.service);
	}

	private MockMvcRequestBuilder post(String key, String json) {
		return WebRequests.post(this.mvc, "/v1/prefix/lookup", key, json);
	}

}
