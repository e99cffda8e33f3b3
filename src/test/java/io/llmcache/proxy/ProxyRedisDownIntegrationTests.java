package io.llmcache.proxy;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.RedisTestServer;
import io.llmcache.TestApiKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without Redis the proxy still answers: it forwards upstream, uncached, and says so in
 * its headers and metrics. Runs against a Redis of its own that it stops.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ProxyRedisDownIntegrationTests {

	static final FakeOpenAi upstream = FakeOpenAi.start();

	private static final int REDIS_PORT = RedisTestServer.freePort();

	private static RedisTestServer redisServer = RedisTestServer.startEmbedded(REDIS_PORT);

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> REDIS_PORT);
		registry.add("spring.data.redis.timeout", () -> "250ms");
		registry.add("llmcache.proxy.upstream.base-url", upstream::baseUrl);
	}

	@AfterAll
	static void stop() {
		upstream.close();
		if (redisServer != null) {
			redisServer.stop();
		}
	}

	@Test
	void forwardsUpstreamUncachedAndFlaggedWhileRedisIsDown() {
		ApiClient api = new ApiClient(this.port);
		String body = ProxyIntegrationTests.chat("Redis is down " + ProxyIntegrationTests.unique());
		redisServer.stop();
		redisServer = null;
		for (String stream : new String[] { body,
				body.replace("\"temperature\":0", "\"temperature\":0,\"stream\":true") }) {
			Answer answer = api.post("/openai/v1/chat/completions", TestApiKeys.ACME_ADMIN, stream);
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.headers().getFirst("X-Cache")).isEqualTo("MISS");
			assertThat(answer.headers().getFirst("X-Cache-Degraded")).isEqualTo("true");
		}
		assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(2);
		assertThat(this.meters.get("llmcache.proxy.requests").tag("degraded", "true").counter().count()).isEqualTo(2);
	}

}
