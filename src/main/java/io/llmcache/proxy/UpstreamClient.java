package io.llmcache.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Calls the configured OpenAI-compatible upstream. Each tenant gets a <em>lane</em> of
 * its own to its upstream (the default one, or its own), so that one tenant's failing or
 * slow calls can neither open the circuit nor take the connections of another: a bounded
 * connection pool (Apache HttpClient) with connect, read and pool-wait timeouts; a
 * bulkhead that lets at most {@code maxConnections + maxQueued} calls in at once and
 * refuses the rest at once, so a slow upstream cannot pile up unbounded waiting requests;
 * and a circuit breaker (Resilience4j) that counts connection errors, timeouts and 5xx
 * answers as failures and, when too many fail, refuses calls with 503 for a while instead
 * of waiting for an upstream that is down. A 4xx answer, 429 included, is the caller's
 * request or quota, not the upstream's health, and passes through without counting.
 * <p>
 * The upstream's URL and key come from configuration only, never from the caller, so no
 * request can send the key elsewhere. No redirects are followed and nothing is retried
 * here: a retry of a generation costs money, and the caller's SDK decides that.
 */
@Component
class UpstreamClient implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(UpstreamClient.class);

	/** Response headers worth passing on: request ids, rate limits, retry hints. */
	private static final List<String> PASSED_HEADER_PREFIXES = List.of("x-request-id", "openai-", "x-ratelimit-",
			"retry-after");

	private final ProxyProperties properties;

	private final ProxyMetrics metrics;

	/** By tenant and upstream: a tenant's way to its upstream. */
	private final Map<Map.Entry<String, ProxyProperties.Upstream>, Lane> lanes = new ConcurrentHashMap<>();

	UpstreamClient(ProxyProperties properties, ProxyMetrics metrics) {
		this.properties = properties;
		this.metrics = metrics;
	}

	/**
	 * Sends a request upstream and answers once the status and headers are in.
	 * @param tenant the caller's tenant, which picks the upstream
	 * @param endpoint the endpoint
	 * @param body the request body, forwarded as is
	 * @param stream whether the caller asked for Server-Sent Events
	 * @return the answer, to be closed by the caller
	 * @throws ApiException {@code upstream-busy} when the circuit is open or the queue
	 * full, {@code upstream-timeout}, {@code upstream-unreachable}, or
	 * {@code upstream-not-configured}
	 */
	UpstreamResponse send(String tenant, Endpoint endpoint, byte[] body, boolean stream) {
		ProxyProperties.Upstream upstream = this.properties.upstreamOf(tenant);
		if (upstream.baseUrl() == null) {
			throw new ApiException(ProblemType.UPSTREAM_NOT_CONFIGURED,
					"Set llmcache.proxy.upstream.base-url to the OpenAI-compatible API to forward to");
		}
		Lane lane = this.lanes.computeIfAbsent(Map.entry(tenant, upstream), Lane::new);
		return lane.send(endpoint, body, stream);
	}

	/**
	 * The state of a tenant's circuit breaker, for tests.
	 * @param tenant the tenant
	 * @return the state, e.g. {@code CLOSED}
	 */
	CircuitBreaker.State circuitState(String tenant) {
		Lane lane = this.lanes.get(Map.entry(tenant, this.properties.upstreamOf(tenant)));
		return (lane != null) ? lane.breaker.getState() : CircuitBreaker.State.CLOSED;
	}

	@Override
	public void destroy() {
		this.lanes.values().forEach(Lane::close);
	}

	private final class Lane {

		private final String base;

		private final String apiKey;

		private final CloseableHttpClient client;

		private final PoolingHttpClientConnectionManager pool;

		private final Bulkhead bulkhead;

		private final CircuitBreaker breaker;

		private final Duration readTimeout;

		Lane(Map.Entry<String, ProxyProperties.Upstream> key) {
			String tenant = key.getKey();
			ProxyProperties.Upstream upstream = key.getValue();
			String url = upstream.baseUrl().toString();
			this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
			this.apiKey = upstream.apiKey();
			this.readTimeout = upstream.readTimeout();
			this.pool = PoolingHttpClientConnectionManagerBuilder.create()
				.setMaxConnTotal(upstream.maxConnections())
				.setMaxConnPerRoute(upstream.maxConnections())
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.of(upstream.connectTimeout()))
					.setSocketTimeout(Timeout.of(upstream.readTimeout()))
					.build())
				.build();
			this.client = HttpClients.custom()
				.setConnectionManager(this.pool)
				.setDefaultRequestConfig(RequestConfig.custom()
					.setConnectionRequestTimeout(Timeout.of(upstream.queueTimeout()))
					.setResponseTimeout(Timeout.of(upstream.readTimeout()))
					.setRedirectsEnabled(false)
					.build())
				.disableAutomaticRetries()
				.disableRedirectHandling()
				.disableCookieManagement()
				.disableAuthCaching()
				// Compression would make a stream wait for whole compressed blocks
				.disableContentCompression()
				.build();
			String name = "upstream-" + Integer.toHexString(upstream.hashCode()) + "-" + tenant;
			this.bulkhead = Bulkhead.of(name,
					BulkheadConfig.custom()
						.maxConcurrentCalls(upstream.maxConnections() + upstream.maxQueued())
						.maxWaitDuration(Duration.ZERO)
						.build());
			ProxyProperties.CircuitBreaker settings = UpstreamClient.this.properties.circuitBreaker();
			this.breaker = CircuitBreaker.of(name,
					CircuitBreakerConfig.custom()
						.failureRateThreshold(settings.failureRateThreshold())
						.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
						.slidingWindowSize(settings.slidingWindowSize())
						.minimumNumberOfCalls(settings.minimumCalls())
						.waitDurationInOpenState(settings.openDuration())
						.permittedNumberOfCallsInHalfOpenState(Math.min(3, settings.minimumCalls()))
						.automaticTransitionFromOpenToHalfOpenEnabled(false)
						.build());
			this.breaker.getEventPublisher()
				.onStateTransition((event) -> logger.warn("Upstream {} circuit breaker of tenant {}: {}", this.base,
						tenant, event.getStateTransition()));
			// The URL without credentials or query, and the lane (tenants may share a URL
			// with settings of their own)
			URI target = upstream.baseUrl();
			UpstreamClient.this.metrics.circuitBreaker(tenant, target.getScheme() + "://" + target.getHost() + ":"
					+ target.getPort() + ((target.getPath() != null) ? target.getPath() : ""), name, this.breaker);
		}

		UpstreamResponse send(Endpoint endpoint, byte[] body, boolean stream) {
			if (!this.bulkhead.tryAcquirePermission()) {
				UpstreamClient.this.metrics.upstreamCall(endpoint, "rejected");
				throw new ApiException(ProblemType.UPSTREAM_BUSY,
						"Every connection to the upstream is busy and the queue is full; retry shortly", true, null);
			}
			try {
				this.breaker.acquirePermission();
			}
			catch (CallNotPermittedException ex) {
				this.bulkhead.onComplete();
				UpstreamClient.this.metrics.upstreamCall(endpoint, "circuit-open");
				throw new ApiException(ProblemType.UPSTREAM_BUSY,
						"The upstream failed repeatedly; calls are paused for a while (circuit open)", true, null);
			}
			long start = System.nanoTime();
			HttpPost post = new HttpPost(this.base + endpoint.path());
			post.setHeader("Accept", stream ? "text/event-stream" : "application/json");
			if (this.apiKey != null && !this.apiKey.isBlank()) {
				post.setHeader("Authorization", "Bearer " + this.apiKey);
			}
			post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
			ClassicHttpResponse response;
			try {
				response = this.client.executeOpen(null, post, null);
			}
			catch (IOException ex) {
				long took = System.nanoTime() - start;
				this.breaker.onError(took, TimeUnit.NANOSECONDS, ex);
				this.bulkhead.onComplete();
				throw failure(endpoint, ex);
			}
			int status = response.getCode();
			UpstreamClient.this.metrics.upstreamDuration(endpoint, Duration.ofNanos(System.nanoTime() - start));
			UpstreamClient.this.metrics.upstreamCall(endpoint,
					(status < 300) ? "ok" : (status == 429) ? "http-429" : "http-" + status / 100 + "xx");
			return new OpenResponse(response, this, start);
		}

		private ApiException failure(Endpoint endpoint, IOException ex) {
			if (ex instanceof SocketTimeoutException || ex instanceof ConnectTimeoutException
					|| ex instanceof InterruptedIOException) {
				boolean connecting = ex instanceof ConnectTimeoutException;
				boolean queued = ex.getClass().getSimpleName().contains("ConnectionRequestTimeout");
				UpstreamClient.this.metrics.upstreamCall(endpoint, queued ? "rejected" : "timeout");
				if (queued) {
					return new ApiException(ProblemType.UPSTREAM_BUSY,
							"No connection to the upstream became free in time; retry shortly", true, ex);
				}
				return new ApiException(ProblemType.UPSTREAM_TIMEOUT,
						connecting ? "The upstream did not accept a connection in time"
								: "The upstream did not answer within " + this.readTimeout.toSeconds() + " s",
						true, ex);
			}
			UpstreamClient.this.metrics.upstreamCall(endpoint, "unreachable");
			logger.warn("Upstream {} unreachable: {}", this.base, ex.toString());
			return new ApiException(ProblemType.UPSTREAM_UNREACHABLE, "The upstream could not be reached", true, ex);
		}

		void close() {
			this.client.close(CloseMode.IMMEDIATE);
		}

	}

	private static final class OpenResponse implements UpstreamResponse {

		private final ClassicHttpResponse response;

		private final Lane lane;

		private final long start;

		private volatile Throwable failure;

		private boolean closed;

		OpenResponse(ClassicHttpResponse response, Lane lane, long start) {
			this.response = response;
			this.lane = lane;
			this.start = start;
			int status = response.getCode();
			if (status >= 500) {
				this.failure = new UpstreamStatusException(status);
			}
		}

		@Override
		public int status() {
			return this.response.getCode();
		}

		@Override
		public String contentType() {
			HttpEntity entity = this.response.getEntity();
			return (entity != null) ? entity.getContentType() : null;
		}

		@Override
		public Map<String, List<String>> passedHeaders() {
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (Header header : this.response.getHeaders()) {
				String name = header.getName().toLowerCase(Locale.ROOT);
				if (PASSED_HEADER_PREFIXES.stream().anyMatch(name::startsWith)) {
					headers.computeIfAbsent(name, (key) -> new java.util.ArrayList<>()).add(header.getValue());
				}
			}
			return headers;
		}

		@Override
		public InputStream body() throws IOException {
			HttpEntity entity = this.response.getEntity();
			return (entity != null) ? entity.getContent() : InputStream.nullInputStream();
		}

		@Override
		public void failed(Throwable failure) {
			this.failure = failure;
		}

		@Override
		public synchronized void close() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			// The circuit breaker hears of the call once, when it is over: a stream that
			// broke after a good status is a failure too.
			long took = System.nanoTime() - this.start;
			if (this.failure != null) {
				this.lane.breaker.onError(took, TimeUnit.NANOSECONDS, this.failure);
			}
			else {
				this.lane.breaker.onSuccess(took, TimeUnit.NANOSECONDS);
			}
			try {
				// Closing unread drops the connection: no waiting for an unread stream

				this.response.close();
			}
			catch (IOException ex) {
				logger.debug("Closing an upstream response failed: {}", ex.toString());
			}
			finally {
				this.lane.bulkhead.onComplete();
			}
		}

	}

	/** An upstream answer that counts as a failure for the circuit breaker. */
	static final class UpstreamStatusException extends RuntimeException {

		UpstreamStatusException(int status) {
			super("Upstream answered HTTP " + status, null, false, false);
		}

	}

}
