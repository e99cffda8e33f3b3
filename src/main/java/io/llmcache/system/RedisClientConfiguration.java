package io.llmcache.system;

import io.lettuce.core.ClientOptions;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lettuce options for a cache that must degrade, not wait: while the connection is down,
 * commands fail at once instead of queueing until their timeout. The command and connect
 * timeouts themselves are {@code spring.data.redis.timeout} and
 * {@code spring.data.redis.connect-timeout} (see {@code application.properties}).
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

	@Bean
	LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
		return (builder) -> builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.autoReconnect(true);
	}

}
