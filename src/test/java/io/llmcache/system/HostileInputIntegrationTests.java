package io.llmcache.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.TestApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input meant to break the service gets a clear problem, never a 500, an HTML page or a
 * forged log line: numbers beyond double range, control characters that would end a log
 * line, and requests Tomcat refuses before any controller sees them.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class HostileInputIntegrationTests {

	private static final String PROBLEM_JSON = "application/problem+json";

	@LocalServerPort
	int port;

	@Test
	void aNumberBeyondDoubleRangeInALookupIsKeptExactlyNotAFailure() {
		ApiClient api = new ApiClient(this.port);
		String request = """
				{"namespace":"hostile-numbers","model":"m","messages":[{"role":"user","content":"hi"}],
				 "params":{"temperature":1e400}}""";
		Answer lookup = api.post("/v1/cache/lookup", TestApiKeys.ACME_READER, request);
		assertThat(lookup.status()).isEqualTo(200);
		assertThat(lookup.body().get("hit").booleanValue()).isFalse();
	}

	@Test
	void aNumberBeyondDoubleRangeInAResponseIsReturnedAsSent() {
		ApiClient api = new ApiClient(this.port);
		String request = """
				"namespace":"hostile-numbers","model":"m","messages":[{"role":"user","content":"big numbers"}]""";
		Answer stored = api.post("/v1/cache/entries", TestApiKeys.ACME_WRITER,
				"{" + request + ",\"response\":{\"text\":1e400,\"small\":-2.5e-400}}");
		assertThat(stored.status()).isEqualTo(201);
		Answer lookup = api.post("/v1/cache/lookup", TestApiKeys.ACME_READER, "{" + request + "}");
		assertThat(lookup.body().get("hit").booleanValue()).isTrue();
		JsonNode response = lookup.body().get("response");
		assertThat(response.get("text").isString()).isFalse();
		assertThat(response.get("text").decimalValue()).isEqualByComparingTo(new BigDecimal("1e400"));
		assertThat(response.get("small").decimalValue()).isEqualByComparingTo(new BigDecimal("-2.5e-400"));
	}

	@Test
	void aLineBreakInCallerTextCannotForgeALogLine(CapturedOutput output) {
		ApiClient api = new ApiClient(this.port);
		Answer invalidation = api.post("/v1/admin/invalidations", TestApiKeys.ACME_ADMIN, """
				{"namespace":"hostile-logs","promptPrefix":"x\\n2026-01-01T00:00:00Z  INFO forged line"}""");
		assertThat(invalidation.status()).isLessThan(300);
		assertThat(output.getOut()).contains("x\\n2026-01-01T00:00:00Z  INFO forged line")
			.doesNotContain("x\n2026-01-01T00:00:00Z");
	}

	@Test
	void directCallsToTheErrorPathAreANotFoundProblem() {
		Answer error = new ApiClient(this.port).get("/error", TestApiKeys.ACME_ADMIN);
		assertThat(error.status()).isEqualTo(404);
		assertThat(error.headers().getContentType()).hasToString(PROBLEM_JSON);
		assertThat(error.body().get("status").intValue()).isEqualTo(404);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/cache/entries/%00", "/v1/cache/entries/a%2Fb", "/v1/cache/%2e%2e/%2e%2e/etc" })
	void pathsTomcatRefusesAreABadRequestProblem(String path) throws IOException {
		RawAnswer answer = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		// %2e%2e is resolved by Tomcat: a path above the root is refused, another one is
		// simply not found
		assertThat(answer.status()).isIn(400, 404);
		assertThat(answer.contentType()).startsWith(PROBLEM_JSON);
		assertThat(answer.json().get("status").intValue()).isEqualTo(answer.status());
		assertThat(answer.json().get("type").asString()).startsWith("https://llm-cache.dev/problems/");
	}

	@Test
	void headersOverTheLimitAreABadRequestProblem() throws IOException {
		RawAnswer answer = raw("GET /v1/cache/entries/x HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
				+ "\r\nConnection: close\r\n\r\n");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.contentType()).startsWith(PROBLEM_JSON);
		assertThat(answer.json().get("detail").asString()).doesNotContain("<");
	}

	@Test
	void aNulInAHeaderIsABadRequestProblem() throws IOException {
		RawAnswer answer = raw(
				"GET /v1/cache/entries/x HTTP/1.1\r\nHost: localhost\r\nX-Nul: a\0b\r\nConnection: close\r\n\r\n");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.contentType()).startsWith(PROBLEM_JSON);
	}

	/** Sends bytes as they are: HTTP clients refuse to send what these tests need. */
	private RawAnswer raw(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			int end = text.indexOf("\r\n\r\n");
			String head = text.substring(0, end);
			String body = text.substring(end + 4);
			int status = Integer.parseInt(head.split(" ", 3)[1]);
			String contentType = head.lines()
				.filter((line) -> line.toLowerCase().startsWith("content-type:"))
				.map((line) -> line.substring("content-type:".length()).trim())
				.findFirst()
				.orElse("");
			if (head.toLowerCase().contains("transfer-encoding: chunked")) {
				body = dechunk(body);
			}
			return new RawAnswer(status, contentType, body);
		}
	}

	private static String dechunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (true) {
			int lineEnd = chunked.indexOf("\r\n", at);
			int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
			if (size == 0) {
				return body.toString();
			}
			body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
	}

	private record RawAnswer(int status, String contentType, String body) {

		JsonNode json() {
			return JsonMapper.builder().build().readTree(this.body);
		}

	}

}
