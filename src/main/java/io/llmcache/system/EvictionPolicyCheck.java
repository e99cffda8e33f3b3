package io.llmcache.system;

import java.util.Properties;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Warns at startup when Redis may evict keys the service cannot lose.
 * <p>
 * Entries and their indexes carry TTLs; invalidation rules, policies and the audit log do
 * not, and must outlive the entries they govern (a lost rule would bring invalidated
 * entries back). Under {@code noeviction} or any {@code volatile-*} policy Redis only
 * evicts keys that have a TTL, so that holds; under {@code allkeys-*} it does not.
 */
@Component
class EvictionPolicyCheck {

	private static final Logger logger = LoggerFactory.getLogger(EvictionPolicyCheck.class);

	static final Set<String> SAFE = Set.of("noeviction", "volatile-lru", "volatile-lfu", "volatile-random",
			"volatile-ttl");

	private final RedisConnectionFactory connectionFactory;

	EvictionPolicyCheck(RedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	@EventListener(ApplicationReadyEvent.class)
	void check() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			Properties config = connection.serverCommands().getConfig("maxmemory-policy");
			if (config == null || config.isEmpty()) {
				logger.info("Could not read Redis maxmemory-policy; it must be noeviction or volatile-* (see README)");
				return;
			}
			config.forEach((name, value) -> {
				if (!SAFE.contains(String.valueOf(value))) {
					logger.warn("Redis maxmemory-policy is {} ({}): under memory pressure Redis may evict "
							+ "invalidation rules before the entries they hide, and invalidated entries would be "
							+ "served again. Use volatile-lru (or another volatile-* policy, or noeviction).", value,
							name);
				}
			});
		}
		catch (DataAccessException | UnsupportedOperationException ex) {
			logger.info("Could not read Redis maxmemory-policy ({}); it must be noeviction or volatile-* (see README)",
					ex.getMessage());
		}
	}

}
