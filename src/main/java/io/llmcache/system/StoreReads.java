package io.llmcache.system;

import java.util.function.Supplier;

import org.springframework.dao.QueryTimeoutException;

/**
 * Reads from the cache store that are safe to repeat. Under ordinary load a command now
 * and then misses the short command timeout ({@code spring.data.redis.timeout}) although
 * nothing is wrong; such a read is sent once more, so it fails only after twice the
 * timeout. Only a timeout is retried: while the connection is down commands fail at once,
 * and repeating them would only delay the degraded answer. Writes are never repeated
 * here: one that timed out may have been applied.
 */
public final class StoreReads {

	private StoreReads() {
	}

	/**
	 * Runs a read, and once more if it timed out.
	 * @param <T> the result
	 * @param read the read, free of side effects
	 * @return what it read
	 */
	public static <T> T retryingOnce(Supplier<T> read) {
		try {
			return read.get();
		}
		catch (QueryTimeoutException ex) {
			return read.get();
		}
	}

}
