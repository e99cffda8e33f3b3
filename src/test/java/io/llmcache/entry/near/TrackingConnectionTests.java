package io.llmcache.entry.near;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.DefaultClientResources;
import io.llmcache.RedisTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tracking connection against a real Redis: it hears of a change of a key that it
 * read, also inside a script, from any other client; it stops being live when Redis stops
 * answering its pings, and is live again when Redis answers.
 */
class TrackingConnectionTests {

	private static final String READ = "return {redis.call('GET', KEYS[1]), redis.call('HGET', KEYS[2], 'f')}";

	private final RedisTestServer server = RedisTestServer.shared();

	private final Queue<String> changed = new ConcurrentLinkedQueue<>();

	private final AtomicInteger forgotten = new AtomicInteger();

	private TrackingConnection tracking;

	private RedisClient writerClient;

	private StatefulRedisConnection<String, String> writer;

	@BeforeEach
	void setUp() {
		RedisClient client = RedisClient.create(DefaultClientResources.builder().ioThreadPoolSize(1).build());
		client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
		RedisURI uri = RedisURI.builder()
			.withHost(this.server.host())
			.withPort(this.server.port())
			.withTimeout(Duration.ofSeconds(1))
			.build();
		this.tracking = new TrackingConnection(client, uri, Duration.ofMillis(50));
		this.tracking.start(new TrackingConnection.Listener() {

			@Override
			public void changed(String key) {
				TrackingConnectionTests.this.changed.add(key);
			}

			@Override
			public void forgetAll() {
				TrackingConnectionTests.this.forgotten.incrementAndGet();
			}

		});
		this.writerClient = RedisClient.create(uri);
		this.writer = this.writerClient.connect();
		await().atMost(Duration.ofSeconds(5)).until(this.tracking::live);
	}

	@AfterEach
	void tearDown() {
		this.tracking.close();
		this.writer.close();
		this.writerClient.shutdown();
	}

	@Test
	void hearsOfAChangeByAnotherClientOfEveryKeyAScriptRead() {
		String string = "tracking-test:" + System.nanoTime() + ":s";
		String hash = "tracking-test:" + System.nanoTime() + ":h";
		this.writer.sync().set(string, "1");
		this.writer.sync().hset(hash, "f", "a");
		assertThat(this.tracking.eval(sha1(READ), READ, List.of(string, hash), List.of())).containsExactly("1", "a");
		long state = this.tracking.state();

		this.writer.sync().hset(hash, "f", "b");
		await().atMost(Duration.ofSeconds(2)).until(() -> this.changed.contains(hash));
		this.writer.sync().pexpire(string, 1);
		await().atMost(Duration.ofSeconds(2)).until(() -> this.changed.contains(string));

		assertThat(this.tracking.state()).as("a change of a key is not a loss of tracking").isEqualTo(state);
		this.writer.sync().del(string, hash);
	}

	@Test
	void isNotLiveWhileRedisLeavesItsPingsUnanswered() {
		long state = this.tracking.state();
		this.writer.sync().clientPause(600);

		await("three heartbeats without an answer").atMost(Duration.ofMillis(500)).until(() -> !this.tracking.live());
		await("Redis to answer again").atMost(Duration.ofSeconds(3)).until(this.tracking::live);

		assertThat(this.tracking.state()).as("the connection itself was never lost").isEqualTo(state);
	}

	@Test
	void closingLosesTrackingAndForgetsEverything() {
		int before = this.forgotten.get();
		this.tracking.close();

		assertThat(this.tracking.live()).isFalse();
		assertThat(this.tracking.state() % 2).isZero();
		assertThat(this.forgotten.get()).isEqualTo(before + 1);
	}

	private static String sha1(String script) {
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-1")
				.digest(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return java.util.HexFormat.of().formatHex(digest);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
