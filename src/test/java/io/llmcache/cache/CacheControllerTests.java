package io.llmcache.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.llmcache.TestApiKeys;
import io.llmcache.WebSliceTest;
import io.llmcache.entry.StoredEntry;
import io.llmcache.entry.TenantNamespace;
import io.llmcache.feedback.FeedbackRequest;
import io.llmcache.feedback.FeedbackService;
import io.llmcache.key.CacheKey;
import io.llmcache.key.CacheKeys;
import io.llmcache.lookup.Candidate;
import io.llmcache.lookup.Explanation;
import io.llmcache.lookup.Lookup;
import io.llmcache.lookup.LookupResult;
import io.llmcache.lookup.LookupService;
import io.llmcache.normalize.NormalizationRules;
import io.llmcache.normalize.TextNormalizer;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;
import io.llmcache.policy.NonDeterministicSettings;
import io.llmcache.policy.SemanticSettings;
import io.llmcache.store.EntryService;
import io.llmcache.store.NewEntry;
import io.llmcache.store.StoreReceipt;
import io.llmcache.store.StoreService;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.Role;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The HTTP edge of the cache API: authentication, roles, validation and limits, the
 * mapping of bodies to service calls and of their results to responses, with the services
 * replaced.
 *
 */
@WebSliceTest(CacheController.class)
class CacheControllerTests {

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	LookupService lookups;

	@MockitoBean
	StoreService stores;

	@MockitoBean
	EntryService entries;

	@MockitoBean
	FeedbackService feedback;

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
	void refusesAReaderThatStores() {
		assertThat(this.mvc.post()
			.uri("/v1/cache/entries")
			.header("Authorization", "Bearer " + TestApiKeys.ACME_READER)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"model\":\"m\",\"prompt\":\"p\",\"response\":{}}")).hasStatus(403)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://llm-cache.dev/problems/forbidden");
	}

	@Test
	void reportsEveryInvalidFieldAsAProblem() {
		assertThat(this.mvc.post()
			.uri("/v1/cache/entries")
			.header("Authorization", "Bearer " + TestApiKeys.ACME_ADMIN)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"namespace\":\"Bad Name\",\"model\":\"\",\"messages\":[],\"ttlSeconds\":0,"
					+ "\"tags\":[\"no spaces allowed\"]}"))
			.hasStatus(400)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://llm-cache.dev/problems/validation");
				assertThat(json).extractingPath("$.errors[*].field")
					.asArray()
					.contains("namespace", "model", "messages", "ttlSeconds", "response", "tags[0]");
			});
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
		StoredEntry entry = entry("e-1");
		given(this.lookups.lookup(any(Lookup.class)))
			.willReturn(new LookupResult.Hit(MatchType.NORMALIZED, entry, "{\"text\":\"hi\"}", 1.0, 42));
		assertThat(post("/v1/cache/lookup", TestApiKeys.ACME_READER,
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
		assertThat(post("/v1/cache/lookup", TestApiKeys.ACME_READER, "{\"model\":\"m\",\"prompt\":\"p\"}"))
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
		assertThat(post("/v1/cache/lookup", TestApiKeys.ACME_WRITER, "{\"model\":\"m\",\"prompt\":\"p\"}"))
			.hasStatus(403)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(get("/v1/cache/entries/e-1", TestApiKeys.ACME_WRITER)).hasStatus(403);
		assertThat(post("/v1/cache/explain", TestApiKeys.ACME_WRITER, "{\"model\":\"m\",\"prompt\":\"p\"}"))
			.hasStatus(403);
		verifyNoInteractions(this.lookups, this.entries);
	}

	@Test
	void storesAndAnswers201WithTheEntrysLocation() {
		Instant created = Instant.parse("2026-12-01T10:00:00Z");
		given(this.stores.store(any(NewEntry.class)))
			.willReturn(new StoreReceipt("e-1", created, created.plusSeconds(60), 60, true));
		assertThat(post("/v1/cache/entries", TestApiKeys.ACME_ADMIN,
				"{\"namespace\":\"support\",\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
						+ "\"response\":{\"text\":\"hello\"},\"ttlSeconds\":3600,\"tags\":[\"doc:1\"],"
						+ "\"metadata\":{\"source\":\"test\"},\"storeToken\":\"token-1\"}"))
			.hasStatus(201)
			.hasHeader(HttpHeaders.LOCATION, "/v1/cache/entries/e-1")
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.entryId").isEqualTo("e-1");
				assertThat(json).extractingPath("$.createdAt").isEqualTo("2026-12-01T10:00:00Z");
				assertThat(json).extractingPath("$.expiresAt").isEqualTo("2026-12-01T10:01:00Z");
				assertThat(json).extractingPath("$.ttlSeconds").isEqualTo(60);
				assertThat(json).extractingPath("$.ttlCapped").isEqualTo(true);
			});
		ArgumentCaptor<NewEntry> stored = ArgumentCaptor.forClass(NewEntry.class);
		verify(this.stores).store(stored.capture());
		NewEntry entry = stored.getValue();
		assertThat(entry.namespace()).isEqualTo(new TenantNamespace("acme", "support"));
		assertThat(entry.request().model()).isEqualTo("m");
		assertThat(entry.request().messages()).hasSize(1);
		assertThat(entry.response().get("text").asString()).isEqualTo("hello");
		assertThat(entry.ttlSeconds()).isEqualTo(3600L);
		assertThat(entry.tags()).containsExactly("doc:1");
		assertThat(entry.metadata()).containsExactly(Map.entry("source", "test"));
		assertThat(entry.storeToken()).isEqualTo("token-1");
	}

	@Test
	void storesInTheDefaultNamespaceOfTheKeysTenant() {
		Instant created = Instant.parse("2026-12-01T10:00:00Z");
		given(this.stores.store(any(NewEntry.class)))
			.willReturn(new StoreReceipt("e-2", created, created.plusSeconds(60), 60, false));
		assertThat(post("/v1/cache/entries", TestApiKeys.GLOBEX_ADMIN,
				"{\"model\":\"m\",\"prompt\":\"p\",\"response\":\"text\"}"))
			.hasStatus(201);
		ArgumentCaptor<NewEntry> stored = ArgumentCaptor.forClass(NewEntry.class);
		verify(this.stores).store(stored.capture());
		assertThat(stored.getValue().namespace()).isEqualTo(new TenantNamespace("globex", "default"));
	}

	@Test
	void answersAStoreRefusedForAStaleTokenWith409() {
		given(this.stores.store(any(NewEntry.class)))
			.willThrow(new ApiException(ProblemType.STALE_STORE_TOKEN, "Invalidated since the lookup"));
		assertThat(post("/v1/cache/entries", TestApiKeys.ACME_ADMIN,
				"{\"model\":\"m\",\"prompt\":\"p\",\"response\":{},\"storeToken\":\"old\"}"))
			.hasStatus(409)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.doesNotContainHeader(HttpHeaders.LOCATION)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://llm-cache.dev/problems/stale-store-token");
				assertThat(json).extractingPath("$.detail").isEqualTo("Invalidated since the lookup");
				assertThat(json).extractingPath("$.instance").isEqualTo("/v1/cache/entries");
				assertThat(json).extractingPath("$.retryable").isEqualTo(false);
			});
	}

	@Test
	void readsAnEntryOfTheCallersTenant() {
		given(this.entries.get("acme", "e-1"))
			.willReturn(new EntryService.EntryView(new TenantNamespace("acme", "support"), entry("e-1")));
		assertThat(get("/v1/cache/entries/e-1", TestApiKeys.ACME_READER)).hasStatusOk().bodyJson().satisfies((json) -> {
			assertThat(json).extractingPath("$.entryId").isEqualTo("e-1");
			assertThat(json).extractingPath("$.namespace").isEqualTo("support");
			assertThat(json).extractingPath("$.model").isEqualTo("m");
			assertThat(json).extractingPath("$.request.prompt").isEqualTo("p");
			assertThat(json).extractingPath("$.response.text").isEqualTo("stored");
			assertThat(json).extractingPath("$.metadata.source").isEqualTo("test");
			assertThat(json).extractingPath("$.expiresAt").isEqualTo("2026-12-01T11:00:00Z");
		});
		verify(this.entries).get("acme", "e-1");
	}

	@Test
	void answersAnUnknownEntryWith404() {
		given(this.entries.get(anyString(), anyString())).willThrow(EntryService.notFound("e-9"));
		assertThat(get("/v1/cache/entries/e-9", TestApiKeys.GLOBEX_ADMIN)).hasStatus(404)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://llm-cache.dev/problems/entry-not-found");
		verify(this.entries).get("globex", "e-9");
	}

	@Test
	void deletesAnEntryWith204() {
		assertThat(delete("/v1/cache/entries/e-1", TestApiKeys.ACME_ADMIN)).hasStatus(204).body().isEmpty();
		verify(this.entries).delete("acme", "e-1");
	}

	@Test
	void answersADeleteTheStoreCouldNotDoWithARetryable503() {
		willThrow(new ApiException(ProblemType.STORE_UNAVAILABLE, "Retry later", true, null)).given(this.entries)
			.delete("acme", "e-1");
		assertThat(delete("/v1/cache/entries/e-1", TestApiKeys.ACME_ADMIN)).hasStatus(503)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://llm-cache.dev/problems/store-unavailable");
				assertThat(json).extractingPath("$.retryable").isEqualTo(true);
			});
	}

	@Test
	void refusesAReaderThatDeletes() {
		assertThat(delete("/v1/cache/entries/e-1", TestApiKeys.ACME_READER)).hasStatus(403);
		assertThat(this.mvc.delete().uri("/v1/cache/entries/e-1")).hasStatus(401);
		verifyNoInteractions(this.entries);
	}

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

	@Test
	void explainsHowARequestIsKeyedAndMatched() {
		NormalizationRules rules = NormalizationRules.defaults();
		NamespacePolicy policy = new NamespacePolicy("support", 7, Duration.ofHours(1), Duration.ofDays(1),
				Set.of(MatchType.EXACT), TextNormalizer.compile(rules), List.of("temperature"), List.of("user"), "kv-1",
				new SemanticSettings(0.9, 0.9, SemanticSettings.LAST_USER_TURN, true, null),
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
		assertThat(post("/v1/cache/explain", TestApiKeys.ACME_READER,
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
		assertThat(post("/v1/cache/explain", TestApiKeys.ACME_READER, "{\"model\":\"\",\"prompt\":\"p\"}"))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.contains("model");
		verifyNoInteractions(this.lookups);
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
