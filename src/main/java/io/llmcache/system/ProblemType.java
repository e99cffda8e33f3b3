package io.llmcache.system;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

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

	/**
	 * The HTTP server refused the request before the service saw it: a malformed or
	 * oversized request line or header, or a path with an encoded NUL or slash.
	 */
	MALFORMED_REQUEST("malformed-request", "Malformed request", HttpStatus.BAD_REQUEST),

	/** The body is larger than the configured maximum. */
	BODY_TOO_LARGE("body-too-large", "Request body too large", HttpStatus.CONTENT_TOO_LARGE),

	/**
	 * The request is larger than the cache keeps
	 * ({@code llmcache.limits.max-prompt-size}).
	 */
	PROMPT_TOO_LARGE("prompt-too-large", "Prompt too large to cache", HttpStatus.CONTENT_TOO_LARGE),

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

	/**
	 * The type for an error status that did not come with a type of its own, such as one
	 * the HTTP server or a filter sent.
	 * @param status the status code
	 * @return the type; its status may differ from {@code status}
	 */
	public static ProblemType forStatus(int status) {
		return switch (status) {
			case 400 -> MALFORMED_REQUEST;
			case 401 -> UNAUTHENTICATED;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 413 -> BODY_TOO_LARGE;
			default -> (status >= 500) ? INTERNAL : UNSUPPORTED;
		};
	}

	/**
	 * Problem details of this type.
	 * @param detail the detail, or {@code null}
	 * @param instance the request path, or {@code null}
	 * @return the problem
	 */
	public ProblemDetail problem(String detail, String instance) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, detail);
		problem.setType(this.type);
		problem.setTitle(this.title);
		if (instance != null) {
			try {
				problem.setInstance(URI.create(instance));
			}
			catch (IllegalArgumentException ex) {
				// A path that is not a valid URI is not repeated back.
			}
		}
		return problem;
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
