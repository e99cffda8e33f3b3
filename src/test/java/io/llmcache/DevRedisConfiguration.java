package io.llmcache;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The Redis of the development run, unless Redis is configured through
 * {@code spring.data.redis.*}: a real server on a fixed port,
 * {@code llmcache.dev.redis-port} (environment {@code LLMCACHE_DEV_REDIS_PORT}, default
 * {@value #DEFAULT_PORT}), so that {@code redis-cli -p 6390} reaches it. Tests use
 * {@link RedisTestConfiguration} and random ports instead.
 * <p>
 * The server is a bean of the context rather than a JVM shutdown hook: the context stops
 * the application first (requests, scheduled work, the Redis client) and then the server,
 * in that order, instead of both at once.
 */
@TestConfiguration(proxyBeanMethods = false)
class DevRedisConfiguration {

	static final int DEFAULT_PORT = 6390;

	private static final Logger logger = LoggerFactory.getLogger(DevRedisConfiguration.class);

	/** How long the development run waits for its Redis to answer a first command. */
	private static final Duration FIRST_ANSWER_TIMEOUT = Duration.ofSeconds(10);

	@Bean(destroyMethod = "stop")
	@Conditional(NoRedisConfiguredCondition.class)
	RedisTestServer devRedisServer(Environment environment) {
		int port = environment.getProperty("llmcache.dev.redis-port", Integer.class, DEFAULT_PORT);
		try {
			return RedisTestServer.startOnPort(port);
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException(ex.getMessage() + ": set LLMCACHE_DEV_REDIS_PORT to a free port", ex);
		}
	}

	@Bean
	@Conditional(NoRedisConfiguredCondition.class)
	DataRedisConnectionDetails devRedisConnectionDetails(RedisTestServer devRedisServer) {
		return new DataRedisConnectionDetails() {

			@Override
			public Standalone getStandalone() {
				return Standalone.of(devRedisServer.host(), devRedisServer.port());
			}

		};
	}

	/**
	 * Opens the first Redis connection once every bean exists, before the scheduled work
	 * (policy refresh, sweeps, the semantic index) starts. Otherwise the first scheduled
	 * task opens it, racing the start-up for the CPU, and on a busy machine the first
	 * handshake of a cold client can outlast the 250 ms command timeout: a warning that
	 * Redis is unreachable, a second after it was started.
	 * @param connectionFactory the application's connection factory
	 * @return the warm-up
	 */
	@Bean
	@Conditional(NoRedisConfiguredCondition.class)
	SmartInitializingSingleton devRedisFirstConnection(RedisConnectionFactory connectionFactory) {
		return () -> {
			long deadline = System.nanoTime() + FIRST_ANSWER_TIMEOUT.toNanos();
			while (true) {
				try (RedisConnection connection = connectionFactory.getConnection()) {
					connection.ping();
					return;
				}
				catch (DataAccessException ex) {
					if (System.nanoTime() > deadline) {
						logger.warn("The development Redis did not answer within {} s: {}",
								FIRST_ANSWER_TIMEOUT.toSeconds(), ex.getMessage());
						return;
					}
					logger.debug("The development Redis did not answer yet", ex);
					pause();
				}
			}
		};
	}

	private static void pause() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
