package io.llmcache.prefix;

import java.time.Instant;
import java.util.List;

import io.llmcache.TestApiKeys;
import io.llmcache.WebRequests;
import io.llmcache.WebSliceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The HTTP edge of {@code GET /v1/admin/prefixes}, with the analytics replaced.
 *
 */
@WebSliceTest(PrefixAdminController.class)
class PrefixAdminControllerTests {

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	PrefixAnalytics analytics;

	@Test
	void answersTheTopPrefixesOfTheDefaultNamespace() {
		given(this.analytics.top("acme", "default", 20)).willReturn(shared("default"));
		assertThat(WebRequests.get(this.mvc, "/v1/admin/prefixes", TestApiKeys.ACME_ADMIN)).hasStatusOk()
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.namespace").isEqualTo("default");
				assertThat(json).extractingPath("$.prefixes[0].prefixId").isEqualTo("b-1");
				assertThat(json).extractingPath("$.prefixes[0].reusedTokens").isEqualTo(900);
				assertThat(json).extractingPath("$.prefixes[0].providers[0].provider").isEqualTo("openai");
			});
		verify(this.analytics).top("acme", "default", 20);
	}

	@Test
	void passesTheNamespaceAndLimitOn() {
		given(this.analytics.top("globex", "support", 5)).willReturn(shared("support"));
		assertThat(WebRequests.get(this.mvc, "/v1/admin/prefixes?namespace=support&limit=5", TestApiKeys.GLOBEX_ADMIN))
			.hasStatusOk()
			.bodyJson()
			.extractingPath("$.namespace")
			.isEqualTo("support");
		verify(this.analytics).top("globex", "support", 5);
	}

	@Test
	void rejectsALimitOutOfRangeOrABadNamespace() {
		for (String query : new String[] { "limit=0", "limit=101", "limit=many", "namespace=Bad%20Name" }) {
			assertThat(WebRequests.get(this.mvc, "/v1/admin/prefixes?" + query, TestApiKeys.ACME_ADMIN)).as(query)
				.hasStatus(400)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		assertThat(WebRequests.get(this.mvc, "/v1/admin/prefixes?limit=101", TestApiKeys.ACME_ADMIN)).bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://llm-cache.dev/problems/validation");
		verifyNoInteractions(this.analytics);
	}

	@Test
	void answersAnUnreadableIndexWithARetryable503() {
		given(this.analytics.top(anyString(), anyString(), anyInt())).willThrow(new QueryTimeoutException("slow"));
		assertThat(WebRequests.get(this.mvc, "/v1/admin/prefixes", TestApiKeys.ACME_ADMIN)).hasStatus(503)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://llm-cache.dev/problems/store-unavailable");
				assertThat(json).extractingPath("$.retryable").isEqualTo(true);
			});
	}

	@Test
	void answersOnlyAnAdminKey() {
		assertThat(WebRequests.get(this.mvc, "/v1/admin/prefixes", TestApiKeys.ACME_READER)).hasStatus(403)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://llm-cache.dev/problems/forbidden");
		assertThat(WebRequests.get(this.mvc, "/v1/admin/prefixes", TestApiKeys.ACME_WRITER)).hasStatus(403);
		assertThat(this.mvc.get().uri("/v1/admin/prefixes")).hasStatus(401);
		verifyNoInteractions(this.analytics);
	}

	private static PrefixAnalytics.SharedPrefixes shared(String namespace) {
		return new PrefixAnalytics.SharedPrefixes(namespace, Instant.parse("2026-12-01T10:00:00Z"),
				List.of(new PrefixAnalytics.SharedPrefixes.Prefix("b-1", 300, 2, 3, 900, List.of("e-1", "e-2"),
						List.of(new PrefixAnalytics.SharedPrefixes.ProviderFigure("openai", 256, 768)))));
	}

}
