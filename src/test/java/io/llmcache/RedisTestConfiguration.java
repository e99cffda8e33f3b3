package io.llmcache;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Points the application at the {@linkplain RedisTestServer#shared() shared test Redis},
 * unless Redis is configured through {@code spring.data.redis.*}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RedisTestConfiguration {

	@Bean
	@Conditional(NoRedisConfiguredCondition.class)
	DataRedisConnectionDetails testRedisConnectionDetails() {
		RedisTestServer server = RedisTestServer.shared();
		return new DataRedisConnectionDetails() {

			@Override
			public Standalone getStandalone() {
				return Standalone.of(server.host(), server.port());
			}

		};
	}

}
