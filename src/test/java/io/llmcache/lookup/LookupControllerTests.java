package io.llmcache.lookup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.llmcache.TestApiKeys;
import io.llmcache.WebRequests;
import io.llmcache.WebSliceTest;
import io.llmcache.entry.StoredEntry;
import io.llmcache.entry.TenantNamespace;
import io.llmcache.key.CacheKey;
import io.llmcache.key.CacheKeys;
import io.llmcache.normalize.NormalizationRules;
import io.llmcache.normalize.TextNormalizer;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;
import io.llmcache.policy.NonDeterministicSettings;
import io.llmcache.policy.SemanticSettings;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Web slice of {@link LookupController}, with its services replaced.
 */
@WebSliceTest(LookupController.class)
class LookupControllerTests {

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	LookupService lookups;

	@Test
	void answersLookupsForAReader() {
		given(this.lookups.lookup(any(Lookup.class))).willReturn(new LookupResult.Miss("not-found", false, null));
		assertThat(this.mvc.post()
			.uri("/v1/cache/lookup")
			.header("Authorization", "Bearer " + TestApiKeys.ACME_READER)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"model\":\"m\",\"prompt\":\"p\"}")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.hit")
			.isEqualTo(false);
	}

	@Test
	void refusesMissingAndMalformedAuthorization() {
		for (String authorization : new String[] { null, "", "Basic abc", "Bearer ", "Bearer " + "k".repeat(600) }) {
			var request = this.mvc.post()
				.uri("/v1/cache/lookup")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"model\":\"m\",\"prompt\":\"p\"}");
			if (authorization != null) {
				request = request.header("Authorization", authorization);
			}
			assertThat(request).hasStatus(401)
				.bodyJson()
				.extractingPath("$.type")
				.isEqualTo("https://llm-cache.dev/problems/unauthenticated");
		}
	}

	@Test
	void rejectsBodiesOverTheLimitWith413() {
		String big = "{\"model\":\"m\",\"prompt\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
		assertThat(this.mvc.post()
			.uri("/v1/cache/lookup")
			.header("Authorization", "Bearer " + TestApiKeys.ACME_ADMIN)
			.contentType(MediaType.APPLICATION_JSON)
			.content(big)).hasStatus(413)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://llm-cache.dev/problems/body-too-large");
	}

	@Test
	void rejectsDeeplyNestedJson() {
		String deep = "{\"model\":\"m\",\"prompt\":\"p\",\"params\":{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}}";
		assertThat(this.mvc.post()
			.uri("/v1/cache/lookup")
			.header("Authorization", "Bearer " + TestApiKeys.ACME_ADMIN)
			.contentType(MediaType.APPLICATION_JSON)
			.content(deep)).hasStatus(400).bodyJson().satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://llm-cache.dev/problems/malformed-body");
				assertThat(json).extractingPath("$.detail").asString().contains("nested too deeply");
			});
	}

	@Test
	void neverShowsJavaDetailsForMalformedJson() {
		assertThat(this.mvc.post()
			.uri("/v1/cache/lookup")
			.header("Authorization", "Bearer " + TestApiKeys.ACME_ADMIN)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"model\": [1], \"prompt\": {}}")).hasStatus(400)
			.bodyText()
			.doesNotContain("java.")
			.doesNotContain("tools.jackson")
			.doesNotContain("LookupRequest");
	}

	@Test
	void looksUpInTheCallersTenantWithTheRequestedLimits() {
		StoredEntry entry = TestLookups.storedEntry("e-1");
		given(this.lookups.lookup(any(Lookup.class)))
			.willReturn(new LookupResult.Hit(MatchType.NORMALIZED, entry, "{\"text\":\"hi\"}", 1.0, 42));
		assertThat(WebRequests.post(this.mvc, "/v1/cache/lookup", TestApiKeys.ACME_READER,
				"{\"namespace\":\"support\",\"model\":\"m\",\"prompt\":\"p\",\"matchTypes\":[\"exact\",\"normalized\"],"
						+ "\"minSimilarity\":0.95,\"maxAgeSeconds\":60}"))
			.hasStatusOk()
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.hit").isEqualTo(true);
				assertThat(json).extractingPath("$.matchType").isEqualTo("normalized");
				assertThat(json).extractingPath("$.entryId").isEqualTo("e-1");
				assertThat(json).extractingPath("$.response.text").isEqualTo("hi");
				assertThat(json).extractingPath("$.ageSeconds").isEqualTo(42);
				assertThat(json).extractingPath("$.tags").asArray().containsExactly("doc:1");
			});
		ArgumentCaptor<Lookup> lookup = ArgumentCaptor.forClass(Lookup.class);
		verify(this.lookups).lookup(lookup.capture());
		assertThat(lookup.getValue().namespace()).isEqualTo(new TenantNamespace("acme", "support"));
		assertThat(lookup.getValue().request().model()).isEqualTo("m");
		assertThat(lookup.getValue().request().prompt()).isEqualTo("p");
		assertThat(lookup.getValue().matchTypes()).containsExactlyInAnyOrder(MatchType.EXACT, MatchType.NORMALIZED);
		assertThat(lookup.getValue().minSimilarity()).isEqualTo(0.95);
		assertThat(lookup.getValue().maxAgeSeconds()).isEqualTo(60L);
	}

	@Test
	void answersADegradedMissWithItsStoreToken() {
		given(this.lookups.lookup(any(Lookup.class)))
			.willReturn(new LookupResult.Miss("store-unavailable", true, "token-1"));
		assertThat(WebRequests.post(this.mvc, "/v1/cache/lookup", TestApiKeys.ACME_READER,
				"{\"model\":\"m\",\"prompt\":\"p\"}"))
			.hasStatusOk()
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.hit").isEqualTo(false);
				assertThat(json).extractingPath("$.reason").isEqualTo("store-unavailable");
				assertThat(json).extractingPath("$.degraded").isEqualTo(true);
				assertThat(json).extractingPath("$.storeToken").isEqualTo("token-1");
				assertThat(json).doesNotHavePath("$.entryId");
			});
	}

	@Test
	void refusesReadingToAKeyWithoutTheReadRole() {
		assertThat(WebRequests.post(this.mvc, "/v1/cache/lookup", TestApiKeys.ACME_WRITER,
				"{\"model\":\"m\",\"prompt\":\"p\"}"))
			.hasStatus(403)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(WebRequests.post(this.mvc, "/v1/cache/explain", TestApiKeys.ACME_WRITER,
				"{\"model\":\"m\",\"prompt\":\"p\"}"))
			.hasStatus(403);
		verifyNoInteractions(this.lookups);
	}

	@Test
	void explainsHowARequestIsKeyedAndMatched() {
		NormalizationRules rules = NormalizationRules.defaults();
		NamespacePolicy policy = new NamespacePolicy("support", 7, Duration.ofHours(1), Duration.ofDays(1),
				Set.of(MatchType.EXACT), TextNormalizer.compile(rules), List.of("temperature"), List.of("user"), "kv-1",
				new SemanticSettings(0.9, 0.9, SemanticSettings.LAST_USER_TURN, true, null, true),
				new NonDeterministicSettings(NonDeterministicSettings.Mode.BYPASS, 3));
		CacheKeys keys = mock(CacheKeys.class);
		given(keys.keyVersion()).willReturn("kv-1");
		given(keys.keyParams()).willReturn(List.of("temperature"));
		given(keys.ignoredParams()).willReturn(List.of("user"));
		given(keys.exact()).willReturn(new CacheKey("exact-form", "x".getBytes(StandardCharsets.UTF_8)));
		given(keys.normalized()).willReturn(new CacheKey("normalized-form", "n".getBytes(StandardCharsets.UTF_8)));
		given(this.lookups.explain(any(Lookup.class))).willReturn(new Explanation(policy, keys, Set.of(MatchType.EXACT),
				List.of(new Candidate(MatchType.EXACT, "e-1", false, "expired", null)),
				new LookupResult.Miss("candidates-rejected", false, "token-1"), Optional.empty()));
		assertThat(WebRequests.post(this.mvc, "/v1/cache/explain", TestApiKeys.ACME_READER,
				"{\"namespace\":\"support\",\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
			.hasStatusOk()
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.namespace").isEqualTo("support");
				assertThat(json).extractingPath("$.model").isEqualTo("m");
				assertThat(json).extractingPath("$.form").isEqualTo("chat");
				assertThat(json).extractingPath("$.policyVersion").isEqualTo(7);
				assertThat(json).extractingPath("$.keyVersion").isEqualTo("kv-1");
				assertThat(json).extractingPath("$.exact.canonical").isEqualTo("exact-form");
				assertThat(json).extractingPath("$.exact.digest").isEqualTo("eA");
				assertThat(json).extractingPath("$.candidates[0].entryId").isEqualTo("e-1");
				assertThat(json).extractingPath("$.candidates[0].reason").isEqualTo("expired");
				assertThat(json).extractingPath("$.result.reason").isEqualTo("candidates-rejected");
			});
		ArgumentCaptor<Lookup> lookup = ArgumentCaptor.forClass(Lookup.class);
		verify(this.lookups).explain(lookup.capture());
		assertThat(lookup.getValue().namespace()).isEqualTo(new TenantNamespace("acme", "support"));
		assertThat(lookup.getValue().request().isChat()).isTrue();
	}

	@Test
	void rejectsAnExplainOfAnInvalidRequest() {
		assertThat(WebRequests.post(this.mvc, "/v1/cache/explain", TestApiKeys.ACME_READER,
				"{\"model\":\"\",\"prompt\":\"p\"}"))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.contains("model");
		verifyNoInteractions(this.lookups);
	}

}
