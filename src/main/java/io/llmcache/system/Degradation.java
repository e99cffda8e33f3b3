package io.llmcache.system;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * How the service degrades when Redis (or the embedder) fails: each operation answered
 * without it is counted in {@code llmcache.degraded} ({@code operation}), and operations
 * that cannot be answered without it become a retryable 503.
 */
@Component
public class Degradation {

	private final MeterRegistry registry;

	private final StoreFailureLog failures = new StoreFailureLog(Degradation.class, Duration.ofSeconds(10));

	Degradation(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Counts an operation answered without the store or the embedder.
	 * @param operation what was degraded
	 */
	public void count(String operation) {
		Counter.builder("llmcache.degraded")
			.description("Operations answered without the store because Redis was slow or unreachable")
			.tag("operation", operation)
			.register(this.registry)
			.increment();
	}

	/**
	 * Counts an operation answered without the store because the store failed, and logs
	 * the failure (the first at once, then a summary at most every 10 s).
	 * @param operation what was degraded
	 * @param ex what Redis said
	 */
	public void failed(String operation, DataAccessException ex) {
		count(operation);
		this.failures.failed(operation, ex.getMostSpecificCause().getMessage());
	}

	/**
	 * Counts an operation the store could not answer in time and makes its problem.
	 * @param operation the operation
	 * @param ex what Redis said
	 * @return the retryable problem
	 */
	public ApiException unavailable(String operation, DataAccessException ex) {
		return unavailable(operation, ex,
				"The cache store did not answer in time; the operation took effect whole or not at all. Retry later.");
	}

	/**
	 * Counts an operation the store could not answer in time and makes its problem, with
	 * a detail of the operation's own.
	 * @param operation the operation
	 * @param ex what Redis said
	 * @param detail what the caller may do
	 * @return the retryable problem
	 */
	public ApiException unavailable(String operation, DataAccessException ex, String detail) {
		failed(operation, ex);
		return new ApiException(ProblemType.STORE_UNAVAILABLE, detail, true, ex);
	}

}
