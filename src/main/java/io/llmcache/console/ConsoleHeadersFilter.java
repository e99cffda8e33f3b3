package io.llmcache.console;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the console's pages under a strict Content Security Policy: scripts, styles and
 * connections from this origin only (no inline code, no CDN), Trusted Types required so
 * that no script can write HTML, no framing, no referrer. With the console switched off,
 * its paths answer 404.
 */
class ConsoleHeadersFilter extends OncePerRequestFilter {

	static final String CONTENT_SECURITY_POLICY = String.join("; ", "default-src 'none'", "script-src 'self'",
			"style-src 'self'", "img-src 'self'", "connect-src 'self'", "form-action 'none'", "frame-ancestors 'none'",
			"base-uri 'none'", "require-trusted-types-for 'script'", "trusted-types 'none'");

	private final boolean enabled;

	ConsoleHeadersFilter(boolean enabled) {
		this.enabled = enabled;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.enabled) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
		// Revalidated on every load, so that a new version of the service is never
		// mixed with pages cached from the old one.
		response.setHeader("Cache-Control", "no-cache");
		chain.doFilter(request, response);
	}

}
