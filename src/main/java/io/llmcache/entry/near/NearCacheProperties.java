package io.llmcache.entry.near;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Near-cache settings ({@code llmcache.near-cache.*}).
 *
 * @param enabled whether hot entries are kept in memory (only on a single Redis server or
 * primary: on Redis Cluster or Sentinel it stays off)
 * @param maxSize the most memory the copies may take on this replica, shared equally by
 * the tenants that have been read, so that one tenant's traffic never evicts another's
 * entries
 * @param heartbeatInterval how often the tracking connection is pinged; copies are served
 * only while a ping sent in the last three intervals has been answered, which bounds how
 * long a silently broken connection could go unnoticed
 */
@ConfigurationProperties("llmcache.near-cache")
@Validated
public record NearCacheProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("64MB") @NotNull DataSize maxSize, @DefaultValue("500ms") @NotNull Duration heartbeatInterval) {

	public NearCacheProperties {
		if (maxSize != null && maxSize.toBytes() < 0) {
			throw new IllegalArgumentException("llmcache.near-cache.max-size must not be negative");
		}
		if (heartbeatInterval != null && (heartbeatInterval.compareTo(Duration.ofMillis(10)) < 0
				|| heartbeatInterval.compareTo(Duration.ofMinutes(1)) > 0)) {
			throw new IllegalArgumentException("llmcache.near-cache.heartbeat-interval must be within 10ms and 1m");
		}
	}

}
