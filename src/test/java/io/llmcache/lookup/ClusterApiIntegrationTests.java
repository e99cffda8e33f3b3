package io.llmcache.lookup;

import io.llmcache.entry.TenantNamespace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.ClusterIntegrationTest;
import io.llmcache.TestApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache and policy API end to end against a Redis Cluster of three masters: every
 * script touches one slot (no {@code CROSSSLOT}), and the partitions of many namespaces
 * of two tenants spread over every master, each keeping its keys together.
 */
@ClusterIntegrationTest
class ClusterApiIntegrationTests {

	private static final int MASTERS = 3;

	/** Namespaces per tenant and master in the spreading test. */
	private static final int NAMESPACES_PER_MASTER = 4;

	private static final Map<String, String> ADMIN_KEYS = Map.of("acme", TestApiKeys.ACME_ADMIN, "globex",
			TestApiKeys.GLOBEX_ADMIN);

	@LocalServerPort
	int port;

	@Autowired
	RedisConnectionFactory connectionFactory;

	@Autowired
	DataRedisConnectionDetails connectionDetails;

	ApiClient api;

	RedisClusterClient clusterClient;

	StatefulRedisClusterConnection<String, String> cluster;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
		this.clusterClient = RedisClusterClient.create(this.connectionDetails.getCluster()
			.getNodes()
			.stream()
			.map((node) -> RedisURI.create(node.host(), node.port()))
			.toList());
		this.cluster = this.clusterClient.connect();
	}

	@AfterEach
	void tearDown() {
		this.cluster.close();
		this.clusterClient.shutdown();
	}

	@Test
	void theServiceTalksToAClusterOfThreeMastersServingEverySlot() {
		assertThat(masters()).hasSize(MASTERS);
		assertThat(masters().stream().mapToInt((master) -> master.getSlots().size()).sum())
			.isEqualTo(SlotHash.SLOT_COUNT);
		try (RedisClusterConnection connection = this.connectionFactory.getClusterConnection()) {
			assertThat(connection.clusterGetClusterInfo().getState()).isEqualTo("ok");
			assertThat(connection.clusterGetNodes()).filteredOn((node) -> node.isMaster()).hasSize(MASTERS);
		}
	}

	@Test
	void storesThenServesExactAndNormalizedHitsThenReadsAndDeletesTheEntry() {
		String namespace = unique("walk");
		Answer stored = store(TestApiKeys.ACME_ADMIN, namespace, "What is the capital of France?");
		assertThat(stored.status()).isEqualTo(201);
		String entryId = stored.body().get("entryId").stringValue();

		Answer exact = lookup(TestApiKeys.ACME_ADMIN, namespace, "What is the capital of France?");
		assertThat(exact.status()).isEqualTo(200);
		assertThat(exact.body().get("hit").booleanValue()).isTrue();
		assertThat(exact.body().get("matchType").stringValue()).isEqualTo("exact");
		assertThat(exact.body().get("entryId").stringValue()).isEqualTo(entryId);
		assertThat(exact.body().get("response").get("text").stringValue())
			.isEqualTo("answer to What is the capital of France?");

		// The normalized lookup follows the pointer to the entry inside one script.
		Answer normalized = lookup(TestApiKeys.ACME_ADMIN, namespace, "  What is\tthe capital\u00A0of France?\n");
		assertThat(normalized.status()).isEqualTo(200);
		assertThat(normalized.body().get("hit").booleanValue()).isTrue();
		assertThat(normalized.body().get("matchType").stringValue()).isEqualTo("normalized");
		assertThat(normalized.body().get("entryId").stringValue()).isEqualTo(entryId);

		Answer read = this.api.get("/v1/cache/entries/" + entryId, TestApiKeys.ACME_ADMIN);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.body().get("namespace").stringValue()).isEqualTo(namespace);
		assertThat(read.body().get("request").get("messages").get(0).get("content").stringValue())
			.isEqualTo("What is the capital of France?");

		assertThat(this.api.delete("/v1/cache/entries/" + entryId, TestApiKeys.ACME_ADMIN).status()).isEqualTo(204);
		assertThat(lookup(TestApiKeys.ACME_ADMIN, namespace, "What is the capital of France?").body()
			.get("hit")
			.booleanValue()).isFalse();
		assertThat(lookup(TestApiKeys.ACME_ADMIN, namespace, " What is the capital of France? ").body()
			.get("hit")
			.booleanValue()).isFalse();
		assertThat(this.api.get("/v1/cache/entries/" + entryId, TestApiKeys.ACME_ADMIN).status()).isEqualTo(404);
		assertThat(this.api.delete("/v1/cache/entries/" + entryId, TestApiKeys.ACME_ADMIN).status()).isEqualTo(404);
		assertThat(entryAndPointerKeysOf(new TenantNamespace("acme", namespace))).isEmpty();
	}

	@Test
	void putsAndGetsANamespacePolicyThatTheNextLookupFollows() {
		String namespace = unique("policy");
		String path = "/v1/admin/namespaces/" + namespace + "/policy";
		Answer put = this.api.put(path, TestApiKeys.ACME_ADMIN, """
				{"normalization": {"caseFold": true}, "maxTtlSeconds": 120, "defaultTtlSeconds": 60}""");
		assertThat(put.status()).isEqualTo(200);
		assertThat(put.body().get("version").longValue()).isEqualTo(2);
		assertThat(put.body().get("source").stringValue()).isEqualTo("runtime");

		Answer got = this.api.get(path, TestApiKeys.ACME_ADMIN);
		assertThat(got.status()).isEqualTo(200);
		assertThat(got.body().get("version").longValue()).isEqualTo(2);
		assertThat(got.body().get("maxTtlSeconds").longValue()).isEqualTo(120);
		assertThat(got.body().get("normalization").get("caseFold").booleanValue()).isTrue();
		assertThat(this.api.get(path, TestApiKeys.GLOBEX_ADMIN).body().get("source").stringValue())
			.isEqualTo("defaults");

		assertThat(store(TestApiKeys.ACME_ADMIN, namespace, "Hello World").status()).isEqualTo(201);
		Answer folded = lookup(TestApiKeys.ACME_ADMIN, namespace, "HELLO world");
		assertThat(folded.body().get("hit").booleanValue()).isTrue();
		assertThat(folded.body().get("matchType").stringValue()).isEqualTo("normalized");
	}

	@Test
	void partitionsOfManyNamespacesAndTwoTenantsSpreadOverEveryMasterWithTheirKeysTogether() {
		String run = unique("spread");
		List<TenantNamespace> partitions = partitionsOnEveryMaster(run);
		Map<TenantNamespace, String> entryIds = new HashMap<>();
		for (TenantNamespace partition : partitions) {
			String key = ADMIN_KEYS.get(partition.tenant());
			Answer policy = this.api.put("/v1/admin/namespaces/" + partition.namespace() + "/policy", key,
					"{\"defaultTtlSeconds\": 300}");
			assertThat(policy.status()).as("policy of %s", partition).isEqualTo(200);
			Answer stored = store(key, partition.namespace(), question(partition));
			assertThat(stored.status()).as("store in %s", partition).isEqualTo(201);
			assertThat(stored.body().get("ttlSeconds").longValue()).isEqualTo(300);
			entryIds.put(partition, stored.body().get("entryId").stringValue());
		}
		for (TenantNamespace partition : partitions) {
			String key = ADMIN_KEYS.get(partition.tenant());
			Answer exact = lookup(key, partition.namespace(), question(partition));
			assertThat(exact.status()).as("exact lookup in %s", partition).isEqualTo(200);
			assertThat(exact.body().get("matchType").stringValue()).isEqualTo("exact");
			assertThat(exact.body().get("entryId").stringValue()).isEqualTo(entryIds.get(partition));
			Answer normalized = lookup(key, partition.namespace(),
					"  " + question(partition).replace(" ", "\t ") + " ");
			assertThat(normalized.status()).as("normalized lookup in %s", partition).isEqualTo(200);
			assertThat(normalized.body().get("matchType").stringValue()).isEqualTo("normalized");
			assertThat(normalized.body().get("entryId").stringValue()).isEqualTo(entryIds.get(partition));
			String otherTenantKey = "acme".equals(partition.tenant()) ? TestApiKeys.GLOBEX_ADMIN
					: TestApiKeys.ACME_ADMIN;
			Answer otherTenant = lookup(otherTenantKey, partition.namespace(), question(partition));
			assertThat(otherTenant.status()).isEqualTo(200);
			assertThat(otherTenant.body().get("hit").booleanValue()).as("other tenant in %s", partition).isFalse();
		}

		Map<String, Set<String>> keysByMaster = keysByMaster();
		assertThat(keysByMaster).hasSize(MASTERS);
		assertThat(keysByMaster.values()).allSatisfy((keys) -> {
			assertThat(keys).allMatch((k) -> k.startsWith("llmc:"));
			assertThat(keys).anyMatch((k) -> k.contains("/" + run + "-"));
		});
		for (TenantNamespace partition : partitions) {
			String owner = masterOf(partition);
			assertThat(keysByMaster.get(owner)).as("keys of %s on its master", partition)
				.anyMatch((k) -> k.startsWith(partition.keyPrefix() + "e:"))
				.anyMatch((k) -> k.startsWith(partition.keyPrefix() + "n:"));
			keysByMaster.forEach((master, keys) -> {
				if (!master.equals(owner)) {
					assertThat(keys).noneMatch((k) -> k.startsWith(partition.keyPrefix()));
				}
			});
		}

		for (TenantNamespace partition : partitions) {
			String key = ADMIN_KEYS.get(partition.tenant());
			assertThat(this.api.get("/v1/cache/entries/" + entryIds.get(partition), key).status()).isEqualTo(200);
			assertThat(this.api.delete("/v1/cache/entries/" + entryIds.get(partition), key).status())
				.as("delete in %s", partition)
				.isEqualTo(204);
			assertThat(entryAndPointerKeysOf(partition)).isEmpty();
		}
	}

	/**
	 * Namespaces for both tenants whose partitions fall on every master, the same number
	 * on each: which master a partition lands on depends only on its hash tag.
	 */
	private List<TenantNamespace> partitionsOnEveryMaster(String prefix) {
		List<TenantNamespace> partitions = new ArrayList<>();
		for (String tenant : ADMIN_KEYS.keySet()) {
			Map<String, Integer> perMaster = new HashMap<>();
			int chosen = 0;
			for (int i = 0; chosen < MASTERS * NAMESPACES_PER_MASTER && i < 10_000; i++) {
				TenantNamespace partition = new TenantNamespace(tenant, prefix + "-" + i);
				String master = masterOf(partition);
				if (perMaster.getOrDefault(master, 0) < NAMESPACES_PER_MASTER) {
					perMaster.merge(master, 1, Integer::sum);
					partitions.add(partition);
					chosen++;
				}
			}
			assertThat(perMaster).as("namespaces of %s by master", tenant).hasSize(MASTERS);
		}
		return partitions;
	}

	private String masterOf(TenantNamespace partition) {
		// The prefix is the hash tag, so it hashes to the slot of every key of the
		// partition.
		int slot = SlotHash.getSlot(partition.keyPrefix());
		return this.cluster.getPartitions().getPartitionBySlot(slot).getNodeId();
	}

	private List<RedisClusterNode> masters() {
		return this.cluster.getPartitions()
			.stream()
			.filter((node) -> node.is(RedisClusterNode.NodeFlag.UPSTREAM))
			.toList();
	}

	/** Every key of the cluster, by the id of the master that holds it. */
	private Map<String, Set<String>> keysByMaster() {
		Map<String, Set<String>> keys = new HashMap<>();
		for (RedisClusterNode master : masters()) {
			RedisCommands<String, String> node = this.cluster.getConnection(master.getNodeId()).sync();
			Set<String> found = new HashSet<>();
			KeyScanCursor<String> cursor = node.scan(ScanArgs.Builder.limit(1000));
			found.addAll(cursor.getKeys());
			while (!cursor.isFinished()) {
				cursor = node.scan(cursor, ScanArgs.Builder.limit(1000));
				found.addAll(cursor.getKeys());
			}
			keys.put(master.getNodeId(), found);
		}
		return keys;
	}

	/** The entry and pointer keys of a partition; its control data may outlive them. */
	private Set<String> entryAndPointerKeysOf(TenantNamespace partition) {
		return keysByMaster().values()
			.stream()
			.flatMap(Set::stream)
			.filter((key) -> key.startsWith(partition.keyPrefix() + "e:")
					|| key.startsWith(partition.keyPrefix() + "n:"))
			.collect(Collectors.toSet());
	}

	private Answer store(String apiKey, String namespace, String content) {
		return this.api.post("/v1/cache/entries", apiKey, """
				{"namespace":"%s","model":"m","messages":[{"role":"user","content":%s}],"response":{"text":%s}}"""
			.formatted(namespace, quote(content), quote("answer to " + content)));
	}

	private Answer lookup(String apiKey, String namespace, String content) {
		return this.api.post("/v1/cache/lookup", apiKey,
				"{\"namespace\":\"%s\",\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":%s}]}"
					.formatted(namespace, quote(content)));
	}

	private static String question(TenantNamespace partition) {
		return "Question for " + partition.tenant() + " in " + partition.namespace();
	}

	private static String quote(String text) {
		return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(text);
	}

	private static String unique(String prefix) {
		return prefix + "-" + Long.toHexString(System.nanoTime());
	}

}
