package io.llmcache.store;

import java.time.Instant;
import java.util.Map;

import io.llmcache.TestApiKeys;
import io.llmcache.WebRequests;
import io.llmcache.WebSliceTest;
import io.llmcache.entry.EntryId;
import io.llmcache.entry.TenantNamespace;
import io.llmcache.lookup.TestLookups;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Web slice of {@link EntryController}, with its services replaced.
 */
@WebSliceTest(EntryController.class)
class EntryControllerTests {

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	StoreService stores;

	@MockitoBean
	EntryService entries;

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
	void storesAndAnswers201WithTheEntrysLocation() {
		Instant created = Instant.parse("2026-12-01T10:00:00Z");
		given(this.stores.store(any(NewEntry.class)))
			.willReturn(new StoreReceipt("e-1", created, created.plusSeconds(60), 60, true));
		assertThat(WebRequests.post(this.mvc, "/v1/cache/entries", TestApiKeys.ACME_ADMIN,
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
		assertThat(WebRequests.post(this.mvc, "/v1/cache/entries", TestApiKeys.GLOBEX_ADMIN,
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
		assertThat(WebRequests.post(this.mvc, "/v1/cache/entries", TestApiKeys.ACME_ADMIN,
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
		given(this.entries.get("acme", "e-1")).willReturn(
				new EntryService.EntryView(new TenantNamespace("acme", "support"), TestLookups.storedEntry("e-1")));
		assertThat(WebRequests.get(this.mvc, "/v1/cache/entries/e-1", TestApiKeys.ACME_READER)).hasStatusOk()
			.bodyJson()
			.satisfies((json) -> {
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
		given(this.entries.get(anyString(), anyString())).willThrow(EntryId.notFound("e-9"));
		assertThat(WebRequests.get(this.mvc, "/v1/cache/entries/e-9", TestApiKeys.GLOBEX_ADMIN)).hasStatus(404)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://llm-cache.dev/problems/entry-not-found");
		verify(this.entries).get("globex", "e-9");
	}

	@Test
	void deletesAnEntryWith204() {
		assertThat(WebRequests.delete(this.mvc, "/v1/cache/entries/e-1", TestApiKeys.ACME_ADMIN)).hasStatus(204)
			.body()
			.isEmpty();
		verify(this.entries).delete("acme", "e-1");
	}

	@Test
	void answersADeleteTheStoreCouldNotDoWithARetryable503() {
		willThrow(new ApiException(ProblemType.STORE_UNAVAILABLE, "Retry later", true, null)).given(this.entries)
			.delete("acme", "e-1");
		assertThat(WebRequests.delete(this.mvc, "/v1/cache/entries/e-1", TestApiKeys.ACME_ADMIN)).hasStatus(503)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://llm-cache.dev/problems/store-unavailable");
				assertThat(json).extractingPath("$.retryable").isEqualTo(true);
			});
	}

	@Test
	void refusesAReaderThatDeletes() {
		assertThat(WebRequests.delete(this.mvc, "/v1/cache/entries/e-1", TestApiKeys.ACME_READER)).hasStatus(403);
		assertThat(this.mvc.delete().uri("/v1/cache/entries/e-1")).hasStatus(401);
		verifyNoInteractions(this.entries);
	}

}
