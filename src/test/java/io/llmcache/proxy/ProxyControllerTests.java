package io.llmcache.proxy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import io.llmcache.TestApiKeys;
import io.llmcache.WebRequests;
import io.llmcache.WebSliceTest;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.Role;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The HTTP edge of the OpenAI-compatible API: which proxy each endpoint hands the body
 * to, with what cache directives, and how the answer or failure reaches the caller; the
 * proxies are replaced.
 *
 */
@WebSliceTest(ProxyController.class)
class ProxyControllerTests {

	private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"temperature\":0,"
			+ "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	CompletionProxy completions;

	@MockitoBean
	EmbeddingsProxy embeddings;

	@Test
	void handsAChatCompletionToTheCompletionProxyAndRelaysWhatItWrites() {
		willAnswer((invocation) -> {
			HttpServletResponse response = invocation.getArgument(3);
			response.setStatus(200);
			response.setHeader("X-Cache", "HIT");
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.getOutputStream().write("{\"object\":\"chat.completion\"}".getBytes(StandardCharsets.UTF_8));
			return null;
		}).given(this.completions).handle(any(), any(), any(), any());
		assertThat(WebRequests.post(this.mvc, "/openai/v1/chat/completions", TestApiKeys.ACME_READER, CHAT))
			.hasStatusOk()
			.hasHeader("X-Cache", "HIT")
			.bodyJson()
			.extractingPath("$.object")
			.isEqualTo("chat.completion");
		ArgumentCaptor<OpenAiRequest> request = ArgumentCaptor.forClass(OpenAiRequest.class);
		verify(this.completions).handle(eq(new Caller("acme-reader", "acme", Set.of(Role.READ))), request.capture(),
				eq(new CacheDirectives("default", List.of(), null, false, false, null)), any());
		assertThat(request.getValue().endpoint()).isEqualTo(Endpoint.CHAT);
		assertThat(request.getValue().raw()).isEqualTo(CHAT.getBytes(StandardCharsets.UTF_8));
		assertThat(request.getValue().body().get("model").asString()).isEqualTo("gpt-4o-mini");
		verifyNoInteractions(this.embeddings);
	}

	@Test
	void passesTheCacheHeadersOnAsDirectives() {
		assertThat(WebRequests
			.post(this.mvc, "/openai/v1/completions", TestApiKeys.ACME_ADMIN,
					"{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":\"Say hello\"}")
			.header("X-Cache-Namespace", "support")
			.header("X-Cache-Tags", "doc:1, doc:2")
			.header("X-Cache-TTL", "60")
			.header(HttpHeaders.CACHE_CONTROL, "no-cache, max-age=30")).hasStatusOk();
		ArgumentCaptor<OpenAiRequest> request = ArgumentCaptor.forClass(OpenAiRequest.class);
		verify(this.completions).handle(eq(new Caller("acme-admin", "acme", Set.of(Role.READ, Role.WRITE, Role.ADMIN))),
				request.capture(), eq(new CacheDirectives("support", List.of("doc:1", "doc:2"), 60L, true, false, 30L)),
				any());
		assertThat(request.getValue().endpoint()).isEqualTo(Endpoint.COMPLETIONS);
	}

	@Test
	void handsEmbeddingsToTheEmbeddingsProxy() {
		String body = "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"]}";
		assertThat(WebRequests.post(this.mvc, "/openai/v1/embeddings", TestApiKeys.GLOBEX_ADMIN, body)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")).hasStatusOk();
		ArgumentCaptor<OpenAiRequest> request = ArgumentCaptor.forClass(OpenAiRequest.class);
		verify(this.embeddings).handle(
				eq(new Caller("globex-admin", "globex", Set.of(Role.READ, Role.WRITE, Role.ADMIN))), request.capture(),
				eq(new CacheDirectives("default", List.of(), null, false, true, null)), any());
		assertThat(request.getValue().endpoint()).isEqualTo(Endpoint.EMBEDDINGS);
		assertThat(request.getValue().raw()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
		verifyNoInteractions(this.completions);
	}

	@Test
	void refusesABodyThatIsNotAJsonObjectBeforeForwardingIt() {
		assertThat(WebRequests.post(this.mvc, "/openai/v1/chat/completions", TestApiKeys.ACME_READER, "[1, 2"))
			.hasStatus(400);
		verifyNoInteractions(this.completions);
	}

	@Test
	void rejectsCacheHeadersItDoesNotUnderstand() {
		for (String[] header : new String[][] { { "X-Cache-Namespace", "Bad Name" }, { "X-Cache-TTL", "0" },
				{ "X-Cache-TTL", "soon" }, { "X-Cache-Tags", "no spaces allowed" },
				{ HttpHeaders.CACHE_CONTROL, "max-age=-1" } }) {
			assertThat(WebRequests.post(this.mvc, "/openai/v1/chat/completions", TestApiKeys.ACME_READER, CHAT)
				.header(header[0], header[1])).as(header[0] + ": " + header[1])
				.hasStatus(400)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.satisfies((json) -> {
					assertThat(json).extractingPath("$.type").isEqualTo("https://llm-cache.dev/problems/validation");
					assertThat(json).extractingPath("$.detail").asString().contains(header[0]);
				});
		}
		verifyNoInteractions(this.completions);
	}

	@Test
	void requiresABody() {
		assertThat(this.mvc.post()
			.uri("/openai/v1/chat/completions")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestApiKeys.ACME_READER)
			.contentType(MediaType.APPLICATION_JSON)).hasStatus(400).bodyJson().satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://llm-cache.dev/problems/malformed-body");
				assertThat(json).extractingPath("$.detail").isEqualTo("A JSON body is required");
			});
		verifyNoInteractions(this.completions);
	}

	@Test
	void answersAnUpstreamFailureAsAProblem() {
		willThrow(new ApiException(ProblemType.UPSTREAM_TIMEOUT, "The upstream did not answer in time", true, null))
			.given(this.completions)
			.handle(any(), any(), any(), any());
		assertThat(WebRequests.post(this.mvc, "/openai/v1/chat/completions", TestApiKeys.ACME_READER, CHAT))
			.hasStatus(504)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://llm-cache.dev/problems/upstream-timeout");
				assertThat(json).extractingPath("$.retryable").isEqualTo(true);
				assertThat(json).extractingPath("$.instance").isEqualTo("/openai/v1/chat/completions");
			});
	}

	@Test
	void answersOnlyAKeyWithTheReadRole() {
		for (String uri : new String[] { "/openai/v1/chat/completions", "/openai/v1/completions",
				"/openai/v1/embeddings" }) {
			assertThat(WebRequests.post(this.mvc, uri, TestApiKeys.ACME_WRITER, CHAT)).as(uri)
				.hasStatus(403)
				.bodyJson()
				.extractingPath("$.type")
				.isEqualTo("https://llm-cache.dev/problems/forbidden");
			assertThat(this.mvc.post().uri(uri).contentType(MediaType.APPLICATION_JSON).content(CHAT)).as(uri)
				.hasStatus(401)
				.bodyJson()
				.extractingPath("$.type")
				.isEqualTo("https://llm-cache.dev/problems/unauthenticated");
		}
		verifyNoInteractions(this.completions, this.embeddings);
	}

}
