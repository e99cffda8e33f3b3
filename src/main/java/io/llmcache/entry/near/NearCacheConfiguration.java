package io.llmcache.entry.near;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.DefaultClientResources;
import io.llmcache.system.RedisClientConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Makes the near-cache: on a single Redis server (or primary) it opens its own tracking
 * connection with the settings of the service's Lettuce connection factory (host, port,
 * database, credentials, TLS, timeouts, client options) over RESP3. On Redis Cluster,
 * Sentinel or a Unix socket, or when switched off, the near-cache keeps nothing.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NearCacheProperties.class)
class NearCacheConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(NearCacheConfiguration.class);

	@Bean
	NearCache nearCache(NearCacheProperties properties, RedisConnectionFactory connectionFactory,
			MeterRegistry registry) {
		if (!properties.enabled() || properties.maxSize().toBytes() == 0) {
			logger.info("The near-cache is off (llmcache.near-cache)");
			return NearCache.off();
		}
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)
				|| lettuce.getClusterConfiguration() != null || lettuce.isRedisSentinelAware()
				|| lettuce.getSocketConfiguration() != null) {
			logger.info("The near-cache is off: it tracks a single Redis server, not a Cluster, Sentinel or socket");
			return NearCache.off();
		}
		LettuceClientConfiguration clientConfiguration = lettuce.getClientConfiguration();
		// Resources of its own: invalidations are read on an event loop no other
		// connection keeps busy, and its connection events are not those of the
		// connection the service's outage log reports on. (Two threads each: Lettuce's
		// least.)
		RedisClient client = RedisClient.create(DefaultClientResources.builder()
			.ioThreadPoolSize(2)
			.computationThreadPoolSize(2)
			.reconnectDelay(RedisClientConfiguration.reconnectDelay())
			.build());
		// Tracking in RESP2 would need a second connection for its messages.
		client.setOptions(clientConfiguration.getClientOptions()
			.map(ClientOptions::mutate)
			.orElseGet(ClientOptions::builder)
			.protocolVersion(ProtocolVersion.RESP3)
			.build());
		TrackingConnection tracking = new TrackingConnection(client,
				uriOf(lettuce.getStandaloneConfiguration(), clientConfiguration), properties.heartbeatInterval());
		NearCache cache = new NearCache(tracking, properties.maxSize().toBytes(),
				new NearCacheMetrics(registry, tracking));
		tracking.start(cache);
		return cache;
	}

	private static RedisURI uriOf(RedisStandaloneConfiguration server, LettuceClientConfiguration client) {
		RedisURI.Builder uri = RedisURI.builder()
			.withHost(server.getHostName())
			.withPort(server.getPort())
			.withDatabase(server.getDatabase())
			.withTimeout(client.getCommandTimeout())
			.withClientName(TrackingConnection.CLIENT_NAME)
			.withSsl(client.isUseSsl())
			.withStartTls(client.isStartTls())
			.withVerifyPeer(client.getVerifyMode());
		server.getPassword().toOptional().ifPresent((password) -> {
			if (server.getUsername() != null) {
				uri.withAuthentication(server.getUsername(), password);
			}
			else {
				uri.withPassword(password);
			}
		});
		return uri.build();
	}

}
