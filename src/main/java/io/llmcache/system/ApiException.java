package io.llmcache.system;

/**
 * A failure that maps to one {@link ProblemType}. Features throw it (or a subclass) and
 * the {@link ProblemDetailsAdvice} renders it as {@code application/problem+json}.
 */
public class ApiException extends RuntimeException {

	private final ProblemType problemType;

	private final boolean retryable;

	public ApiException(ProblemType problemType, String detail) {
		this(problemType, detail, false, null);
	}

	public ApiException(ProblemType problemType, String detail, boolean retryable, Throwable cause) {
		super(detail, cause);
		this.problemType = problemType;
		this.retryable = retryable;
	}

	public ProblemType problemType() {
		return this.problemType;
	}

	public boolean retryable() {
		return this.retryable;
	}

}
