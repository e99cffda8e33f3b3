package io.llmcache.console;

import io.llmcache.WebSliceTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the console is served: from the jar, under a strict Content Security Policy, and
 * not at all when switched off.
 */
@WebSliceTest(ConsoleWebConfiguration.class)
class ConsoleWebTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void redirectsToThePageAndServesItUnderAStrictPolicy() {
		assertThat(this.mvc.get().uri("/console")).hasStatus3xxRedirection().hasRedirectedUrl("/console/");
		assertThat(this.mvc.get().uri("/console/")).hasStatusOk()
			.hasForwardedUrl("/console/index.html")
			.hasHeader("Content-Security-Policy", ConsoleHeadersFilter.CONTENT_SECURITY_POLICY);
		assertThat(this.mvc.get().uri("/console/js/main.js")).hasStatusOk()
			.hasHeader("X-Content-Type-Options", "nosniff")
			.hasHeader("Referrer-Policy", "no-referrer")
			.hasHeader("Content-Security-Policy", ConsoleHeadersFilter.CONTENT_SECURITY_POLICY);
		assertThat(ConsoleHeadersFilter.CONTENT_SECURITY_POLICY).contains("script-src 'self'")
			.doesNotContain("unsafe")
			.contains("require-trusted-types-for 'script'");
	}

	@Nested
	@TestPropertySource(properties = "llmcache.console.enabled=false")
	class SwitchedOff {

		@Test
		void answers404(@Autowired MockMvcTester mvc) {
			assertThat(mvc.get().uri("/console/")).hasStatus(404);
			assertThat(mvc.get().uri("/console/js/main.js")).hasStatus(404);
		}

	}

}
