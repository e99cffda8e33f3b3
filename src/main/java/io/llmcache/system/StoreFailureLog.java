package io.llmcache.system;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs failures of the cache store without flooding the log: the first failure after a
 * quiet spell is logged at once, the following ones are counted and summarised at most
 * once per interval (an outage under load fails thousands of operations a second, each of
 * which used to log a warning of its own). The metrics count every failure.
 */
public final class StoreFailureLog {

	private static final long NEVER = Long.MIN_VALUE;

	private final Logger logger;

	private final long intervalNanos;

	private final Map<String, LongAdder> unlogged = new ConcurrentHashMap<>();

	private final AtomicLong lastLogged = new AtomicLong(NEVER);

	/**
	 * A log for one kind of failure.
	 * @param owner the class whose logger the lines go to
	 * @param interval the shortest time between two lines
	 */
	public StoreFailureLog(Class<?> owner, Duration interval) {
		this.logger = LoggerFactory.getLogger(owner);
		this.intervalNanos = interval.toNanos();
	}

	/**
	 * Records a failure, and logs it or a summary if the interval has passed.
	 * @param operation what failed
	 * @param message what the store said
	 */
	public void failed(String operation, String message) {
		long now = System.nanoTime();
		long last = this.lastLogged.get();
		boolean due = last == NEVER || now - last >= this.intervalNanos;
		if (!due || !this.lastLogged.compareAndSet(last, now)) {
			this.unlogged.computeIfAbsent(operation, (key) -> new LongAdder()).increment();
			return;
		}
		Map<String, Long> counts = drain();
		long total = counts.values().stream().mapToLong(Long::longValue).sum();
		if (total == 0) {
			this.logger.warn("The cache store failed during {}: {} (further failures are summarised every {} s)",
					operation, message, Duration.ofNanos(this.intervalNanos).toSeconds());
		}
		else {
			this.logger.warn("The cache store failed {} more times in the last {} s {}; latest during {}: {}",
					total + 1, Duration.ofNanos(now - last).toSeconds(), counts, operation, message);
		}
	}

	private Map<String, Long> drain() {
		Map<String, Long> counts = new TreeMap<>();
		this.unlogged.forEach((operation, count) -> {
			long value = count.sumThenReset();
			if (value > 0) {
				counts.put(operation, value);
			}
		});
		return counts;
	}

}
