package io.llmcache.system;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Logs the state of the connection to Redis once per change: lost, and restored with how
 * long it was lost. The failures in between are summarised by {@link Degradation}.
 */
@Component
class RedisConnectionLog implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(RedisConnectionLog.class);

	private static final long CONNECTED = 0;

	/** When the connection was lost ({@link System#nanoTime()}), or {@code CONNECTED}. */
	private final AtomicLong lostAt = new AtomicLong(CONNECTED);

	private final Disposable subscription;

	private volatile boolean closing;

	RedisConnectionLog(ClientResources resources) {
		this.subscription = resources.eventBus().get().subscribe((event) -> {
			if (event instanceof ConnectionDeactivatedEvent lost) {
				lost(lost);
			}
			else if (event instanceof ConnectionActivatedEvent) {
				restored();
			}
		});
	}

	private void lost(ConnectionDeactivatedEvent event) {
		long now = Math.max(1, System.nanoTime());
		if (!this.closing && this.lostAt.compareAndSet(CONNECTED, now)) {
			logger.warn("Redis connection lost ({}): lookups degrade to misses and writes answer 503 until it is back",
					event.remoteAddress());
		}
	}

	private void restored() {
		long lost = this.lostAt.getAndSet(CONNECTED);
		if (lost != CONNECTED) {
			logger.info("Redis connection restored after {} ms", Duration.ofNanos(System.nanoTime() - lost).toMillis());
		}
	}

	@Override
	public void destroy() {
		// The connections close with the application: not an outage
		this.closing = true;
		this.subscription.dispose();
	}

}
