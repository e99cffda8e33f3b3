package io.llmcache.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.llmcache.key.LlmRequestShape;
import io.llmcache.lookup.Lookup;
import io.llmcache.lookup.LookupResult;
import io.llmcache.lookup.LookupService;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.Role;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/**
 * Serves {@code /openai/v1/chat/completions} and {@code /openai/v1/completions} through
 * the cache: a request the cache can key is looked up (unless {@code no-cache} or
 * {@code no-store}); a hit is answered from the entry, as a stream or not, whichever the
 * caller asked ({@link HitServer}); a miss is forwarded upstream, relayed as it arrives,
 * and stored if it was a complete, successful answer and the caller's key may write
 * ({@link CompletionRelay}). Identical misses share one upstream call
 * ({@link CallCoordinator}). Anything the cache cannot key is forwarded unchanged and
 * answered {@code X-Cache: BYPASS}. What an entry holds is written down in
 * {@link ProxyEntries}.
 */
@Service
class CompletionProxy {

	private final LookupService lookups;

	private final NonDeterministicPolicy nonDeterministic;

	private final HitServer hits;

	private final CompletionRelay relay;

	private final CallCoordinator coordinator;

	private final ProxyMetrics metrics;

	private final JsonMapper json;

	CompletionProxy(LookupService lookups, NonDeterministicPolicy nonDeterministic, HitServer hits,
			CompletionRelay relay, CallCoordinator coordinator, ProxyMetrics metrics, JsonMapper json) {
		this.lookups = lookups;
		this.nonDeterministic = nonDeterministic;
		this.hits = hits;
		this.relay = relay;
		this.coordinator = coordinator;
		this.metrics = metrics;
		this.json = json;
	}

	/**
	 * Answers one request.
	 * @param caller the caller
	 * @param request the request
	 * @param directives the caller's cache headers
	 * @param response the response to write
	 */
	void handle(Caller caller, OpenAiRequest request, CacheDirectives directives, HttpServletResponse response) {
		Optional<OpenAiRequest.Description> description = request.description()
			.filter(this::cacheable)
			.flatMap((candidate) -> this.nonDeterministic.apply(caller, request, directives, candidate, response));
		if (description.isEmpty() || directives.noStore()) {
			bypass(caller, request, response);
			return;
		}
		try {
			cached(caller, request, directives, description.get(), response);
		}
		catch (ApiException ex) {
			// Over the prompt limit the cache keeps nothing: the request is forwarded,
			// not
			// refused. The key, made before anything is written, is where the limit is
			// known.
			if (ex.problemType() != ProblemType.PROMPT_TOO_LARGE) {
				throw ex;
			}
			bypass(caller, request, response);
		}
	}

	private void bypass(Caller caller, OpenAiRequest request, HttpServletResponse response) {
		this.metrics.request(request.endpoint(), "bypass", false, false);
		this.relay.relay(caller, request, null, List.of(delivery(response, request, CacheOutcome.bypass())));
	}

	private void cached(Caller caller, OpenAiRequest request, CacheDirectives directives,
			OpenAiRequest.Description description, HttpServletResponse response) {
		Lookup lookup = description.toLookup(caller.tenant(), directives);
		String storeToken = null;
		boolean degraded = false;
		if (!directives.noCache()) {
			LookupResult found = this.lookups.lookup(lookup);
			if (found instanceof LookupResult.Hit hit && this.hits.serve(request, hit, response, false)) {
				this.metrics.request(request.endpoint(), "hit", false, false);
				return;
			}
			if (found instanceof LookupResult.Miss miss) {
				degraded = miss.degraded();
				storeToken = miss.storeToken();
			}
		}
		// Without Redis a store would only fail after its timeout; a read-only key may
		// use the cache but not fill it.
		StorePlan plan = (degraded || !caller.has(Role.WRITE)) ? null
				: new StorePlan(caller, description, directives, storeToken);
		if (!this.coordinator.enabled() || directives.noCache()) {
			this.metrics.request(request.endpoint(), "miss", degraded, false);
			this.relay.relay(caller, request, plan, List.of(delivery(response, request, CacheOutcome.miss(degraded))));
			return;
		}
		CallCoordinator.CallKey key = this.coordinator.keyOf(caller.tenant(), directives.namespace(),
				description.toLlmRequest());
		CallCoordinator.Boarding boarding = this.coordinator.board(key, request.includeUsage());
		if (!boarding.leader()) {
			follow(boarding.flight(), caller, request, plan, response);
			return;
		}
		try {
			lead(boarding.flight(), key, caller, request, lookup, plan, degraded, response);
		}
		finally {
			this.coordinator.land(key, boarding.flight());
		}
	}

	/**
	 * Calls the upstream for every identical request that misses meanwhile, once no other
	 * replica does (or serves what another replica stored).
	 */
	private void lead(Flight flight, CallCoordinator.CallKey key, Caller caller, OpenAiRequest request, Lookup lookup,
			StorePlan plan, boolean degraded, HttpServletResponse response) {
		CallCoordinator.Claim claim = degraded ? new CallCoordinator.Claim(null, null)
				: this.coordinator.claim(key, () -> this.lookups.lookup(lookup));
		if (claim.hit() != null && this.hits.serve(request, claim.hit(), response, false)) {
			this.metrics.request(request.endpoint(), "hit", false, false);
			flight.resolve(claim.hit());
			return;
		}
		this.metrics.request(request.endpoint(), "miss", degraded, false);
		boolean stored = false;
		try {
			RelayResult result = this.relay.relay(caller, request, plan,
					List.of(delivery(response, request, CacheOutcome.miss(degraded)), flight));
			stored = result.entryId() != null;
		}
		catch (ApiException ex) {
			flight.fail(ex);
			throw ex;
		}
		catch (RuntimeException ex) {
			flight.fail(new ApiException(ProblemType.INTERNAL, "The call this request shared failed", false, ex));
			throw ex;
		}
		finally {
			this.coordinator.release(key, claim, stored);
		}
	}

	/**
	 * Answers a request with the answer of an identical request's upstream call on this
	 * replica: a hit, as if served from the entry that call stores.
	 */
	private void follow(Flight flight, Caller caller, OpenAiRequest request, StorePlan plan,
			HttpServletResponse response) {
		Duration wait = this.coordinator.maxWait();
		try {
			Flight.Start start = flight.awaitStart(wait);
			if (start != null && start.failure() != null) {
				this.metrics.request(request.endpoint(), "miss", false, true);
				throw start.failure();
			}
			if (start != null && start.hit() != null && this.hits.serve(request, start.hit(), response, true)) {
				this.metrics.request(request.endpoint(), "hit", false, true);
				return;
			}
			if (start == null || start.head() == null) {
				// The other call took too long or ended without an answer to share
				flight.leave();
				flight = null;
				this.metrics.request(request.endpoint(), "miss", false, false);
				this.relay.relay(caller, request, plan, List.of(delivery(response, request, CacheOutcome.miss(false))));
				return;
			}
			boolean live = request.stream() && start.head().streams();
			Delivery delivery = new Delivery(response, request, CacheOutcome.coalesced(null, live),
					!request.includeUsage() && flight.leaderIncludesUsage(), this.json);
			delivery.head(start.head());
			if (delivery.streaming()) {
				for (int i = 0; delivery.alive(); i++) {
					SseEvent event = flight.awaitEvent(i, wait);
					if (event == Flight.OVERFLOW) {
						delivery.finish(new RelayResult(start.head(), null, null, false,
								"too long to share with identical requests; send it again", null));
						return;
					}
					if (event == null) {
						break;
					}
					delivery.event(event);
				}
			}
			RelayResult result = flight.awaitResult(wait);
			if (result == null) {
				result = new RelayResult(start.head(), null, null, false, "the shared call took too long", null);
			}
			this.metrics.request(request.endpoint(), (result.entryId() != null || live) ? "hit" : "miss", false, true);
			if (!delivery.streaming()) {
				delivery.outcome(CacheOutcome.coalesced(result.entryId(), false));
			}
			delivery.finish(result);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ApiException(ProblemType.UPSTREAM_TIMEOUT, "Interrupted while waiting for the shared call", true,
					ex);
		}
		finally {
			if (flight != null) {
				flight.leave();
			}
		}
	}

	private Delivery delivery(HttpServletResponse response, OpenAiRequest request, CacheOutcome outcome) {
		return new Delivery(response, request, outcome, false, this.json);
	}

	/**
	 * Whether the cache can key the request: the same bounds and shape as the cache API
	 * checks on its lookups.
	 */
	private boolean cacheable(OpenAiRequest.Description description) {
		return LlmRequestShape.violations(description.toLlmRequest()).isEmpty();
	}

}
