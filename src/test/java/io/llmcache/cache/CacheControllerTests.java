package io.llmcache.cache;

import io.llmcache.store.EntryService;
import io.llmcache.feedback.FeedbackService;
import io.llmcache.lookup.Lookup;
import io.llmcache.lookup.LookupResult;
import io.llmcache.lookup.LookupService;
import io.llmcache.store.StoreService;
import io.llmcache.TestApiKeys;
import io.llmcache.system.JsonConfiguration;
import io.llmcache.system.LimitsProperties;
import io.llmcache.tenant.Caller;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;

/**
 * The HTTP edge of the cache API: authentication, roles, validation and limits, with the
 * service replaced.
 *
 */
@WebMvcTest(CacheController.class)
@ActiveProfiles("test")
@Import(CacheControllerTests.TenantAndLimits.class)
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

	/**
	 * What the slice leaves out but the edge needs: API keys and request limits.
	 */
	@EnableConfigurationProperties(LimitsProperties.class)
	@ComponentScan(basePackageClasses = Caller.class)
	@Import(JsonConfiguration.class)
	static class TenantAndLimits {

	}

}
