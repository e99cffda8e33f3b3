package io.llmcache.entry.near;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.SecondReplica;
import io.llmcache.TestApiKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The near-cache on two replicas of one Redis: replica A writes, replica B reads, and B
 * never serves a copy that a write on A has made stale once that write has returned,
 * whether the write stores, replaces, deletes or invalidates, and whether or not B's
 * tracking connection has just been killed.
 */
@IntegrationTest
class NearCacheIntegrationTests {

	@RegisterExtension
	static final SecondReplica replicaB = new SecondReplica();

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	MeterRegistry meters;

	ApiClient a;

	ApiClient b;

	@BeforeEach
	void setUp() {
		this.a = new ApiClient(this.port);
		this.b = replicaB.api();
		awaitTracking(this.meters);
		awaitTracking(replicaB.context().getBean(MeterRegistry.class));
	}

	@Test
	void servesAHotEntryFromMemoryWithoutReadingIt() {
		String namespace = unique("memory");
		store(this.a, namespace, "q", 1);
		// The first lookup reads as usual, the second through the tracking connection.
		double untracked = requests(this.meters, "untracked");
		assertThat(version(lookup(this.a, namespace, "q"))).isEqualTo(1);
		assertThat(requests(this.meters, "untracked")).isEqualTo(untracked + 1);
		assertThat(version(lookup(this.a, namespace, "q"))).isEqualTo(1);
		double hits = requests(this.meters, "hit");

		// For a second Redis holds every script (an entry is read by one) but still
		// answers PING, which is all a hit from memory asks of it: a read from Redis
		// would time out (250 ms) and answer a degraded miss.
		this.redis
			.execute((RedisCallback<Object>) (connection) -> command(connection, "CLIENT", "PAUSE", "1000", "WRITE"));
		Answer paused = lookup(this.a, namespace, "q");

		assertThat(paused.body().get("hit").booleanValue()).isTrue();
		assertThat(version(paused)).isEqualTo(1);
		assertThat(requests(this.meters, "hit")).isEqualTo(hits + 1);
	}

	@Test
	void missesNeverTakeAPlaceInRedisTrackingTable() {
		String namespace = unique("misses");
		long tracked = trackedKeys();
		for (int i = 0; i < 200; i++) {
			assertThat(lookup(this.a, namespace, "never stored " + i).body().get("hit").booleanValue()).isFalse();
		}
		// The namespace's control key may be tracked; none of the 200 entry keys is.
		assertThat(trackedKeys() - tracked).isLessThan(5);
	}

	@Test
	void aReplicaNeverServesACopyThatAStoreOnAnotherReplicaReplaced() {
		String namespace = unique("replace");
		store(this.a, namespace, "q", 0);
		for (int version = 1; version <= 100; version++) {
			// B holds the current version in memory ...
			assertThat(version(lookup(this.b, namespace, "q"))).isEqualTo(version - 1);
			assertThat(version(lookup(this.b, namespace, "q"))).isEqualTo(version - 1);
			// ... until A replaces it: B's very next read is the new one.
			store(this.a, namespace, "q", version);
			assertThat(version(lookup(this.b, namespace, "q"))).as("version after store %d", version)
				.isEqualTo(version);
		}
		assertThat(requests(replicaB.context().getBean(MeterRegistry.class), "hit")).isPositive();
	}

	@Test
	void aDeleteOrAnInvalidationOnAnotherReplicaEndsTheCopyAtOnce() {
		String namespace = unique("gone");
		for (int round = 0; round < 20; round++) {
			String entryId = store(this.a, namespace, "deleted", round).body().get("entryId").stringValue();
			store(this.a, namespace, "invalidated", round);
			store(this.a, namespace, "kept", round);
			for (String prompt : List.of("deleted", "invalidated", "kept")) {
				assertThat(version(lookup(this.b, namespace, prompt))).isEqualTo(round);
				assertThat(version(lookup(this.b, namespace, prompt))).isEqualTo(round);
			}

			assertThat(this.a.delete("/v1/cache/entries/" + entryId, TestApiKeys.ACME_ADMIN).status()).isEqualTo(204);
			assertThat(lookup(this.b, namespace, "deleted").body().get("hit").booleanValue()).isFalse();

			Answer invalidation = this.a.post("/v1/admin/invalidations", TestApiKeys.ACME_ADMIN, """
					{"namespace":"%s","tags":["p:invalidated"]}""".formatted(namespace));
			assertThat(invalidation.status()).isEqualTo(200);
			assertThat(lookup(this.b, namespace, "invalidated").body().get("hit").booleanValue()).isFalse();
			assertThat(version(lookup(this.b, namespace, "kept"))).isEqualTo(round);
		}
	}

	@Test
	void aKilledTrackingConnectionEmptiesTheCopiesAndTrackingComesBack() {
		MeterRegistry metersB = replicaB.context().getBean(MeterRegistry.class);
		String namespace = unique("killed");
		store(this.a, namespace, "q", 0);
		for (int version = 1; version <= 20; version++) {
			assertThat(version(lookup(this.b, namespace, "q"))).isEqualTo(version - 1);
			assertThat(version(lookup(this.b, namespace, "q"))).isEqualTo(version - 1);

			// The tracking connections die (A's, B's, and those of other test classes'
			// services on this Redis); A writes while B's is down or just back.
			assertThat(killTrackingConnections()).isGreaterThanOrEqualTo(2);
			store(this.a, namespace, "q", version);

			assertThat(version(lookup(this.b, namespace, "q"))).as("version after store %d", version)
				.isEqualTo(version);
			awaitTracking(metersB);
			awaitTracking(this.meters);
		}
		double hits = requests(metersB, "hit");
		assertThat(version(lookup(this.b, namespace, "q"))).isEqualTo(20);
		assertThat(version(lookup(this.b, namespace, "q"))).isEqualTo(20);
		assertThat(requests(metersB, "hit")).as("tracking is back: hits come from memory again").isGreaterThan(hits);
	}

	private long trackedKeys() {
		Properties stats = this.redis
			.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands().info("stats"));
		return Long.parseLong(stats.getProperty("tracking_total_keys"));
	}

	private long killTrackingConnections() {
		String clients = this.redis.execute((RedisCallback<String>) (connection) -> {
			Object list = command(connection, "CLIENT", "LIST");
			return (list instanceof byte[] bytes) ? new String(bytes) : String.valueOf(list);
		});
		List<String> addresses = Arrays.stream(clients.split("\n"))
			.filter((line) -> line.contains(" name=" + TrackingConnection.CLIENT_NAME + " "))
			.map((line) -> line.replaceFirst(".* addr=(\\S+) .*", "$1").trim())
			.toList();
		for (String address : addresses) {
			int colon = address.lastIndexOf(':');
			this.redis.execute((RedisCallback<Object>) (connection) -> {
				connection.serverCommands()
					.killClient(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
				return null;
			});
		}
		return addresses.size();
	}

	private static Object command(RedisConnection connection, String command, String... args) {
		return connection.execute(command, Arrays.stream(args).map(String::getBytes).toArray(byte[][]::new));
	}

	private static void awaitTracking(MeterRegistry meters) {
		await("the near-cache to track its reads").atMost(Duration.ofSeconds(10))
			.until(() -> meters.get("llmcache.nearcache.tracking").gauge().value() == 1.0);
	}

	private static double requests(MeterRegistry meters, String result) {
		return meters.find("llmcache.nearcache.requests")
			.tag("tenant", "acme")
			.tag("result", result)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private static Answer store(ApiClient api, String namespace, String prompt, int version) {
		Answer answer = api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","messages":[{"role":"user","content":"%s"}],
				 "response":{"version":%d},"tags":["p:%s"]}""".formatted(namespace, prompt, version, prompt));
		assertThat(answer.status()).isEqualTo(201);
		return answer;
	}

	private static Answer lookup(ApiClient api, String namespace, String prompt) {
		Answer answer = api.post("/v1/cache/lookup", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","messages":[{"role":"user","content":"%s"}],
				 "matchTypes":["exact"]}""".formatted(namespace, prompt));
		assertThat(answer.status()).isEqualTo(200);
		return answer;
	}

	private static int version(Answer answer) {
		assertThat(answer.body().get("hit").booleanValue()).as("hit: %s", answer.body()).isTrue();
		return answer.body().get("response").get("version").intValue();
	}

	private static String unique(String prefix) {
		return prefix + "-" + Long.toHexString(System.nanoTime());
	}

}
