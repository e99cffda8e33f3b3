package io.llmcache.stats;

import java.util.List;
import java.util.Map;

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
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The HTTP edge of {@code /v1/admin/stats}, with the service replaced.
 *
 */
@WebSliceTest(StatsController.class)
class StatsControllerTests {

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	StatsService service;

	@Test
	void answersTheStatisticsOfOneNamespaceOfTheCallersTenant() {
		given(this.service.of("globex", "support")).willReturn(stats("support"));
		assertThat(WebRequests.get(this.mvc, "/v1/admin/stats?namespace=support", TestApiKeys.GLOBEX_ADMIN))
			.hasStatusOk()
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.namespace").isEqualTo("support");
				assertThat(json).extractingPath("$.entries").isEqualTo(10);
				assertThat(json).extractingPath("$.hits.exact").isEqualTo(3);
				assertThat(json).extractingPath("$.hitRate").isEqualTo(0.5);
			});
		verify(this.service).of("globex", "support");
	}

	@Test
	void answersTheStatisticsOfEveryNamespaceWithoutAParameter() {
		given(this.service.ofAll("globex")).willReturn(List.of(stats("default"), stats("support")));
		assertThat(WebRequests.get(this.mvc, "/v1/admin/stats", TestApiKeys.GLOBEX_ADMIN)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.namespaces[*].namespace")
			.asArray()
			.containsExactly("default", "support");
		verify(this.service).ofAll("globex");
	}

	@Test
	void rejectsANamespaceThatIsNoName() {
		assertThat(WebRequests.get(this.mvc, "/v1/admin/stats?namespace=a/b", TestApiKeys.ACME_ADMIN)).hasStatus(400)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://llm-cache.dev/problems/validation");
		verifyNoInteractions(this.service);
	}

	@Test
	void answersUnreadableStatisticsWithARetryable503() {
		given(this.service.of("acme", "support")).willThrow(new QueryTimeoutException("slow"));
		given(this.service.ofAll("acme")).willThrow(new QueryTimeoutException("slow"));
		for (String uri : new String[] { "/v1/admin/stats?namespace=support", "/v1/admin/stats" }) {
			assertThat(WebRequests.get(this.mvc, uri, TestApiKeys.ACME_ADMIN)).hasStatus(503)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.satisfies((json) -> {
					assertThat(json).extractingPath("$.type")
						.isEqualTo("https://llm-cache.dev/problems/store-unavailable");
					assertThat(json).extractingPath("$.retryable").isEqualTo(true);
				});
		}
	}

	@Test
	void answersOnlyAnAdminKey() {
		assertThat(WebRequests.get(this.mvc, "/v1/admin/stats", TestApiKeys.ACME_READER)).hasStatus(403)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://llm-cache.dev/problems/forbidden");
		assertThat(WebRequests.get(this.mvc, "/v1/admin/stats?namespace=support", TestApiKeys.ACME_WRITER))
			.hasStatus(403);
		assertThat(this.mvc.get().uri("/v1/admin/stats")).hasStatus(401);
		verifyNoInteractions(this.service);
	}

	private static NamespaceStats stats(String namespace) {
		return new NamespaceStats(namespace, 10, 8, Map.of("exact", 3L, "normalized", 1L), 4, 0.5, 6, 1);
	}

}
