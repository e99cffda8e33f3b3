package io.llmcache.proxy;

import io.llmcache.system.ApiException;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CacheDirectives}.
 */
class CacheDirectivesTests {

	@Test
	void readsEveryHeader() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-Cache-Namespace", "support");
		request.addHeader("X-Cache-Tags", "doc:42, faq ,v1/x");
		request.addHeader("X-Cache-TTL", "600");
		request.addHeader("Cache-Control", "no-cache, max-age=30, no-transform");
		CacheDirectives directives = CacheDirectives.of(request);
		assertThat(directives.namespace()).isEqualTo("support");
		assertThat(directives.tags()).containsExactly("doc:42", "faq", "v1/x");
		assertThat(directives.ttlSeconds()).isEqualTo(600);
		assertThat(directives.noCache()).isTrue();
		assertThat(directives.noStore()).isFalse();
		assertThat(directives.maxAgeSeconds()).isEqualTo(30);
		assertThat(directives.mayLookUp()).isFalse();
	}

	@Test
	void defaultsToTheDefaultNamespaceAndNoDirectives() {
		CacheDirectives directives = CacheDirectives.of(new MockHttpServletRequest());
		assertThat(directives.namespace()).isEqualTo("default");
		assertThat(directives.tags()).isEmpty();
		assertThat(directives.ttlSeconds()).isNull();
		assertThat(directives.mayLookUp()).isTrue();
	}

	@Test
	void refusesWhatItCannotHonour() {
		for (String[] header : new String[][] { { "X-Cache-Namespace", "../other" }, { "X-Cache-TTL", "0" },
				{ "X-Cache-TTL", "1h" }, { "X-Cache-Tags", "a,,b" }, { "Cache-Control", "max-age=-1" },
				{ "X-Cache-Tags", "t,".repeat(33) + "t" } }) {
			MockHttpServletRequest request = new MockHttpServletRequest();
			request.addHeader(header[0], header[1]);
			assertThatExceptionOfType(ApiException.class).as(header[0] + ": " + header[1])
				.isThrownBy(() -> CacheDirectives.of(request));
		}
	}

}
