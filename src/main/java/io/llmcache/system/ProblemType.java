package io.llmcache.system;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * The kinds of problem the API reports, each with a stable {@code type} URI that callers
 * can switch on.
 */
public enum ProblemType {

	/** The request body or a parameter failed validation. */
	VALIDATION("validation", "Invalid request", HttpStatus.BAD_REQUEST),

	/**
	 * The body is not well-formed JSON or exceeds a structural limit (nesting, string
	 * length).
	 */
	MALFORMED_BODY("malformed-body", "Malformed request body", HttpStatus.BAD_REQUEST),

	/** The body is larger than the configured maximum. */
	BODY_TOO_LARGE("body-too-large", "Request body too large", HttpStatus.CONTENT_TOO_LARGE),

	/** No API key, or one that is not configured. */
	UNAUTHENTICATED("unauthenticated", "Missing or unknown API key", HttpStatus.UNAUTHORIZED),

	/** The API key lacks the role the operation needs. */
	FORBIDDEN("forbidden", "Role missing", HttpStatus.FORBIDDEN),

	/** The entry is absent, expired, invalidated, or belongs to another tenant. */
	ENTRY_NOT_FOUND("entry-not-found", "Entry not found", HttpStatus.NOT_FOUND),

	/** No such endpoint or method. */
	NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),

	/** A concurrent change won; read the resource again and retry. */
	CONFLICT("conflict", "Concurrent change", HttpStatus.CONFLICT),

	/**
	 * A store carried a {@code storeToken} that is too old to check, or an invalidation
	 * recorded since the token's lookup covers the entry: the response may have been
	 * computed from invalidated content, so it is not cached.
	 */
	STALE_STORE_TOKEN("stale-store-token", "Not cached: invalidated since the lookup", HttpStatus.CONFLICT),

	/** The namespace has as many invalidations in force as it may. */
	TOO_MANY_INVALIDATIONS("too-many-invalidations", "Too many invalidations in force", HttpStatus.TOO_MANY_REQUESTS),

	/** The media type or method is not supported by the endpoint. */
	UNSUPPORTED("unsupported", "Unsupported request", HttpStatus.BAD_REQUEST),

	/** Redis is slow or unreachable; the operation did nothing and may be retried. */
	STORE_UNAVAILABLE("store-unavailable", "Cache store unavailable", HttpStatus.SERVICE_UNAVAILABLE),

	/** The proxy has no upstream configured for the caller's tenant. */
	UPSTREAM_NOT_CONFIGURED("upstream-not-configured", "No upstream configured", HttpStatus.SERVICE_UNAVAILABLE),

	/**
	 * The upstream could not be reached or broke the connection; nothing was cached.
	 */
	UPSTREAM_UNREACHABLE("upstream-unreachable", "Upstream unreachable", HttpStatus.BAD_GATEWAY),

	/** The upstream did not answer within the read timeout; nothing was cached. */
	UPSTREAM_TIMEOUT("upstream-timeout", "Upstream timed out", HttpStatus.GATEWAY_TIMEOUT),

	/**
	 * The upstream's circuit breaker is open, or every connection to it is busy and the
	 * queue is full: the call was refused at once.
	 */
	UPSTREAM_BUSY("upstream-busy", "Upstream unavailable", HttpStatus.SERVICE_UNAVAILABLE),

	/** An unexpected failure inside the service. */
	INTERNAL("internal", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR);

	private static final String BASE = "https://llm-cache.dev/problems/";

	private final URI type;

	private final String title;

	private final HttpStatus status;

	ProblemType(String slug, String title, HttpStatus status) {
		this.type = URI.create(BASE + slug);
		this.title = title;
		this.status = status;
	}

	public URI type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	public HttpStatus status() {
		return this.status;
	}

}
