package io.llmcache;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points the application at the {@linkplain RedisClusterTestServer#shared() shared test
 * Redis Cluster} through {@code spring.data.redis.cluster.nodes}, the property a
 * deployment sets, so that Spring Boot configures the cluster client as it would in
 * production (Boot derives the Lettuce cluster options from the properties, not from a
 * {@code DataRedisConnectionDetails} bean). A cluster named by that property already is
 * used instead.
 */
class RedisClusterTestInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String NODES_PROPERTY = "spring.data.redis.cluster.nodes";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		if (!context.getEnvironment().containsProperty(NODES_PROPERTY)) {
			String nodes = String.join(",", RedisClusterTestServer.shared().nodes());
			TestPropertyValues.of(NODES_PROPERTY + "=" + nodes).applyTo(context);
		}
	}

}
