package io.llmcache.proxy;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.TestApiKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.llmcache.proxy.ProxyIntegrationTests.chat;
import static io.llmcache.proxy.ProxyIntegrationTests.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two tenants on one upstream: one tenant's malformed requests never reach it, and its
 * failing calls open its own circuit, never the other tenant's. The circuit opens after
 * four failures in a row here.
 */
@IntegrationTest
class ProxyNoisyNeighbourIntegrationTests {

	static final FakeOpenAi upstream = FakeOpenAi.start();

	static final String CHAT = "/openai/v1/chat/completions";

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	ApiClient api;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("llmcache.proxy.upstream.base-url", upstream::baseUrl);
		registry.add("llmcache.proxy.circuit-breaker.minimum-calls", () -> "4");
		registry.add("llmcache.proxy.circuit-breaker.sliding-window-size", () -> "4");
		registry.add("llmcache.proxy.circuit-breaker.failure-rate-threshold", () -> "100");
		registry.add("llmcache.proxy.circuit-breaker.open-duration", () -> "1h");
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

	@ParameterizedTest
	@ValueSource(strings = { "{\"model\":\"m\",\"messages\":[\"x\"]}", "{\"model\":\"m\",\"messages\":[]}",
			"{\"model\":\"m\",\"messages\":[{\"content\":\"no role\"}]}",
			"{\"messages\":[{\"role\":\"user\",\"content\":\"no model\"}]}",
			"{\"model\":\"m\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
			"[\"not an object\"]", "not json" })
	void refusesAMalformedChatRequestBeforeForwardingIt(String body) {
		Answer answer = this.api.post(CHAT, TestApiKeys.ACME_READER, body);
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.body().get("type").asString()).matches(".*/(validation|malformed-body)");
		assertThat(upstream.calls("/v1/chat/completions")).isZero();
	}

	@Test
	void refusesMalformedCompletionAndEmbeddingRequestsBeforeForwardingThem() {
		assertThat(this.api.post("/openai/v1/completions", TestApiKeys.ACME_READER, "{\"model\":\"m\",\"prompt\":{}}")
			.status()).isEqualTo(400);
		assertThat(this.api.post("/openai/v1/embeddings", TestApiKeys.ACME_READER, "{\"model\":\"m\"}").status())
			.isEqualTo(400);
		assertThat(this.api
			.post("/openai/v1/embeddings", TestApiKeys.ACME_READER, "{\"model\":\"m\",\"input\":[\"a\",[1,2]]}")
			.status()).isEqualTo(400);
		assertThat(upstream.calls("/v1/completions") + upstream.calls("/v1/embeddings")).isZero();
	}

	@Test
	void forwardsAPromptOverThePromptLimitUncached() {
		String prompt = "x".repeat(600 * 1024);
		Answer answer = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, chat(prompt));
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.headers().getFirst("X-Cache")).isEqualTo("BYPASS");
		assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(1);

		Answer embedded = this.api.post("/openai/v1/embeddings", TestApiKeys.ACME_ADMIN,
				"{\"model\":\"m\",\"input\":\"" + prompt + "\"}");
		assertThat(embedded.status()).isEqualTo(200);
		assertThat(embedded.headers().getFirst("X-Cache")).isEqualTo("BYPASS");
		assertThat(upstream.calls("/v1/embeddings")).isEqualTo(1);
	}

	@Test
	void upstreamClientErrorsNeverOpenTheCircuit() {
		for (int i = 0; i < 8; i++) {
			String status = (i % 2 == 0) ? "[[status:429]]" : "[[status:400]]";
			Answer refused = this.api.post(CHAT, TestApiKeys.GLOBEX_ADMIN, chat(status + " " + unique()));
			assertThat(refused.status()).isEqualTo((i % 2 == 0) ? 429 : 400);
		}
		Answer fine = this.api.post(CHAT, TestApiKeys.GLOBEX_ADMIN, chat("still served " + unique()));
		assertThat(fine.status()).isEqualTo(200);
		assertThat(circuitState("globex")).isZero();
	}

	@Test
	void oneTenantsFailingCallsOpenOnlyItsOwnCircuit() {
		for (int i = 0; i < 4; i++) {
			Answer failed = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, chat("[[status:500]] " + unique()));
			assertThat(failed.status()).isEqualTo(500);
		}
		Answer refused = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, chat("refused " + unique()));
		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.body().get("detail").asString()).contains("circuit open");
		assertThat(circuitState("acme")).isEqualTo(1);

		for (int i = 0; i < 10; i++) {
			Answer other = this.api.post(CHAT, TestApiKeys.GLOBEX_ADMIN, chat("other tenant " + unique()));
			assertThat(other.status()).isEqualTo(200);
		}
		assertThat(circuitState("globex")).isZero();
	}

	private double circuitState(String tenant) {
		return this.meters.get("llmcache.proxy.circuit.state").tag("tenant", tenant).gauge().value();
	}

}
