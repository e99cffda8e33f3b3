package io.llmcache.proxy;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.TestApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.llmcache.proxy.ProxyIntegrationTests.dataEvents;
import static io.llmcache.proxy.ProxyIntegrationTests.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams through the proxy: passed through as they arrive, recorded, stored only when
 * they ended cleanly, replayed faithfully, and converted to and from plain answers.
 */
@IntegrationTest
class ProxyStreamIntegrationTests {

	static final FakeOpenAi upstream = FakeOpenAi.start();

	static final String CHAT = "/openai/v1/chat/completions";

	final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	ApiClient api;

	@DynamicPropertySource
	static void upstreamProperties(DynamicPropertyRegistry registry) {
		registry.add("llmcache.proxy.upstream.base-url", upstream::baseUrl);
	}

	@AfterAll
	static void stopUpstream() {
		upstream.close();
	}

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
		upstream.reset();
	}

	@Test
	void relaysAStreamThenReplaysTheSameEventsInOrderOnAHit() {
		String body = stream("Tell me a story " + unique(), true);
		Answer miss = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body);
		assertThat(miss.status()).isEqualTo(200);
		assertThat(miss.headers().getContentType().toString()).startsWith("text/event-stream");
		assertThat(miss.headers().getFirst("X-Cache")).isEqualTo("MISS");
		String missText = miss.body().stringValue();
		assertThat(missText).endsWith("data: [DONE]\n\n");
		List<JsonNode> missEvents = dataEvents(this.json, missText);
		assertThat(missEvents).hasSizeGreaterThan(4);

		Answer hit = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body);
		assertThat(hit.headers().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(hit.headers().getContentType().toString()).startsWith("text/event-stream");
		assertThat(hit.body().stringValue()).endsWith("data: [DONE]\n\n");
		assertThat(dataEvents(this.json, hit.body().stringValue())).isEqualTo(missEvents);
		assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(1);
	}

	@Test
	void replaysToolCallDeltasReasoningAndUsageAndAssemblesThemForAPlainRequest() {
		String text = "[[tools]] [[reasoning]] Weather and time in Paris " + unique();
		Answer miss = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, stream(text, true));
		List<JsonNode> missEvents = dataEvents(this.json, miss.body().stringValue());
		assertThat(missEvents.stream().filter((e) -> e.at("/choices/0/delta/tool_calls").isArray())).hasSize(6);
		assertThat(missEvents.get(missEvents.size() - 1).at("/usage/total_tokens").isNumber()).isTrue();

		Answer replay = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, stream(text, true));
		assertThat(replay.headers().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(dataEvents(this.json, replay.body().stringValue())).isEqualTo(missEvents);

		Answer plain = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, chat(text));
		assertThat(plain.headers().getFirst("X-Cache")).isEqualTo("HIT");
		JsonNode answer = plain.body();
		assertThat(answer.get("object").stringValue()).isEqualTo("chat.completion");
		assertThat(answer.has(ProxyEntries.EVENTS)).isFalse();
		JsonNode message = answer.at("/choices/0/message");
		assertThat(message.get("reasoning_content").stringValue()).isEqualTo("Thinking about it.");
		assertThat(message.get("tool_calls")).hasSize(2);
		assertThat(message.at("/tool_calls/0/id").stringValue()).isEqualTo("call_weather1");
		assertThat(message.at("/tool_calls/0/function/name").stringValue()).isEqualTo("get_weather");
		assertThat(message.at("/tool_calls/0/function/arguments").stringValue())
			.isEqualTo("{\"city\":\"Paris\",\"unit\":\"celsius\"}");
		assertThat(message.at("/tool_calls/1/function/arguments").stringValue())
			.isEqualTo("{\"timezone\":\"Europe/Paris\"}");
		assertThat(answer.at("/choices/0/finish_reason").stringValue()).isEqualTo("tool_calls");
		assertThat(answer.at("/usage/total_tokens").isNumber()).isTrue();
		assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(1);
	}

	@Test
	void servesAStreamFromAPlainAnswer() {
		String text = "[[tools]] Plain first " + unique();
		Answer plain = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, chat(text));
		assertThat(plain.headers().getFirst("X-Cache")).isEqualTo("MISS");

		Answer streamed = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, stream(text, true));
		assertThat(streamed.headers().getFirst("X-Cache")).isEqualTo("HIT");
		List<JsonNode> events = dataEvents(this.json, streamed.body().stringValue());
		assertThat(events)
			.allSatisfy((e) -> assertThat(e.get("object").stringValue()).isEqualTo("chat.completion.chunk"));
		// The chunks put back together are the plain answer
		JsonNode assembled = ChunkAssembler.assemble(Endpoint.CHAT, events);
		assertThat(assembled.at("/choices/0/message/tool_calls"))
			.isEqualTo(plain.body().at("/choices/0/message/tool_calls"));
		assertThat(assembled.at("/choices/0/finish_reason").stringValue()).isEqualTo("tool_calls");
		assertThat(assembled.get("usage")).isEqualTo(plain.body().get("usage"));

		Answer withoutUsage = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, stream(text, false));
		assertThat(dataEvents(this.json, withoutUsage.body().stringValue()))
			.noneMatch((e) -> e.get("choices").isEmpty());
		assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(1);
	}

	@Test
	void leavesOutUsageChunksForStreamCallersThatDidNotAskForThem() {
		String text = "Usage " + unique();
		this.api.post(CHAT, TestApiKeys.ACME_ADMIN, stream(text, true));
		Answer hit = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, stream(text, false));
		assertThat(hit.headers().getFirst("X-Cache")).isEqualTo("HIT");
		List<JsonNode> events = dataEvents(this.json, hit.body().stringValue());
		assertThat(events).isNotEmpty().noneMatch((e) -> e.get("choices").isEmpty());
	}

	@Test
	void neverStoresABrokenErroredOrUnfinishedStream() {
		for (String marker : List.of("[[broken]]", "[[error-event]]", "[[no-finish]]")) {
			upstream.reset();
			String body = stream(marker + " " + unique(), false);
			Answer first = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body);
			Answer second = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body);
			assertThat(first.status()).isEqualTo(200);
			assertThat(second.headers().getFirst("X-Cache")).as(marker).isEqualTo("MISS");
			assertThat(upstream.calls("/v1/chat/completions")).as(marker).isEqualTo(2);
			List<JsonNode> events = dataEvents(this.json, first.body().stringValue());
			if (!marker.equals("[[no-finish]]")) {
				// The caller learns that the stream failed: the upstream's error event,
				// or
				// one of the proxy's when the upstream just stopped
				assertThat(events.get(events.size() - 1).has("error")).as(marker).isTrue();
			}
		}
		// A plain request for a broken stream's request is not answered from it either
		String body = "[[broken]] " + unique();
		this.api.post(CHAT, TestApiKeys.ACME_ADMIN, stream(body, false));
		assertThat(this.api.post(CHAT, TestApiKeys.ACME_ADMIN, chat(body)).headers().getFirst("X-Cache"))
			.isEqualTo("MISS");
	}

	@Test
	void passesTheFirstEventsOnBeforeTheUpstreamHasFinished() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + CHAT))
			.header("Authorization", "Bearer " + TestApiKeys.ACME_ADMIN)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(stream("[[pause]] Slowly " + unique(), false)))
			.build();
		HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
		// The upstream holds its third chunk until released; the first two must already
		// be
		// here. (The timeout only keeps a failing test from hanging.)
		List<String> early = CompletableFuture.supplyAsync(() -> readDataLines(reader, 2)).get(20, TimeUnit.SECONDS);
		assertThat(early).hasSize(2);
		upstream.release();
		List<String> rest = CompletableFuture.supplyAsync(() -> readDataLines(reader, Integer.MAX_VALUE))
			.get(20, TimeUnit.SECONDS);
		assertThat(rest).last().isEqualTo("data: [DONE]");
	}

	@Test
	void relaysAndReplaysLegacyCompletionStreams() {
		String body = "{\"model\":\"gpt-3.5-turbo-instruct\",\"temperature\":0,\"stream\":true,\"prompt\":\"Count "
				+ unique() + "\"}";
		Answer miss = this.api.post("/openai/v1/completions", TestApiKeys.ACME_ADMIN, body);
		Answer hit = this.api.post("/openai/v1/completions", TestApiKeys.ACME_ADMIN, body);
		assertThat(hit.headers().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(dataEvents(this.json, hit.body().stringValue()))
			.isEqualTo(dataEvents(this.json, miss.body().stringValue()));
		Answer plain = this.api.post("/openai/v1/completions", TestApiKeys.ACME_ADMIN,
				body.replace("\"stream\":true", "\"stream\":false"));
		assertThat(plain.headers().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(plain.body().at("/choices/0/text").stringValue()).startsWith("Echo: Count ");
		assertThat(plain.body().get("object").stringValue()).isEqualTo("text_completion");
	}

	private static List<String> readDataLines(BufferedReader reader, int count) {
		List<String> lines = new ArrayList<>();
		try {
			String line;
			while (lines.size() < count && (line = reader.readLine()) != null) {
				if (line.startsWith("data:")) {
					lines.add(line);
				}
			}
			return lines;
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	static String stream(String text, boolean includeUsage) {
		return "{\"model\":\"gpt-4o-mini\",\"temperature\":0,\"stream\":true,"
				+ (includeUsage ? "\"stream_options\":{\"include_usage\":true}," : "")
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
	}

	static String chat(String text) {
		return ProxyIntegrationTests.chat(text);
	}

}
