package io.llmcache.tenant;

import io.llmcache.TestApiKeys;
import io.llmcache.WebRequests;
import io.llmcache.WebSliceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/caller}: any known key learns its own id, tenant and roles.
 */
@WebSliceTest(CallerController.class)
class CallerControllerTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void tellsAnyKeyWhoItIs() {
		assertThat(WebRequests.get(this.mvc, "/v1/caller", TestApiKeys.ACME_READER)).hasStatusOk()
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.keyId").isEqualTo("acme-reader");
				assertThat(json).extractingPath("$.tenant").isEqualTo("acme");
				assertThat(json).extractingPath("$.roles").asArray().containsExactly("read");
			});
		assertThat(WebRequests.get(this.mvc, "/v1/caller", TestApiKeys.ACME_ADMIN)).bodyJson()
			.extractingPath("$.roles")
			.asArray()
			.containsExactly("admin", "read", "write");
		assertThat(WebRequests.get(this.mvc, "/v1/caller", TestApiKeys.ACME_WRITER)).hasStatusOk();
		assertThat(this.mvc.get().uri("/v1/caller")).hasStatus(401);
	}

}
