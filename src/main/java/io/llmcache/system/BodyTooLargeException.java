package io.llmcache.system;

import java.io.IOException;

/**
 * Thrown while a request body is read once it is longer than
 * {@link LimitsProperties#maxBodySize()}. An {@link IOException} so that message
 * converters pass it on as the cause of their own failure.
 */
class BodyTooLargeException extends IOException {

	BodyTooLargeException(long limit) {
		super("The request body is larger than " + limit + " bytes");
	}

}
