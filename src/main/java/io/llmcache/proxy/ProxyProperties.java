package io.llmcache.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The OpenAI-compatible proxy ({@code llmcache.proxy.*}): where misses go, how long they
 * may take, and how identical concurrent misses are coalesced.
 *
 * @param upstream the default upstream of every tenant
 * @param tenants per-tenant upstreams by tenant name; a tenant without one uses
 * {@code upstream}
 * @param maxResponseSize the largest upstream answer that is recorded and cached (a
 * stream: its events); larger answers are passed through and not cached
 * @param coalescing how identical concurrent misses share one upstream call
 * @param circuitBreaker when the upstream is considered down and calls fail fast
 */
@ConfigurationProperties("llmcache.proxy")
@Validated
record ProxyProperties(@DefaultValue @Valid @NotNull Upstream upstream, Map<String, @Valid Upstream> tenants,
		@DefaultValue("8MB") @NotNull DataSize maxResponseSize, @DefaultValue @Valid @NotNull Coalescing coalescing,
		@DefaultValue @Valid @NotNull CircuitBreaker circuitBreaker) {

	ProxyProperties {
		tenants = (tenants != null) ? Map.copyOf(tenants) : Map.of();
	}

	/**
	 * The upstream a tenant's misses go to.
	 * @param tenant the tenant
	 * @return its own upstream, or the default one
	 */
	Upstream upstreamOf(String tenant) {
		return this.tenants.getOrDefault(tenant, this.upstream);
	}

	/**
	 * An OpenAI-compatible API.
	 *
	 * @param baseUrl the base URL up to and including the version, e.g.
	 * {@code https://api.openai.com/v1}; {@code /chat/completions}, {@code /completions}
	 * and {@code /embeddings} are appended. Without it the proxy answers 503
	 * @param apiKey the bearer token sent upstream (from a Secret, never from the
	 * caller); empty for an upstream without authentication
	 * @param connectTimeout how long connecting may take
	 * @param readTimeout how long the upstream may stay silent: before the first byte of
	 * its answer (a whole non-stream generation) and between two bytes of a stream
	 * @param maxConnections the most connections open to the upstream at once
	 * @param maxQueued the most calls waiting for a connection when all are busy; more
	 * are refused at once with 503
	 * @param queueTimeout how long a call may wait for a connection
	 */
	record Upstream(URI baseUrl, String apiKey, @DefaultValue("5s") @NotNull Duration connectTimeout,
			@DefaultValue("120s") @NotNull Duration readTimeout,
			@DefaultValue("64") @Min(1) @Max(10_000) int maxConnections,
			@DefaultValue("256") @Min(0) @Max(100_000) int maxQueued,
			@DefaultValue("5s") @NotNull Duration queueTimeout) {

	}

	/**
	 * Request coalescing: when identical requests miss at once, one goes upstream.
	 *
	 * @param enabled whether identical concurrent misses are coalesced
	 * @param leaseTtl how long a replica's claim on a request lives in Redis unless it is
	 * renewed; a crashed leader blocks the others at most this long
	 * @param pollInterval how often a waiting replica checks whether the leader of
	 * another replica has finished
	 * @param maxWait the longest a request waits for another's answer before it calls the
	 * upstream itself
	 */
	record Coalescing(@DefaultValue("true") boolean enabled, @DefaultValue("10s") @NotNull Duration leaseTtl,
			@DefaultValue("50ms") @NotNull Duration pollInterval, @DefaultValue("150s") @NotNull Duration maxWait) {

	}

	/**
	 * The circuit breaker around the upstream (Resilience4j).
	 *
	 * @param failureRateThreshold the percentage of failed calls (connection errors,
	 * timeouts, 5xx and 429 answers) that opens the circuit
	 * @param slidingWindowSize how many recent calls the failure rate is computed over
	 * @param minimumCalls the fewest calls before the failure rate counts
	 * @param openDuration how long the circuit stays open (calls fail fast with 503)
	 * before trial calls are let through
	 */
	record CircuitBreaker(@DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
			@DefaultValue("20") @Min(1) @Max(10_000) int slidingWindowSize,
			@DefaultValue("10") @Min(1) @Max(10_000) int minimumCalls,
			@DefaultValue("30s") @NotNull Duration openDuration) {

	}

}
