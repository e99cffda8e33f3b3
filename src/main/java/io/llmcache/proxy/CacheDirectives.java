package io.llmcache.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Tenants;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

/**
 * What a proxy caller asks of the cache through request headers:
 * {@code X-Cache-Namespace}, {@code X-Cache-Tags} (comma-separated), {@code X-Cache-TTL}
 * (seconds) and {@code Cache-Control} ({@code no-cache}: skip the lookup, still store;
 * {@code no-store}: neither; {@code max-age=N}: serve only entries younger than N
 * seconds). Every value is validated: a header the proxy cannot honour is a 400, not
 * silently ignored.
 *
 * @param namespace the namespace, {@code default} if absent
 * @param tags tags for the stored entry
 * @param ttlSeconds the time to live of the stored entry, or {@code null} for the
 * policy's default
 * @param noCache skip the lookup
 * @param noStore neither look up nor store
 * @param maxAgeSeconds serve only younger entries, or {@code null}
 */
record CacheDirectives(String namespace, List<String> tags, Long ttlSeconds, boolean noCache, boolean noStore,
		Long maxAgeSeconds) {

	static final String NAMESPACE_HEADER = "X-Cache-Namespace";

	static final String TAGS_HEADER = "X-Cache-Tags";

	static final String TTL_HEADER = "X-Cache-TTL";

	private static final Pattern NAMESPACE = Pattern.compile(Tenants.NAME_PATTERN);

	private static final Pattern TAG = Pattern.compile("^[A-Za-z0-9:._/-]{1,128}$");

	private static final Pattern SECONDS = Pattern.compile("^[0-9]{1,10}$");

	private static final int MAX_TAGS = 32;

	/**
	 * Reads the directives of a request.
	 * @param request the request
	 * @return the directives
	 * @throws ApiException a validation problem for a header that is not understood
	 */
	static CacheDirectives of(HttpServletRequest request) {
		String namespace = request.getHeader(NAMESPACE_HEADER);
		if (namespace == null || namespace.isBlank()) {
			namespace = Tenants.DEFAULT_NAMESPACE;
		}
		else if (!NAMESPACE.matcher(namespace.strip()).matches()) {
			throw invalid(NAMESPACE_HEADER + " must match " + Tenants.NAME_PATTERN);
		}
		Long ttl = seconds(TTL_HEADER, request.getHeader(TTL_HEADER));
		if (ttl != null && ttl == 0) {
			throw invalid(TTL_HEADER + " must be a positive number of seconds");
		}
		boolean noCache = false;
		boolean noStore = false;
		Long maxAge = null;
		for (String directive : directives(request.getHeader(HttpHeaders.CACHE_CONTROL))) {
			String name = directive.toLowerCase(Locale.ROOT);
			if (name.equals("no-cache")) {
				noCache = true;
			}
			else if (name.equals("no-store")) {
				noStore = true;
			}
			else if (name.startsWith("max-age=")) {
				maxAge = seconds(HttpHeaders.CACHE_CONTROL, directive.substring("max-age=".length()));
			}
			// Other directives (e.g. "no-transform") mean nothing to a response cache of
			// requests, and HTTP says to ignore those one does not understand.
		}
		return new CacheDirectives(namespace.strip(), tags(request.getHeader(TAGS_HEADER)), ttl, noCache, noStore,
				maxAge);
	}

	/**
	 * Whether the request may be answered from the cache.
	 * @return {@code false} with {@code no-cache} or {@code no-store}
	 */
	boolean mayLookUp() {
		return !this.noCache && !this.noStore;
	}

	private static List<String> tags(String header) {
		if (header == null || header.isBlank()) {
			return List.of();
		}
		List<String> tags = new ArrayList<>();
		for (String tag : header.split(",", MAX_TAGS + 2)) {
			String trimmed = tag.strip();
			if (!TAG.matcher(trimmed).matches()) {
				throw invalid(TAGS_HEADER + ": each tag must match ^[A-Za-z0-9:._/-]{1,128}$");
			}
			tags.add(trimmed);
		}
		if (tags.size() > MAX_TAGS) {
			throw invalid(TAGS_HEADER + " may carry at most " + MAX_TAGS + " tags");
		}
		return List.copyOf(tags);
	}

	private static List<String> directives(String header) {
		if (header == null || header.isBlank()) {
			return List.of();
		}
		List<String> directives = new ArrayList<>();
		for (String part : header.split(",", 16)) {
			if (!part.isBlank()) {
				directives.add(part.strip());
			}
		}
		return directives;
	}

	private static Long seconds(String header, String value) {
		if (value == null) {
			return null;
		}
		String trimmed = value.strip();
		if (!SECONDS.matcher(trimmed).matches()) {
			throw invalid(header + " must give a whole number of seconds");
		}
		return Long.parseLong(trimmed);
	}

	private static ApiException invalid(String detail) {
		return new ApiException(ProblemType.VALIDATION, detail);
	}

}
