package io.llmcache.proxy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.RedisTestServer;
import io.llmcache.TestApiKeys;
import io.llmcache.system.Digests;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.llmcache.proxy.ProxyIntegrationTests.dataEvents;
import static io.llmcache.proxy.ProxyIntegrationTests.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The proxy against an upstream that is slow, saturated or down: read timeouts, a bounded
 * connection pool and queue, and the circuit breaker. Each tenant has an upstream of its
 * own here (per-tenant upstreams), so each behaviour is tested on a lane of its own: acme
 * with a 1 s read timeout, globex with two connections and one queued call, initech
 * pointed at a port where nothing listens.
 */
@IntegrationTest
class ProxyResilienceIntegrationTests {

	static final FakeOpenAi upstream = FakeOpenAi.start();

	static final String CHAT = "/openai/v1/chat/completions";

	static final String INITECH_KEY = "initech-key";

	static final int CLOSED_PORT = RedisTestServer.freePort();

	final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	ApiClient api;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		// A list property is bound from one source only: every key is declared here
		String[][] keys = { { "acme-admin", TestApiKeys.ACME_ADMIN, "acme" },
				{ "globex-admin", TestApiKeys.GLOBEX_ADMIN, "globex" }, { "initech", INITECH_KEY, "initech" } };
		for (int i = 0; i < keys.length; i++) {
			String[] key = keys[i];
			registry.add("llmcache.api-keys[" + i + "].id", () -> key[0]);
			registry.add("llmcache.api-keys[" + i + "].sha256", () -> Digests.sha256Hex(key[1]));
			registry.add("llmcache.api-keys[" + i + "].tenant", () -> key[2]);
			registry.add("llmcache.api-keys[" + i + "].roles", () -> "read,write,admin");
		}
		registry.add("llmcache.proxy.upstream.base-url", upstream::baseUrl);
		registry.add("llmcache.proxy.upstream.read-timeout", () -> "1s");
		registry.add("llmcache.proxy.tenants.globex.base-url", upstream::baseUrl);
		registry.add("llmcache.proxy.tenants.globex.max-connections", () -> "2");
		registry.add("llmcache.proxy.tenants.globex.max-queued", () -> "1");
		registry.add("llmcache.proxy.tenants.globex.queue-timeout", () -> "1s");
		registry.add("llmcache.proxy.tenants.initech.base-url", () -> "http://127.0.0.1:" + CLOSED_PORT + "/v1");
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

	@Test
	void answersAGatewayTimeoutWhenTheUpstreamStaysSilentPastTheReadTimeout() {
		String body = ProxyIntegrationTests.chat("[[slow:3000]] Too slow " + unique());
		Answer answer = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body);
		assertThat(answer.status()).isEqualTo(504);
		assertThat(answer.body().get("type").stringValue()).endsWith("/upstream-timeout");
		assertThat(answer.body().get("retryable").booleanValue()).isTrue();
	}

	@Test
	void endsAStreamThatStallsPastTheReadTimeoutWithAnErrorAndDoesNotStoreIt() {
		String body = ProxyStreamIntegrationTests.stream("[[pause]] Stalls " + unique(), false);
		Answer answer = this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body);
		upstream.release();
		assertThat(answer.status()).isEqualTo(200);
		List<JsonNode> events = dataEvents(this.json, answer.body().stringValue());
		assertThat(events).hasSize(3);
		assertThat(events.get(2).at("/error/code").stringValue()).isEqualTo("stream_broken");
		assertThat(this.api.post(CHAT, TestApiKeys.ACME_ADMIN, body).headers().getFirst("X-Cache")).isEqualTo("MISS");
	}

	@Test
	void refusesCallsBeyondTheConnectionPoolAndItsQueue() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			// Two calls hold both connections of globex's upstream
			List<Future<Answer>> holding = List.of(submit(executor, "[[hang]] first " + unique()),
					submit(executor, "[[hang]] second " + unique()));
			await("both calls at the upstream").atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(20))
				.untilAsserted(() -> assertThat(upstream.calls("/v1/chat/completions")).isGreaterThanOrEqualTo(2));
			// A third waits in the queue for a connection, up to the queue timeout ...
			Future<Answer> queued = submit(executor, "third " + unique());
			// A call waiting for a pooled connection shows nowhere (it reaches no
			// upstream, no metric counts it), so there is no outcome to await: this gives
			// it time to take the queue's one place before the fourth comes
			Thread.sleep(300);
			// ... and a fourth finds the queue full and is refused at once
			Answer refused = this.api.post(CHAT, TestApiKeys.GLOBEX_ADMIN, ProxyIntegrationTests.chat("fourth"));
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.body().get("type").stringValue()).endsWith("/upstream-busy");
			assertThat(refused.body().get("detail").stringValue()).contains("queue is full");
			Answer timedOut = queued.get(10, TimeUnit.SECONDS);
			assertThat(timedOut.status()).isEqualTo(503);
			assertThat(timedOut.body().get("detail").stringValue()).contains("No connection");
			assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(2);
			upstream.release();
			for (Future<Answer> call : holding) {
				assertThat(call.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
			}
		}
		finally {
			upstream.release();
			executor.shutdownNow();
		}
	}

	@Test
	void opensTheCircuitAfterRepeatedFailuresAndFailsFast() {
		for (int i = 0; i < 4; i++) {
			Answer unreachable = this.api.post(CHAT, INITECH_KEY, ProxyIntegrationTests.chat("down " + i));
			assertThat(unreachable.status()).isEqualTo(502);
			assertThat(unreachable.body().get("type").stringValue()).endsWith("/upstream-unreachable");
		}
		Answer fast = this.api.post(CHAT, INITECH_KEY, ProxyIntegrationTests.chat("down again"));
		assertThat(fast.status()).isEqualTo(503);
		assertThat(fast.body().get("type").stringValue()).endsWith("/upstream-busy");
		assertThat(fast.body().get("detail").stringValue()).contains("circuit open");
		assertThat(this.meters.get("llmcache.proxy.circuit.state")
			.tag("upstream", "http://127.0.0.1:" + CLOSED_PORT + "/v1")
			.gauge()
			.value()).isEqualTo(1);
		assertThat(this.meters.get("llmcache.proxy.upstream.calls").tag("outcome", "circuit-open").counter().count())
			.isEqualTo(1);
		// Other tenants' upstreams have circuits of their own
		assertThat(this.api.post(CHAT, TestApiKeys.ACME_ADMIN, ProxyIntegrationTests.chat("fine " + unique())).status())
			.isEqualTo(200);
	}

	private Future<Answer> submit(ExecutorService executor, String text) {
		ApiClient client = new ApiClient(this.port);
		return executor.submit(() -> client.post(CHAT, TestApiKeys.GLOBEX_ADMIN, ProxyIntegrationTests.chat(text)));
	}

}
