package io.llmcache.system;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lettuce options for a cache that must degrade, not wait: while the connection is down,
 * commands fail at once instead of queueing until their timeout, and reconnecting is
 * tried at least every 250 ms, so that the cache is back within moments of Redis (Lettuce
 * doubles its wait up to 30 s by default: after an outage of a few seconds it came back
 * up to 7 s after Redis). The command and connect timeouts themselves are
 * {@code spring.data.redis.timeout} and {@code spring.data.redis.connect-timeout} (see
 * {@code application.properties}).
 */
@Configuration(proxyBeanMethods = false)
public class RedisClientConfiguration {

	/** The longest wait between two reconnect attempts. */
	static final Duration MAX_RECONNECT_DELAY = Duration.ofMillis(250);

	@Bean
	LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
		return (builder) -> builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.autoReconnect(true);
	}

	@Bean
	ClientResourcesBuilderCustomizer reconnectPromptly() {
		return (builder) -> builder.reconnectDelay(reconnectDelay());
	}

	/**
	 * The wait between reconnect attempts: from 10 ms, doubling up to
	 * {@link #MAX_RECONNECT_DELAY}. @return the delay
	 */
	public static Delay reconnectDelay() {
		return Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS);
	}

}
