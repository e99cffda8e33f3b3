package io.llmcache.policy;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.llmcache.TestApiKeys;
import io.llmcache.WebRequests;
import io.llmcache.WebSliceTest;
import io.llmcache.normalize.NormalizationRules;
import io.llmcache.normalize.TextNormalizer;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The HTTP edge of {@code /v1/admin/namespaces/{namespace}/policy}, with the service
 * replaced.
 *
 */
@WebSliceTest(PolicyController.class)
class PolicyControllerTests {

	private static final Caller ACME_ADMIN = new Caller("acme-admin", "acme",
			Set.of(Role.READ, Role.WRITE, Role.ADMIN));

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	PolicyService policies;

	@Test
	void readsTheEffectivePolicyAndWhereItComesFrom() {
		given(this.policies.policyFor("acme", "support")).willReturn(policy("support", 4));
		given(this.policies.sourceOf("acme", "support")).willReturn("configuration");
		assertThat(WebRequests.get(this.mvc, "/v1/admin/namespaces/support/policy", TestApiKeys.ACME_ADMIN))
			.hasStatusOk()
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.namespace").isEqualTo("support");
				assertThat(json).extractingPath("$.version").isEqualTo(4);
				assertThat(json).extractingPath("$.defaultTtlSeconds").isEqualTo(3600);
				assertThat(json).extractingPath("$.maxTtlSeconds").isEqualTo(86400);
				assertThat(json).extractingPath("$.matchTypes").asArray().containsExactly("exact");
				assertThat(json).extractingPath("$.ignoredParams").asArray().containsExactly("user");
				assertThat(json).extractingPath("$.normalization.collapseWhitespace").isEqualTo(true);
				assertThat(json).extractingPath("$.source").isEqualTo("configuration");
			});
		verify(this.policies).policyFor("acme", "support");
		verify(this.policies).sourceOf("acme", "support");
	}

	@Test
	void replacesThePolicyAndAnswersItAsARuntimePolicy() {
		given(this.policies.replace(any(), any(), any())).willReturn(policy("support", 5));
		assertThat(WebRequests.put(this.mvc, "/v1/admin/namespaces/support/policy", TestApiKeys.ACME_ADMIN,
				"{\"defaultTtlSeconds\":3600,\"maxTtlSeconds\":86400,\"matchTypes\":[\"exact\"],"
						+ "\"normalization\":{\"caseFold\":true,\"builtinMasks\":[\"uuid\"]},"
						+ "\"ignoredParams\":[\"user\"],\"nonDeterministic\":{\"mode\":\"bypass\",\"bucketSize\":3}}"))
			.hasStatusOk()
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.version").isEqualTo(5);
				assertThat(json).extractingPath("$.source").isEqualTo("runtime");
			});
		ArgumentCaptor<PolicyDocument> document = ArgumentCaptor.forClass(PolicyDocument.class);
		verify(this.policies).replace(eq(ACME_ADMIN), eq("support"), document.capture());
		assertThat(document.getValue().defaultTtlSeconds()).isEqualTo(3600L);
		assertThat(document.getValue().maxTtlSeconds()).isEqualTo(86400L);
		assertThat(document.getValue().matchTypes()).containsExactly(MatchType.EXACT);
		assertThat(document.getValue().normalization().caseFold()).isTrue();
		assertThat(document.getValue().normalization().builtinMasks()).hasSize(1);
		assertThat(document.getValue().ignoredParams()).containsExactly("user");
		assertThat(document.getValue().keyParams()).isNull();
		assertThat(document.getValue().nonDeterministic().bucketSize()).isEqualTo(3);
	}

	@Test
	void rejectsAnInvalidPolicyAsAValidationProblem() {
		// The @Pattern on the path variable makes Spring validate the whole method, so a
		// bad body arrives as a HandlerMethodValidationException, which the problem
		// details render without the field names (unlike the bodies of other endpoints).
		for (String body : new String[] { "{\"defaultTtlSeconds\":0}", "{\"maxTtlSeconds\":99999999999}",
				"{\"matchTypes\":[]}", "{\"keyParams\":[\"\"]}", "{\"normalization\":{\"masks\":[null]}}" }) {
			assertThat(WebRequests.put(this.mvc, "/v1/admin/namespaces/support/policy", TestApiKeys.ACME_ADMIN, body))
				.as(body)
				.hasStatus(400)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.extractingPath("$.type")
				.isEqualTo("https://llm-cache.dev/problems/validation");
		}
		verifyNoInteractions(this.policies);
	}

	@Test
	void rejectsAnUnknownMatchTypeAsAMalformedBody() {
		assertThat(WebRequests.put(this.mvc, "/v1/admin/namespaces/support/policy", TestApiKeys.ACME_ADMIN,
				"{\"matchTypes\":[\"fuzzy\"]}"))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://llm-cache.dev/problems/malformed-body");
		verifyNoInteractions(this.policies);
	}

	@Test
	void rejectsANamespaceThatIsNoName() {
		assertThat(WebRequests.get(this.mvc, "/v1/admin/namespaces/Bad%20Name/policy", TestApiKeys.ACME_ADMIN))
			.hasStatus(400)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://llm-cache.dev/problems/validation");
		assertThat(WebRequests.put(this.mvc, "/v1/admin/namespaces/Bad%20Name/policy", TestApiKeys.ACME_ADMIN, "{}"))
			.hasStatus(400);
		verifyNoInteractions(this.policies);
	}

	@Test
	void answersAConcurrentChangeWithARetryable409() {
		given(this.policies.replace(any(), any(), any()))
			.willThrow(new ApiException(ProblemType.CONFLICT, "Changed meanwhile", true, null));
		assertThat(WebRequests.put(this.mvc, "/v1/admin/namespaces/support/policy", TestApiKeys.ACME_ADMIN,
				"{\"defaultTtlSeconds\":60}"))
			.hasStatus(409)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://llm-cache.dev/problems/conflict");
				assertThat(json).extractingPath("$.retryable").isEqualTo(true);
				assertThat(json).extractingPath("$.instance").isEqualTo("/v1/admin/namespaces/support/policy");
			});
	}

	@Test
	void answersOnlyAnAdminKey() {
		assertThat(WebRequests.get(this.mvc, "/v1/admin/namespaces/support/policy", TestApiKeys.ACME_READER))
			.hasStatus(403)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://llm-cache.dev/problems/forbidden");
		assertThat(WebRequests.put(this.mvc, "/v1/admin/namespaces/support/policy", TestApiKeys.ACME_WRITER, "{}"))
			.hasStatus(403);
		assertThat(this.mvc.get().uri("/v1/admin/namespaces/support/policy")).hasStatus(401);
		assertThat(this.mvc.put()
			.uri("/v1/admin/namespaces/support/policy")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{}")).hasStatus(401);
		verifyNoInteractions(this.policies);
	}

	private static NamespacePolicy policy(String namespace, long version) {
		NormalizationRules rules = NormalizationRules.defaults();
		return new NamespacePolicy(namespace, version, Duration.ofHours(1), Duration.ofDays(1), Set.of(MatchType.EXACT),
				TextNormalizer.compile(rules), List.of("temperature"), List.of("user"),
				NamespacePolicy.keyVersionOf(rules, List.of("user")),
				new SemanticSettings(0.9, 0.9, SemanticSettings.LAST_USER_TURN, true, null, true),
				new NonDeterministicSettings(NonDeterministicSettings.Mode.BYPASS, 3));
	}

}
