package io.llmcache.proxy;

import io.llmcache.key.LlmRequestShape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.llmcache.lookup.Lookup;
import io.llmcache.lookup.LookupResult;
import io.llmcache.lookup.LookupService;
import io.llmcache.policy.NonDeterministicSettings;
import io.llmcache.policy.PolicyService;
import io.llmcache.store.StoreService;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.Role;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Service;

/**
 * Serves {@code /openai/v1/chat/completions} and {@code /openai/v1/completions} through
 * the cache: a request the cache can key is looked up (unless {@code no-cache} or
 * {@code no-store}); a hit is answered from the entry, as a stream or not, whichever the
 * caller asked; a miss is forwarded upstream, relayed as it arrives, and stored if it was
 * a complete, successful answer and the caller's key may write. Anything the cache cannot
 * key is forwarded unchanged and answered {@code X-Cache: BYPASS}.
 * <p>
 * <b>What an entry holds.</b> The entry's response is the non-stream answer as the
 * upstream sent it ({@code chat.completion} or {@code text_completion}). An answer
 * recorded from a stream is the assembled answer plus, under {@value #EVENTS}, every
 * chunk in order, so that a stream hit replays the upstream's chunks as they were
 * (content, tool call deltas, reasoning fields, usage), and a plain hit gets the
 * assembled answer without them. Entry metadata {@value #FORMAT} says which
 * ({@code completion} or {@code stream}); an entry without it was stored through the
 * cache API and is not served here (the proxy's next answer replaces it).
 *
 * @author llm-cache developers
 */
@Service
class CompletionProxy {

	/** Entry metadata: how the proxy stored the entry. */
	static final String FORMAT = "llmcache.format";

	/** Entry metadata: the endpoint whose answer the entry is. */
	static final String ENDPOINT = "llmcache.endpoint";

	/** Key parameter of a bucket slot (non-deterministic requests, mode bucket). */
	static final String BUCKET_PARAM = "x_llmcache_bucket";

	/** Field of an entry recorded from a stream: the chunks, in order. */
	static final String EVENTS = "x_llmcache_events";

	private static final Logger logger = LoggerFactory.getLogger(CompletionProxy.class);

	private final LookupService lookups;

	private final StoreService stores;

	private final UpstreamClient upstream;

	private final ProxyMetrics metrics;

	private final JsonMapper json;

	private final long maxResponseSize;

	private final CallCoordinator coordinator;

	private final PolicyService policies;

	CompletionProxy(LookupService lookups, StoreService stores, UpstreamClient upstream, CallCoordinator coordinator,
			PolicyService policies, ProxyMetrics metrics, ProxyProperties properties, JsonMapper json) {
		this.lookups = lookups;
		this.stores = stores;
		this.policies = policies;
		this.upstream = upstream;
		this.coordinator = coordinator;
		this.metrics = metrics;
		this.json = json;
		this.maxResponseSize = properties.maxResponseSize().toBytes();
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
			.flatMap((candidate) -> underPolicy(caller, request, directives, candidate, response));
		if (description.isEmpty() || directives.noStore()) {
			this.metrics.request(request.endpoint(), "bypass", false, false);
			relay(caller, request, null, List.of(delivery(response, request, CacheOutcome.bypass())));
			return;
		}
		Lookup lookup = description.get().toLookup(caller.tenant(), directives);
		String storeToken = null;
		boolean degraded = false;
		if (!directives.noCache()) {
			LookupResult found = this.lookups.lookup(lookup);
			if (found instanceof LookupResult.Hit hit && serveHit(request, hit, response, false)) {
				this.metrics.request(request.endpoint(), "hit", false, false);
				return;
			}
			if (found instanceof LookupResult.Miss miss) {
				degraded = miss.degraded();
				storeToken = miss.storeToken();
			}
		}
		// Without Redis a store would only fail after its timeout; a read-only key may
		// use
		// the cache but not fill it.
		StorePlan plan = (degraded || !caller.has(Role.WRITE)) ? null
				: new StorePlan(caller, description.get(), directives, storeToken);
		if (!this.coordinator.enabled() || directives.noCache()) {
			this.metrics.request(request.endpoint(), "miss", degraded, false);
			relay(caller, request, plan, List.of(delivery(response, request, CacheOutcome.miss(degraded))));
			return;
		}
		CallCoordinator.CallKey key = this.coordinator.keyOf(caller.tenant(), directives.namespace(),
				description.get().toLlmRequest());
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
		if (claim.hit() != null && serveHit(request, claim.hit(), response, false)) {
			this.metrics.request(request.endpoint(), "hit", false, false);
			flight.resolve(claim.hit());
			return;
		}
		this.metrics.request(request.endpoint(), "miss", degraded, false);
		boolean stored = false;
		try {
			RelayResult result = relay(caller, request, plan,
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
			if (start != null && start.hit() != null && serveHit(request, start.hit(), response, true)) {
				this.metrics.request(request.endpoint(), "hit", false, true);
				return;
			}
			if (start == null || start.head() == null) {
				// The other call took too long or ended without an answer to share
				flight.leave();
				flight = null;
				this.metrics.request(request.endpoint(), "miss", false, false);
				relay(caller, request, plan, List.of(delivery(response, request, CacheOutcome.miss(false))));
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

	/**
	 * Applies the namespace's policy for requests whose answers vary by design: forward
	 * them uncached ({@code bypass}), cache them as they are ({@code cache}), or keep a
	 * bucket of answers: the request picks one of {@code bucketSize} slots at random,
	 * each slot a cache key of its own, filled by the first request that picks it.
	 * @return the request as the cache keys it, or empty to forward it uncached
	 */
	private Optional<OpenAiRequest.Description> underPolicy(Caller caller, OpenAiRequest request,
			CacheDirectives directives, OpenAiRequest.Description description, HttpServletResponse response) {
		if (!varies(request.body())) {
			return Optional.of(description);
		}
		NonDeterministicSettings settings = this.policies.policyFor(caller.tenant(), directives.namespace())
			.nonDeterministic();
		return switch (settings.mode()) {
			case BYPASS -> Optional.empty();
			case CACHE -> Optional.of(description);
			case BUCKET -> {
				int slot = ThreadLocalRandom.current().nextInt(settings.bucketSize());
				response.setHeader("X-Cache-Bucket", (slot + 1) + "/" + settings.bucketSize());
				yield Optional.of(description.withParam(BUCKET_PARAM, IntNode.valueOf(slot)));
			}
		};
	}

	/**
	 * Whether the answer varies by design: a {@code temperature} above 0, or none (the
	 * OpenAI API then samples at 1), or {@code n} above 1.
	 */
	static boolean varies(JsonNode body) {
		JsonNode temperature = body.get("temperature");
		boolean sampled = temperature == null || temperature.isNull() || !temperature.isNumber()
				|| temperature.doubleValue() > 0;
		JsonNode n = body.get("n");
		return sampled || (n != null && (!n.isNumber() || n.doubleValue() > 1));
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

	/**
	 * Serves a hit in the form the caller asked for.
	 * @return {@code false} if the entry was not stored by the proxy for this endpoint
	 */
	private boolean serveHit(OpenAiRequest request, LookupResult.Hit found, HttpServletResponse response,
			boolean coalesced) {
		Map<String, String> metadata = found.entry().metadata();
		String format = metadata.get(FORMAT);
		if (!request.endpoint().metricName().equals(metadata.get(ENDPOINT))
				|| !("completion".equals(format) || "stream".equals(format)) || found.responseJson() == null) {
			return false;
		}
		Delivery delivery = delivery(response, request, CacheOutcome.hit(found.matchType(), found.entry().entryId(),
				found.similarity(), found.ageSeconds(), coalesced));
		if (!request.stream() && "completion".equals(format)) {
			delivery.plain(200, "application/json", Map.of(), found.responseJson().getBytes(StandardCharsets.UTF_8));
			return true;
		}
		ObjectNode stored = (ObjectNode) this.json.readTree(found.responseJson());
		JsonNode events = stored.remove(EVENTS);
		if (!request.stream()) {
			delivery.plain(200, "application/json", Map.of(), this.json.writeValueAsBytes(stored));
		}
		else if (events != null && events.isArray()) {
			List<JsonNode> chunks = new ArrayList<>(events.size());
			events.forEach(chunks::add);
			delivery.replay(chunks, null);
		}
		else {
			delivery.replay(ChunkSynthesizer.chunks(request.endpoint(), stored, request.includeUsage()), null);
		}
		return true;
	}

	/**
	 * Calls the upstream and relays its answer to the listeners as it arrives; stores it
	 * by the plan when it was complete and successful.
	 * @param caller the caller
	 * @param request the request, forwarded as sent
	 * @param plan how to store the answer, or {@code null} not to
	 * @param listeners who hears the call
	 * @return how it ended
	 */
	RelayResult relay(Caller caller, OpenAiRequest request, StorePlan plan, List<? extends RelayListener> listeners) {
		try (UpstreamResponse answer = this.upstream.send(caller.tenant(), request.endpoint(), request.raw(),
				request.stream())) {
			UpstreamHead head = UpstreamHead.of(answer);
			listeners.forEach((listener) -> listener.head(head));
			RelayResult result = head.streams() ? relayStream(request, answer, head, plan, listeners)
					: relayPlain(request, answer, head, plan);
			listeners.forEach((listener) -> listener.finish(result));
			return result;
		}
	}

	private RelayResult relayStream(OpenAiRequest request, UpstreamResponse answer, UpstreamHead head, StorePlan plan,
			List<? extends RelayListener> listeners) {
		StreamTranscript transcript = new StreamTranscript(this.json, this.maxResponseSize);
		String problem = null;
		try {
			SseReader reader = new SseReader(answer.body(), (int) Math.min(Integer.MAX_VALUE, this.maxResponseSize));
			SseEvent event;
			while ((event = reader.next()) != null) {
				transcript.add(event);
				for (RelayListener listener : listeners) {
					listener.event(event);
				}
				if (listeners.stream().noneMatch(RelayListener::alive)) {
					problem = "cancelled: every caller went away";
					break;
				}
			}
		}
		catch (IOException ex) {
			answer.failed(ex);
			problem = "the connection broke (" + ex.getClass().getSimpleName() + ")";
		}
		if (problem == null) {
			problem = transcript.cleanEndProblem();
		}
		if (problem != null) {
			this.metrics.stream(transcript.errored() ? "errored" : "broken");
			logger.debug("Stream from upstream not stored: {}", problem);
			return new RelayResult(head, null, null, false, problem, null);
		}
		ObjectNode assembled = ChunkAssembler.assemble(request.endpoint(), transcript.chunks());
		String entryId = null;
		if (plan != null) {
			ObjectNode recorded = assembled.deepCopy();
			ArrayNode events = recorded.putArray(EVENTS);
			transcript.chunks().forEach(events::add);
			entryId = store(plan, request.endpoint(), recorded, "stream");
		}
		this.metrics.stream((entryId != null) ? "stored" : "not-stored");
		return new RelayResult(head, null, assembled, true, null, entryId);
	}

	private RelayResult relayPlain(OpenAiRequest request, UpstreamResponse answer, UpstreamHead head, StorePlan plan) {
		byte[] body;
		try (InputStream in = answer.body()) {
			body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxResponseSize + 1));
		}
		catch (IOException ex) {
			answer.failed(ex);
			return new RelayResult(head, null, null, false,
					"the connection broke (" + ex.getClass().getSimpleName() + ")", null);
		}
		if (body.length > this.maxResponseSize) {
			return new RelayResult(head, null, null, false,
					"the answer is larger than llmcache.proxy.max-response-size", null);
		}
		JsonNode parsed = (head.status() == 200) ? parse(body) : null;
		String entryId = null;
		if (parsed != null && plan != null && complete(parsed)) {
			entryId = store(plan, request.endpoint(), parsed, "completion");
		}
		return new RelayResult(head, body, parsed, true, null, entryId);
	}

	private JsonNode parse(byte[] body) {
		try {
			JsonNode parsed = this.json.readTree(body);
			return (parsed != null && parsed.isObject()) ? parsed : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * A complete, successful answer: no error, at least one choice, and every choice
	 * finished.
	 */
	private static boolean complete(JsonNode answer) {
		JsonNode choices = answer.path("choices");
		if (answer.has("error") || !choices.isArray() || choices.isEmpty()) {
			return false;
		}
		for (JsonNode choice : choices) {
			if (!choice.hasNonNull("finish_reason")) {
				return false;
			}
		}
		return true;
	}

	private String store(StorePlan plan, Endpoint endpoint, JsonNode response, String format) {
		try {
			return this.stores
				.store(plan.description()
					.toStore(plan.caller().tenant(), plan.directives(), response,
							Map.of(FORMAT, format, ENDPOINT, endpoint.metricName()), plan.storeToken()))
				.entryId();
		}
		catch (RuntimeException ex) {
			// Stale store token (invalidated meanwhile), Redis down: the caller still
			// gets
			// the answer, only the cache does not keep it.
			logger.info("Proxy answer not stored: {}", ex.getMessage());
			return null;
		}
	}

	/**
	 * How to store an upstream answer.
	 *
	 * @param caller the caller, whose tenant the entry goes to
	 * @param description the request as the cache keys it
	 * @param directives the caller's cache headers (namespace, tags, TTL)
	 * @param storeToken the token of the lookup that missed, or {@code null}
	 */
	record StorePlan(Caller caller, OpenAiRequest.Description description, CacheDirectives directives,
			String storeToken) {

	}

}
