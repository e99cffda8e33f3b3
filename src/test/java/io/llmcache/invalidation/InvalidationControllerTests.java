package io.llmcache.invalidation;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.llmcache.TestApiKeys;
import io.llmcache.WebRequests;
import io.llmcache.WebSliceTest;
import io.llmcache.audit.AuditLog;
import io.llmcache.audit.AuditRecord;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.Role;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The HTTP edge of {@code /v1/admin/invalidations}, with the service and the audit log
 * replaced.
 *
 */
@WebSliceTest(InvalidationController.class)
class InvalidationControllerTests {

	private static final Caller ACME_ADMIN = new Caller("acme-admin", "acme",
			Set.of(Role.READ, Role.WRITE, Role.ADMIN));

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	InvalidationService service;

	@MockitoBean
	AuditLog audit;

	@Test
	void passesTheSelectorToTheServiceAndAnswersWhatItMatched() {
		given(this.service.invalidate(any(), any()))
			.willReturn(new InvalidationResponse("inv-1", 12, false, true, null));
		assertThat(post("{\"namespace\":\"support\",\"tags\":[\"doc:42\"],\"model\":\"m\",\"promptPrefix\":\"You are\","
				+ "\"createdBefore\":\"2026-11-26T00:00:00Z\"}", TestApiKeys.ACME_ADMIN))
			.hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.invalidationId").isEqualTo("inv-1");
				assertThat(json).extractingPath("$.matched").isEqualTo(12);
				assertThat(json).extractingPath("$.dryRun").isEqualTo(false);
				assertThat(json).extractingPath("$.matchedEstimated").isEqualTo(true);
				assertThat(json).doesNotHavePath("$.audited");
			});
		verify(this.service).invalidate(ACME_ADMIN, new InvalidationRequest("support", List.of("doc:42"), "m",
				"You are", Instant.parse("2026-11-26T00:00:00Z"), null, null));
	}

	@Test
	void answersADryRunWithoutAnId() {
		given(this.service.invalidate(any(), any())).willReturn(new InvalidationResponse(null, 3, true, false, null));
		assertThat(post("{\"all\":true,\"dryRun\":true}", TestApiKeys.ACME_ADMIN)).hasStatusOk()
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.dryRun").isEqualTo(true);
				assertThat(json).extractingPath("$.matched").isEqualTo(3);
				assertThat(json).doesNotHavePath("$.invalidationId");
			});
		verify(this.service).invalidate(ACME_ADMIN, new InvalidationRequest(null, null, null, null, null, true, true));
	}

	@Test
	void reportsEveryInvalidSelectorFieldAsAProblem() {
		assertThat(post("{\"namespace\":\"Bad Name\",\"tags\":[],\"model\":\"\",\"promptPrefix\":\"\"}",
				TestApiKeys.ACME_ADMIN))
			.hasStatus(400)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://llm-cache.dev/problems/validation");
				assertThat(json).extractingPath("$.errors[*].field")
					.asArray()
					.containsExactlyInAnyOrder("namespace", "tags", "model", "promptPrefix");
			});
		verifyNoInteractions(this.service);
	}

	@Test
	void answersTheServicesRefusalsAsProblems() {
		given(this.service.invalidate(any(), any()))
			.willThrow(new ApiException(ProblemType.VALIDATION, "Name at least one selector"));
		assertThat(post("{\"namespace\":\"support\"}", TestApiKeys.ACME_ADMIN)).hasStatus(400)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://llm-cache.dev/problems/validation");
				assertThat(json).extractingPath("$.detail").isEqualTo("Name at least one selector");
				assertThat(json).extractingPath("$.instance").isEqualTo("/v1/admin/invalidations");
			});
	}

	@Test
	void answersTooManyInvalidationsWithARetryable429() {
		given(this.service.invalidate(any(), any()))
			.willThrow(new ApiException(ProblemType.TOO_MANY_INVALIDATIONS, "Too many", true, null));
		assertThat(post("{\"tags\":[\"doc:1\"]}", TestApiKeys.ACME_ADMIN)).hasStatus(429)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type")
					.isEqualTo("https://llm-cache.dev/problems/too-many-invalidations");
				assertThat(json).extractingPath("$.retryable").isEqualTo(true);
			});
	}

	@Test
	void invalidatesOnlyForAnAdminKey() {
		assertThat(post("{\"all\":true}", TestApiKeys.ACME_READER)).hasStatus(403)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://llm-cache.dev/problems/forbidden");
		assertThat(post("{\"all\":true}", TestApiKeys.ACME_WRITER)).hasStatus(403);
		assertThat(this.mvc.post()
			.uri("/v1/admin/invalidations")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"all\":true}")).hasStatus(401)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://llm-cache.dev/problems/unauthenticated");
		verifyNoInteractions(this.service);
	}

	@Test
	void readsTheNewestRecordsOfTheCallersTenant() {
		given(this.audit.newest("acme", 100)).willReturn(List.of(record("a-2", "support"), record("a-1", "other")));
		assertThat(WebRequests.get(this.mvc, "/v1/admin/invalidations", TestApiKeys.ACME_ADMIN)).hasStatusOk()
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.records[*].id").asArray().containsExactly("a-2", "a-1");
				assertThat(json).extractingPath("$.records[0].keyId").isEqualTo("acme-admin");
				assertThat(json).extractingPath("$.records[0].matched").isEqualTo(5);
			});
		verify(this.audit).newest("acme", 100);
	}

	@Test
	void filtersTheAuditLogByNamespaceUpToTheLimit() {
		given(this.audit.newest(eq("acme"), anyInt())).willReturn(List.of(record("a-4", "support"),
				record("a-3", "other"), record("a-2", "support"), record("a-1", "support")));
		assertThat(
				WebRequests.get(this.mvc, "/v1/admin/invalidations?namespace=support&limit=2", TestApiKeys.ACME_ADMIN))
			.hasStatusOk()
			.bodyJson()
			.extractingPath("$.records[*].id")
			.asArray()
			.containsExactly("a-4", "a-2");
		// The filter runs after the read, so it reads more than the limit.
		verify(this.audit).newest("acme", 10_000);
	}

	@Test
	void rejectsAnAuditLimitOutOfRangeOrABadNamespace() {
		for (String query : new String[] { "limit=0", "limit=1001", "namespace=Bad%20Name" }) {
			assertThat(WebRequests.get(this.mvc, "/v1/admin/invalidations?" + query, TestApiKeys.ACME_ADMIN))
				.hasStatus(400)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.extractingPath("$.type")
				.isEqualTo("https://llm-cache.dev/problems/validation");
		}
		verifyNoInteractions(this.audit);
	}

	@Test
	void answersAnUnreadableAuditLogWithARetryable503() {
		given(this.audit.newest("acme", 100)).willThrow(new QueryTimeoutException("slow"));
		assertThat(WebRequests.get(this.mvc, "/v1/admin/invalidations", TestApiKeys.ACME_ADMIN)).hasStatus(503)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://llm-cache.dev/problems/store-unavailable");
				assertThat(json).extractingPath("$.retryable").isEqualTo(true);
				assertThat(json).extractingPath("$.detail").asString().doesNotContain("slow");
			});
	}

	@Test
	void readsTheAuditLogOnlyForAnAdminKey() {
		assertThat(WebRequests.get(this.mvc, "/v1/admin/invalidations", TestApiKeys.ACME_READER)).hasStatus(403);
		assertThat(this.mvc.get().uri("/v1/admin/invalidations")).hasStatus(401);
		verifyNoInteractions(this.audit);
	}

	private MockMvcRequestBuilder post(String json, String key) {
		return WebRequests.post(this.mvc, "/v1/admin/invalidations", key, json);
	}

	private static AuditRecord record(String id, String namespace) {
		return new AuditRecord(id, Instant.parse("2026-12-01T10:00:00Z"), "acme-admin", AuditRecord.INVALIDATE,
				namespace, null, 5L, null, null);
	}

}
