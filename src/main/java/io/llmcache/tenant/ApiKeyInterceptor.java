package io.llmcache.tenant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;

import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Authenticates every request to the API by its bearer key and checks the role that the
 * handler declares with {@link RequiresRole}. The resolved {@link Caller} is kept as a
 * request attribute for {@link CallerArgumentResolver}.
 * <p>
 * An interceptor rather than a servlet filter, so that 401 and 403 go through the same
 * problem-details handling as every other error.
 */
class ApiKeyInterceptor implements HandlerInterceptor {

	static final String CALLER_ATTRIBUTE = Caller.class.getName();

	private static final String BEARER_PREFIX = "Bearer ";

	private static final int MAX_KEY_LENGTH = 512;

	private final ApiKeyRegistry registry;

	ApiKeyInterceptor(ApiKeyRegistry registry) {
		this.registry = registry;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod handlerMethod)) {
			return true;
		}
		Caller caller = authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
		RequiresRole requirement = handlerMethod.getMethodAnnotation(RequiresRole.class);
		if (requirement == null && !handlerMethod.hasMethodAnnotation(AnyKey.class)) {
			throw new ApiException(ProblemType.FORBIDDEN, "This operation is not open to API keys");
		}
		if (requirement != null && !caller.has(requirement.value())) {
			throw new ApiException(ProblemType.FORBIDDEN, "API key '" + caller.keyId() + "' lacks the role "
					+ requirement.value().name().toLowerCase(java.util.Locale.ROOT));
		}
		request.setAttribute(CALLER_ATTRIBUTE, caller);
		return true;
	}

	private Caller authenticate(String authorization) {
		if (authorization == null || authorization.length() <= BEARER_PREFIX.length()
				|| !authorization.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
			throw new ApiException(ProblemType.UNAUTHENTICATED, "Send the API key as 'Authorization: Bearer <key>'");
		}
		String key = authorization.substring(BEARER_PREFIX.length()).strip();
		if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
			throw new ApiException(ProblemType.UNAUTHENTICATED, "The API key is empty or too long");
		}
		return this.registry.authenticate(key)
			.orElseThrow(() -> new ApiException(ProblemType.UNAUTHENTICATED, "The API key is not known"));
	}

}
