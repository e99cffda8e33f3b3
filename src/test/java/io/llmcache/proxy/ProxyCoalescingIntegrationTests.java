package io.llmcache.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.Replica;
import io.llmcache.SecondReplica;
import io.llmcache.TestApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.llmcache.proxy.ProxyIntegrationTests.dataEvents;
import static io.llmcache.proxy.ProxyIntegrationTests.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Request coalescing: identical requests that miss at once make one upstream call, on one
 * replica and across two (this test's service and a second one started beside it on the
 * same Redis); a leader that dies lets a waiting replica take over.
 */
@IntegrationTest
class ProxyCoalescingIntegrationTests {

	static final FakeOpenAi upstream = FakeOpenAi.start();

	static final String CHAT = "/openai/v1/chat/completions";

	@RegisterExtension
	static final SecondReplica secondReplica = new SecondReplica(
			"llmcache.proxy.upstream.base-url=" + upstream.baseUrl());

	final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	CallCoordinator coordinator;

	@Autowired
	StringRedisTemplate redis;

	@DynamicPropertySource
	static void upstreamProperties(DynamicPropertyRegistry registry) {
		registry.add("llmcache.proxy.upstream.base-url", upstream::baseUrl);
	}

	@AfterAll
	static void stopUpstream() {
		upstream.close();
	}

	@BeforeEach
	void resetUpstream() {
		upstream.reset();
	}

	@Test
	void fiftyIdenticalConcurrentMissesThroughTwoReplicasMakeOneUpstreamCall() throws Exception {
		String text = "[[slow:1500]] Coalesce me " + unique();
		int secondPort = secondReplica.port();
		List<Callable<Answer>> calls = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			ApiClient api = new ApiClient((i % 2 == 0) ? this.port : secondPort);
			// Plain and streaming callers mixed: each gets the shared answer in its own
			// form
			String body = (i % 4 < 2) ? ProxyIntegrationTests.chat(text)
					: ProxyStreamIntegrationTests.stream(text, false);
			calls.add(() -> api.post(CHAT, TestApiKeys.ACME_ADMIN, body));
		}
		List<Answer> answers = runAll(calls);
		assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(1);
		assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(200));
		assertThat(answers.stream().filter((a) -> "MISS".equals(a.headers().getFirst("X-Cache")))).hasSize(1);
		assertThat(answers.stream().filter((a) -> "HIT".equals(a.headers().getFirst("X-Cache")))).hasSize(49);
		for (Answer answer : answers) {
			assertThat(contentOf(answer)).isEqualTo("Echo: " + text);
		}
	}

	@Test
	void streamingWaitersReceiveTheStreamAsItArrives() throws Exception {
		String body = ProxyStreamIntegrationTests.stream("[[slow:1000]] Stream to many " + unique(), true);
		List<Callable<Answer>> calls = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			ApiClient api = new ApiClient(this.port);
			calls.add(() -> api.post(CHAT, TestApiKeys.ACME_ADMIN, body));
		}
		List<Answer> answers = runAll(calls);
		assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(1);
		List<JsonNode> first = dataEvents(this.json, answers.get(0).body().stringValue());
		assertThat(first).hasSizeGreaterThan(4);
		for (Answer answer : answers) {
			assertThat(answer.body().stringValue()).endsWith("data: [DONE]\n\n");
			assertThat(dataEvents(this.json, answer.body().stringValue())).isEqualTo(first);
		}
	}

	@Test
	void aWaitingReplicaTakesOverWhenTheLeaderDiedAndItsLeaseExpired() throws Exception {
		String body = ProxyIntegrationTests.chat("Leader dies " + unique());
		OpenAiRequest request = OpenAiRequest.of(Endpoint.CHAT, body.getBytes(), this.json);
		CallCoordinator.CallKey key = this.coordinator.keyOf("acme", "default",
				request.description().orElseThrow().toLlmRequest());
		// A leader on another replica took the lease and crashed: nobody renews it
		this.redis.opsForValue().set(key.lease(), "crashed-leader", Duration.ofMillis(1500));
		ApiClient api = new ApiClient(this.port);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<Answer> pending = executor.submit(() -> api.post(CHAT, TestApiKeys.ACME_ADMIN, body));
			// While the dead leader's lease lives, the follower waits rather than calling
			// (an assertion that fails inside until() fails the test at once)
			await("the dead leader's lease to expire").atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> {
					// The calls are counted before the lease is read: a count taken while
					// the lease still lived must be zero, whereas one taken in the poll
					// that sees it gone may already include the follower's call
					int calls = upstream.calls("/v1/chat/completions");
					boolean leaseLives = "crashed-leader".equals(this.redis.opsForValue().get(key.lease()));
					if (leaseLives) {
						assertThat(calls).isZero();
					}
					return !leaseLives;
				});
			Answer answer = pending.get(30, TimeUnit.SECONDS);
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.headers().getFirst("X-Cache")).isEqualTo("MISS");
			assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(1);
		}
		finally {
			executor.shutdownNow();
		}
		// The new leader stored the answer and marked its lease done: right after the
		// caller has the whole answer, as the lease is released once the call returns
		await().atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(10))
			.untilAsserted(() -> assertThat(this.redis.opsForValue().get(key.lease())).isEqualTo(LeaseRepository.DONE));
		assertThat(new ApiClient(this.port).post(CHAT, TestApiKeys.ACME_ADMIN, body).headers().getFirst("X-Cache"))
			.isEqualTo("HIT");
	}

	@Test
	void aFollowerOnAnotherReplicaTakesOverWhenTheLeaderReplicaDiesMidCall() throws Exception {
		// A third replica that stops at once, like a crash as far as its callers can tell
		// Arguments, to win over application.properties: no graceful wait for the
		// request in flight, and a lease that lives 2 s unless renewed
		Replica doomed = secondReplica.startAnother("--server.shutdown=immediate",
				"--spring.lifecycle.timeout-per-shutdown-phase=1s", "--llmcache.proxy.coalescing.lease-ttl=2s");
		String body = ProxyIntegrationTests.chat("[[hang]] Leader dies mid-call " + unique());
		OpenAiRequest request = OpenAiRequest.of(Endpoint.CHAT, body.getBytes(), this.json);
		CallCoordinator.CallKey key = this.coordinator.keyOf("acme", "default",
				request.description().orElseThrow().toLlmRequest());
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			ApiClient leaderApi = doomed.api();
			executor.submit(() -> leaderApi.post(CHAT, TestApiKeys.ACME_ADMIN, body));
			await("the leader's upstream call").atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(20))
				.untilAsserted(() -> assertThat(upstream.calls("/v1/chat/completions")).isPositive());
			// The leader is inside its upstream call and holds the lease; a follower
			// waits
			String leaderToken = this.redis.opsForValue().get(key.lease());
			assertThat(leaderToken).isNotNull().isNotEqualTo(LeaseRepository.DONE);
			ApiClient followerApi = new ApiClient(this.port);
			Future<Answer> follower = executor.submit(() -> followerApi.post(CHAT, TestApiKeys.ACME_ADMIN, body));
			// No outcome to await: the follower must go on waiting, checked for 300 ms
			await("the follower waiting").during(Duration.ofMillis(300))
				.atMost(Duration.ofSeconds(2))
				.untilAsserted(() -> {
					assertThat(follower).isNotDone();
					assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(1);
				});
			doomed.close();
			// Calls from now on are answered at once; the dead leader's connection is
			// gone
			upstream.release();
			Answer answer = follower.get(30, TimeUnit.SECONDS);
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.headers().getFirst("X-Cache")).isEqualTo("MISS");
			assertThat(answer.body().at("/choices/0/message/content").stringValue()).startsWith("Echo: [[hang]]");
			assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(2);
		}
		finally {
			upstream.release();
			executor.shutdownNow();
			doomed.close();
		}
	}

	@Test
	void sharesAnUpstreamErrorWithTheWaitersAndCachesNothing() throws Exception {
		String body = ProxyIntegrationTests.chat("[[slow:800]] [[status:500]] Shared failure " + unique());
		List<Callable<Answer>> calls = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ApiClient api = new ApiClient(this.port);
			calls.add(() -> api.post(CHAT, TestApiKeys.ACME_ADMIN, body));
		}
		List<Answer> answers = runAll(calls);
		assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(500));
		int calledOnce = upstream.calls("/v1/chat/completions");
		assertThat(new ApiClient(this.port).post(CHAT, TestApiKeys.ACME_ADMIN, body).status()).isEqualTo(500);
		assertThat(upstream.calls("/v1/chat/completions")).isEqualTo(calledOnce + 1);
	}

	private String contentOf(Answer answer) {
		if (answer.headers().getContentType().toString().startsWith("text/event-stream")) {
			return ChunkAssembler.assemble(Endpoint.CHAT, dataEvents(this.json, answer.body().stringValue()))
				.at("/choices/0/message/content")
				.stringValue();
		}
		return answer.body().at("/choices/0/message/content").stringValue();
	}

	private static List<Answer> runAll(List<Callable<Answer>> calls) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(calls.size());
		try {
			List<Answer> answers = new ArrayList<>();
			for (Future<Answer> future : executor.invokeAll(calls, 60, TimeUnit.SECONDS)) {
				answers.add(future.get());
			}
			return answers;
		}
		finally {
			executor.shutdownNow();
		}
	}

}
