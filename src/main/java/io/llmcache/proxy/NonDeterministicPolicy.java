package io.llmcache.proxy;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.llmcache.policy.NonDeterministicSettings;
import io.llmcache.policy.PolicyService;
import io.llmcache.tenant.Caller;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

import org.springframework.stereotype.Component;

/**
 * The namespace's policy for completion requests whose answers vary by design
 * ({@code temperature} above 0 or unset, {@code n} above 1), as the proxy applies it.
 */
@Component
class NonDeterministicPolicy {

	/** Key parameter of a bucket slot (non-deterministic requests, mode bucket). */
	static final String BUCKET_PARAM = "x_llmcache_bucket";

	private final PolicyService policies;

	NonDeterministicPolicy(PolicyService policies) {
		this.policies = policies;
	}

	/**
	 * Applies the namespace's policy for requests whose answers vary by design: forward
	 * them uncached ({@code bypass}), cache them as they are ({@code cache}), or keep a
	 * bucket of answers: the request picks one of {@code bucketSize} slots at random,
	 * each slot a cache key of its own, filled by the first request that picks it.
	 * @param caller the caller
	 * @param request the request
	 * @param directives the caller's cache headers
	 * @param description the request as the cache would key it
	 * @param response the response, which gets {@code X-Cache-Bucket} for a bucket slot
	 * @return the request as the cache keys it, or empty to forward it uncached
	 */
	Optional<OpenAiRequest.Description> apply(Caller caller, OpenAiRequest request, CacheDirectives directives,
			OpenAiRequest.Description description, HttpServletResponse response) {
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

}
