package io.llmcache.lookup;

import io.llmcache.TestApiKeys;
import io.llmcache.WebSliceConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;

/**
 * Web slice of {@link LookupController}: authentication, limits and problem details at
 * the edge, with the service replaced.
 */
@WebMvcTest(LookupController.class)
@ActiveProfiles("test")
@Import(WebSliceConfiguration.class)
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

}
