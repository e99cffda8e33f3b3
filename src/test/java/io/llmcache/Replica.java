package io.llmcache;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another replica of the service, started in the test JVM beside the one a
 * {@code @SpringBootTest} runs and on the same Redis: the way tests show what replicas
 * share through Redis alone. Closing it stops it.
 *
 * @see SecondReplica
 */
public final class Replica implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private Replica(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts a replica with the {@code test} profile on a random port, connected to the
	 * Redis (single node or cluster) that {@code service} uses.
	 * @param service the application context of the service under test
	 * @param properties further Spring properties ({@code key=value}); like every
	 * property given here, they yield to the application's property files
	 * @param args command-line arguments ({@code --key=value}), which win over the
	 * property files
	 * @return the running replica
	 */
	public static Replica startBeside(ApplicationContext service, List<String> properties, String... args) {
		List<String> all = new ArrayList<>();
		all.add("server.port=0");
		all.addAll(redisOf(service));
		all.addAll(properties);
		return new Replica(new SpringApplicationBuilder(LlmCacheApplication.class).profiles("test")
			.properties(all.toArray(String[]::new))
			.run(withRandomManagementPort(args)));
	}

	/**
	 * The arguments with Actuator on a random port: as an argument, since the property
	 * files name a fixed one that the service under test holds already.
	 */
	private static String[] withRandomManagementPort(String... args) {
		List<String> all = new ArrayList<>(List.of("--management.server.port=0"));
		all.addAll(List.of(args));
		return all.toArray(String[]::new);
	}

	/**
	 * The connection properties of the Redis the service talks to. A cluster is named by
	 * {@code spring.data.redis.cluster.nodes}, as a deployment does, since Boot derives
	 * the cluster client's options from the properties.
	 */
	private static List<String> redisOf(ApplicationContext service) {
		DataRedisConnectionDetails redis = service.getBean(DataRedisConnectionDetails.class);
		if (redis.getCluster() != null) {
			return List.of("spring.data.redis.cluster.nodes=" + redis.getCluster()
				.getNodes()
				.stream()
				.map((node) -> node.host() + ":" + node.port())
				.collect(Collectors.joining(",")));
		}
		return List.of("spring.data.redis.host=" + redis.getStandalone().getHost(),
				"spring.data.redis.port=" + redis.getStandalone().getPort());
	}

	/**
	 * The replica's application context, to reach its beans.
	 * @return the context
	 */
	public ConfigurableApplicationContext context() {
		return this.context;
	}

	/**
	 * The port the replica serves HTTP on.
	 * @return the port
	 */
	public int port() {
		return this.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	/**
	 * A client for the replica's API.
	 * @return a new client
	 */
	public ApiClient api() {
		return new ApiClient(port());
	}

	@Override
	public void close() {
		this.context.close();
	}

}
