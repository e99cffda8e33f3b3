package io.llmcache.system;

import io.llmcache.RedisTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The startup check reads the real server's {@code maxmemory-policy} and warns only for
 * policies that may evict keys without a TTL.
 */
@ExtendWith(OutputCaptureExtension.class)
class EvictionPolicyCheckIntegrationTests {

	private static RedisTestServer server;

	private static LettuceConnectionFactory connectionFactory;

	@BeforeAll
	static void start() {
		server = RedisTestServer.startEmbedded();
		connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(server.host(), server.port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
	}

	@AfterAll
	static void stop() {
		connectionFactory.destroy();
		server.stop();
	}

	@Test
	void warnsWhenRedisMayEvictKeysWithoutATtl(CapturedOutput output) {
		setPolicy("allkeys-lru");
		new EvictionPolicyCheck(connectionFactory).check();
		assertThat(output).contains("Redis maxmemory-policy is allkeys-lru");
	}

	@Test
	void staysQuietForVolatilePoliciesAndNoEviction(CapturedOutput output) {
		for (String policy : new String[] { "volatile-lru", "volatile-ttl", "noeviction" }) {
			setPolicy(policy);
			new EvictionPolicyCheck(connectionFactory).check();
		}
		assertThat(output).doesNotContain("Redis maxmemory-policy is");
	}

	private static void setPolicy(String policy) {
		try (var connection = connectionFactory.getConnection()) {
			connection.serverCommands().setConfig("maxmemory-policy", policy);
		}
	}

}
