package io.llmcache.store;

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

/**
 * Web slice of {@link EntryController}: roles and validation at the edge, with the
 * services replaced.
 */
@WebMvcTest(EntryController.class)
@ActiveProfiles("test")
@Import(WebSliceConfiguration.class)
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

}
