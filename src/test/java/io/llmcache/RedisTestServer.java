package io.llmcache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import redis.embedded.RedisServer;

/**
 * A real Redis server for tests and the development run: a Testcontainers container where
 * a Docker engine answers, otherwise the {@code redis-server} binary that the
 * {@code embedded-redis} artifact carries. Never a mock.
 */
public final class RedisTestServer {

	private static final Logger logger = LoggerFactory.getLogger(RedisTestServer.class);

	private static final String IMAGE = "redis:7.4-alpine";

	private static RedisTestServer shared;

	private final String host;

	private final int port;

	private final Runnable stopper;

	private RedisTestServer(String host, int port, Runnable stopper) {
		this.host = host;
		this.port = port;
		this.stopper = stopper;
	}

	/**
	 * The server shared by every test of this JVM, started on first use and stopped when
	 * the JVM exits.
	 * @return the shared server
	 */
	public static synchronized RedisTestServer shared() {
		if (shared == null) {
			shared = dockerAvailable() ? startContainer() : startEmbedded();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "redis-test-server-stop"));
		}
		return shared;
	}

	/**
	 * A server of the test's own, for tests that stop or restart it. Always the embedded
	 * binary, which starts in milliseconds and can be restarted on the same port.
	 * @return a new, started server
	 */
	public static RedisTestServer startEmbedded() {
		return startEmbedded(freePort());
	}

	/**
	 * Starts an embedded server on a given port.
	 * @param port the port
	 * @return the started server
	 */
	public static RedisTestServer startEmbedded(int port) {
		try {
			RedisServer server = RedisServer.newRedisServer()
				.bind("127.0.0.1")
				.port(port)
				.setting("save \"\"")
				.setting("appendonly no")
				.setting("maxmemory-policy noeviction")
				.onShutdownForceStop(true)
				.build();
			server.start();
			logger.info("Started embedded redis-server on 127.0.0.1:{}", port);
			return new RedisTestServer("127.0.0.1", port, () -> {
				try {
					server.stop();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded redis-server", ex);
		}
	}

	/**
	 * Starts a server that writes every command to its append-only file before it answers
	 * ({@code appendfsync always}), so that what it acknowledged survives a kill: started
	 * again on the same directory, it has every acknowledged write.
	 * @param port the port
	 * @param directory where its append-only file lives
	 * @return the started server
	 */
	public static RedisTestServer startDurable(int port, Path directory) {
		try {
			RedisServer server = RedisServer.newRedisServer()
				.bind("127.0.0.1")
				.port(port)
				.setting("dir " + directory.toAbsolutePath())
				.setting("save \"\"")
				.setting("appendonly yes")
				.setting("appendfsync always")
				.setting("maxmemory-policy noeviction")
				.onShutdownForceStop(true)
				.build();
			server.start();
			logger.info("Started durable embedded redis-server on 127.0.0.1:{} in {}", port, directory);
			return new RedisTestServer("127.0.0.1", port, () -> {
				try {
					server.stop();
				}
				catch (IOException ex) {
					// Already gone, e.g. killed by the test
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded redis-server", ex);
		}
	}

	/**
	 * Starts a server on a given port of the loopback interface, as {@link #shared()}
	 * does on a random one: a container where a Docker engine answers, otherwise the
	 * embedded binary. For the development run, whose Redis a developer may want to reach
	 * with {@code redis-cli -p <port>}.
	 * @param port the port
	 * @return the started server
	 * @throws IllegalStateException if the port is taken
	 */
	public static RedisTestServer startOnPort(int port) {
		if (!isFree(port)) {
			throw new IllegalStateException("Port " + port + " is taken (by another development run?)");
		}
		return dockerAvailable() ? startContainer(port) : startEmbedded(port);
	}

	private static RedisTestServer startContainer() {
		return startContainer(0);
	}

	/** A container, published on {@code hostPort} or, if it is 0, on a random port. */
	private static RedisTestServer startContainer(int hostPort) {
		GenericContainer<?> container = new GenericContainer<>(IMAGE).withExposedPorts(6379);
		if (hostPort != 0) {
			container.setPortBindings(List.of(hostPort + ":6379"));
		}
		container.start();
		logger.info("Started {} in Docker on {}:{}", IMAGE, container.getHost(), container.getMappedPort(6379));
		return new RedisTestServer(container.getHost(), container.getMappedPort(6379), container::stop);
	}

	private static boolean dockerAvailable() {
		// Asking Testcontainers without any Docker endpoint only logs a long error.
		boolean socket = Files.exists(Path.of("/var/run/docker.sock"))
				|| Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
		if (System.getenv("DOCKER_HOST") == null && !socket) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * A TCP port that was free a moment ago.
	 * @return the port
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

	/**
	 * Stops the server.
	 */
	public void stop() {
		this.stopper.run();
	}

}
