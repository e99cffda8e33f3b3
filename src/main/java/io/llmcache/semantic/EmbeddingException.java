package io.llmcache.semantic;

/**
 * A text could not be embedded: it is too long, or the model or remote service failed.
 * The caller's lookup goes on without semantic matching.
 */
public class EmbeddingException extends RuntimeException {

	/**
	 * Creates an exception.
	 * @param message what went wrong, without the text itself (it may be sensitive)
	 */
	public EmbeddingException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with its cause.
	 * @param message what went wrong, without the text itself (it may be sensitive)
	 * @param cause the cause
	 */
	public EmbeddingException(String message, Throwable cause) {
		super(message, cause);
	}

}
