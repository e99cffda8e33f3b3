package io.llmcache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis Cluster of three masters for tests, formed from the {@code redis-server}
 * binary that the {@code embedded-redis} artifact carries: no Docker engine, no
 * {@code redis-cli}, no network beyond the loopback interface.
 * <p>
 * Each node is a {@code redis-server} with {@code cluster-enabled yes}, its own
 * {@code cluster-config-file} in a temporary directory, no persistence and
 * {@code noeviction}. The cluster is then formed the way
 * {@code redis-cli --cluster create} does it, with plain commands sent through Lettuce:
 * each node gets a distinct config epoch ({@code CLUSTER SET-CONFIG-EPOCH}) and a third
 * of the 16384 slots ({@code CLUSTER ADDSLOTS}, as Redis 6.2 has no
 * {@code ADDSLOTSRANGE}); then every pair of nodes meets ({@code CLUSTER MEET}) and
 * gossip spreads the slot owners. Start returns once every node reports
 * {@code cluster_state:ok} and knows every node as a connected master: about two seconds,
 * most of it the delay a Redis master waits after start before it declares the cluster
 * ok.
 * <p>
 * Redis 6.2 puts a node's cluster bus on its port plus 10000, so both ports must be free.
 * The processes are killed and the directory deleted by {@link #stop()}, which the shared
 * cluster runs from a shutdown hook; a JVM killed with {@code SIGKILL} leaves them
 * behind, like any child process.
 */
public final class RedisClusterTestServer {

	private static final Logger logger = LoggerFactory.getLogger(RedisClusterTestServer.class);

	private static final String HOST = "127.0.0.1";

	/** Number of masters, each with a contiguous third of the slots. */
	private static final int MASTERS = 3;

	/** Redis 6.2 binds the cluster bus to the client port plus this offset. */
	private static final int BUS_PORT_OFFSET = 10000;

	private static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(20);

	private static final int START_ATTEMPTS = 3;

	private static RedisClusterTestServer shared;

	private final Path directory;

	private final List<RedisServer> servers;

	private final List<Integer> ports;

	private RedisClusterTestServer(Path directory, List<RedisServer> servers, List<Integer> ports) {
		this.directory = directory;
		this.servers = servers;
		this.ports = ports;
	}

	/**
	 * The cluster shared by every test of this JVM, started on first use and stopped when
	 * the JVM exits.
	 * @return the shared cluster
	 */
	public static synchronized RedisClusterTestServer shared() {
		if (shared == null) {
			shared = start();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "redis-cluster-test-server-stop"));
		}
		return shared;
	}

	/**
	 * Starts a new cluster of three masters and waits until it is formed.
	 * @return the started cluster
	 * @throws IllegalStateException if the cluster did not form within 20 seconds
	 */
	public static RedisClusterTestServer start() {
		long started = System.nanoTime();
		Path directory = createDirectory();
		List<RedisServer> servers = new ArrayList<>();
		List<Integer> ports = new ArrayList<>();
		RedisClusterTestServer cluster = new RedisClusterTestServer(directory, servers, ports);
		try {
			Set<Integer> taken = new HashSet<>();
			for (int i = 0; i < MASTERS; i++) {
				startNode(directory, taken, servers, ports);
			}
			form(ports);
		}
		catch (RuntimeException ex) {
			cluster.stop();
			throw ex;
		}
		logger.info("Formed a Redis Cluster of {} masters on {} in {} ms", MASTERS, cluster.nodes(),
				Duration.ofNanos(System.nanoTime() - started).toMillis());
		return cluster;
	}

	/**
	 * The nodes, one per master.
	 * @return the nodes as {@code host:port}
	 */
	public List<String> nodes() {
		return this.ports.stream().map((port) -> HOST + ":" + port).toList();
	}

	/**
	 * Kills every node and deletes their directory. Safe to call more than once.
	 */
	public synchronized void stop() {
		for (RedisServer server : this.servers) {
			try {
				server.stop();
			}
			catch (IOException | RuntimeException ex) {
				logger.warn("Could not stop a redis-server of the test cluster", ex);
			}
		}
		deleteDirectory(this.directory);
	}

	private static void startNode(Path directory, Set<Integer> taken, List<RedisServer> servers, List<Integer> ports) {
		IOException failure = null;
		// Another process may take a port between the check and the start: try again.
		for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
			int port = freeClusterPort(taken);
			try {
				RedisServer server = RedisServer.newRedisServer()
					.bind(HOST)
					.port(port)
					.setting("dir \"" + directory.toAbsolutePath() + "\"")
					.setting("cluster-enabled yes")
					.setting("cluster-config-file nodes-" + port + ".conf")
					.setting("save \"\"")
					.setting("appendonly no")
					.setting("maxmemory-policy noeviction")
					.onShutdownForceStop(true)
					.build();
				server.start();
				servers.add(server);
				ports.add(port);
				taken.add(port);
				taken.add(port + BUS_PORT_OFFSET);
				return;
			}
			catch (IOException ex) {
				failure = ex;
			}
		}
		throw new UncheckedIOException("Could not start a redis-server for the test cluster", failure);
	}

	/**
	 * Assigns the slots, meets the nodes and waits until every node sees the same,
	 * healthy cluster.
	 */
	private static void form(List<Integer> ports) {
		RedisClient client = RedisClient.create();
		List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
		try {
			for (int i = 0; i < ports.size(); i++) {
				StatefulRedisConnection<String, String> connection = client
					.connect(RedisURI.create(HOST, ports.get(i)));
				connections.add(connection);
				// Distinct epochs spare the nodes a round of epoch collisions.
				connection.sync().clusterSetConfigEpoch(i + 1);
				connection.sync().clusterAddSlots(slotsOf(i, ports.size()));
			}
			// Every pair meets directly instead of waiting for gossip to introduce them.
			for (int i = 0; i < ports.size(); i++) {
				for (int j = i + 1; j < ports.size(); j++) {
					connections.get(i).sync().clusterMeet(HOST, ports.get(j));
				}
			}
			awaitFormed(connections, ports);
		}
		finally {
			connections.forEach(StatefulRedisConnection::close);
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	/** The slots of the {@code index}-th of {@code count} masters: a contiguous range. */
	private static int[] slotsOf(int index, int count) {
		return IntStream.range(SlotHash.SLOT_COUNT * index / count, SlotHash.SLOT_COUNT * (index + 1) / count)
			.toArray();
	}

	private static void awaitFormed(List<StatefulRedisConnection<String, String>> connections, List<Integer> ports) {
		try {
			await("the test Redis Cluster to form").atMost(FORMATION_TIMEOUT)
				.pollInterval(Duration.ofMillis(50))
				.until(() -> problemsOf(connections, ports), List::isEmpty);
		}
		catch (ConditionTimeoutException ex) {
			// The cause names the problems of the last check
			throw new IllegalStateException(
					"The test Redis Cluster did not form within " + FORMATION_TIMEOUT.toSeconds() + " s", ex);
		}
	}

	private static List<String> problemsOf(List<StatefulRedisConnection<String, String>> connections,
			List<Integer> ports) {
		List<String> problems = new ArrayList<>();
		for (int i = 0; i < connections.size(); i++) {
			String problem = problemOf(connections.get(i).sync(), connections.size());
			if (problem != null) {
				problems.add(HOST + ":" + ports.get(i) + " " + problem);
			}
		}
		return problems;
	}

	/**
	 * What keeps a node from serving the whole cluster, or {@code null} if nothing does:
	 * it must report {@code cluster_state:ok} with every slot served, and know every node
	 * as a connected master (no handshake or failure flags).
	 */
	private static String problemOf(RedisCommands<String, String> node, int expectedNodes) {
		String info = node.clusterInfo();
		if (!info.contains("cluster_state:ok") || !info.contains("cluster_slots_ok:" + SlotHash.SLOT_COUNT)
				|| !info.contains("cluster_known_nodes:" + expectedNodes)) {
			return "reports " + info.lines()
				.filter((line) -> line.startsWith("cluster_state") || line.startsWith("cluster_slots_ok")
						|| line.startsWith("cluster_known_nodes"))
				.toList();
		}
		// <id> <ip:port@cport> <flags> <master> <ping-sent> <pong-recv> <epoch> <link>
		// <slot>...
		List<String[]> nodes = node.clusterNodes().lines().map((line) -> line.split(" ")).toList();
		long healthy = nodes.stream()
			.filter((fields) -> fields.length > 8 && fields[2].contains("master") && !fields[2].contains("fail")
					&& !fields[2].contains("handshake") && !fields[2].contains("noaddr")
					&& "connected".equals(fields[7]))
			.count();
		return (healthy == expectedNodes) ? null
				: "knows " + healthy + " of " + expectedNodes + " masters connected: " + node.clusterNodes();
	}

	/** A port that is free, together with its cluster bus port, and not taken yet. */
	private static int freeClusterPort(Set<Integer> taken) {
		for (int i = 0; i < 100; i++) {
			int port = RedisTestServer.freePort();
			int busPort = port + BUS_PORT_OFFSET;
			if (busPort <= 65535 && !taken.contains(port) && !taken.contains(busPort) && isFree(busPort)) {
				return port;
			}
		}
		throw new IllegalStateException("Found no free pair of ports for a Redis Cluster node");
	}

	private static boolean isFree(int port) {
		try {
			new ServerSocket(port, 1, InetAddress.getByName(HOST)).close();
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static Path createDirectory() {
		try {
			return Files.createTempDirectory("llmc-redis-cluster-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a directory for the test Redis Cluster", ex);
		}
	}

	private static void deleteDirectory(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			logger.warn("Could not delete {}", directory, ex);
		}
	}

}
