package io.llmcache.proxy;

import java.util.ArrayList;
import java.util.List;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.lookup.LookupResult;
import io.llmcache.lookup.LookupService;
import io.llmcache.policy.MatchType;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.Role;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Service;

/**
 * Serves {@code /openai/v1/embeddings} through the cache, one entry per input item and
 * model: a batch whose items are all known is answered from the cache; otherwise only the
 * unknown items go upstream (in one request, in their order), each of their embeddings is
 * stored, and the answer is put back together in the order of the request. A batch with
 * no known item is forwarded as sent and answered as the upstream answered.
 * <p>
 * An item's key is the model, the item (a string, or an array of token ids) and every
 * other field of the request that the namespace policy does not ignore
 * ({@code encoding_format}, {@code dimensions}, ...), so a base64 answer never serves a
 * float request ({@link EmbeddingItem}). Items match exactly only: an embedding of a
 * normalized text is not the embedding of the text. The answer's {@code usage} counts the
 * tokens the upstream was paid for in this request (0 when every item was known).
 */
@Service
class EmbeddingsProxy {

	private final LookupService lookups;

	private final EmbeddingsRelay relay;

	private final EmbeddingAnswers answers;

	private final ProxyMetrics metrics;

	private final JsonMapper json;

	EmbeddingsProxy(LookupService lookups, EmbeddingsRelay relay, EmbeddingAnswers answers, ProxyMetrics metrics,
			JsonMapper json) {
		this.lookups = lookups;
		this.relay = relay;
		this.answers = answers;
		this.metrics = metrics;
		this.json = json;
	}

	/**
	 * Answers one embeddings request.
	 * @param caller the caller
	 * @param request the request
	 * @param directives the caller's cache headers
	 * @param response the response to write
	 */
	void handle(Caller caller, OpenAiRequest request, CacheDirectives directives, HttpServletResponse response) {
		List<EmbeddingItem> items = EmbeddingItem.itemsOf(request.body(), directives, this.json.getNodeFactory());
		if (items == null || directives.noStore()) {
			this.metrics.request(Endpoint.EMBEDDINGS, "bypass", false, false);
			forward(caller, request.raw(), List.of(), null, CacheOutcome.bypass(), response);
			return;
		}
		JsonNode[] found = new JsonNode[items.size()];
		String[] tokens = new String[items.size()];
		boolean degraded = false;
		if (!directives.noCache()) {
			// Every item in one round trip to Redis.
			List<LookupResult> answers;
			try {
				answers = this.lookups.lookupExact(TenantNamespace.of(caller.tenant(), directives.namespace()),
						items.stream().map((item) -> item.lookup(caller.tenant())).toList());
			}
			catch (ApiException ex) {
				// An input over the prompt limit: forwarded, never cached
				if (ex.problemType() != ProblemType.PROMPT_TOO_LARGE) {
					throw ex;
				}
				this.metrics.request(Endpoint.EMBEDDINGS, "bypass", false, false);
				forward(caller, request.raw(), List.of(), null, CacheOutcome.bypass(), response);
				return;
			}
			for (int i = 0; i < items.size(); i++) {
				LookupResult answer = answers.get(i);
				if (answer instanceof LookupResult.Hit hit
						&& "embedding".equals(hit.entry().metadata().get(ProxyEntries.FORMAT))) {
					found[i] = this.json.readTree(hit.responseJson());
				}
				else if (answer instanceof LookupResult.Miss miss) {
					tokens[i] = miss.storeToken();
					degraded |= miss.degraded();
				}
			}
		}
		List<Integer> missing = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			if (found[i] == null) {
				missing.add(i);
			}
		}
		this.metrics.embeddingItems("hit", items.size() - missing.size());
		this.metrics.embeddingItems("miss", missing.size());
		this.metrics.request(Endpoint.EMBEDDINGS, missing.isEmpty() ? "hit" : "miss", degraded, false);
		boolean store = !degraded && caller.has(Role.WRITE);
		if (missing.isEmpty()) {
			CacheOutcome outcome = new CacheOutcome(CacheOutcome.HIT, MatchType.EXACT, null, 1.0, null, false, false);
			this.answers.write(response, 200, outcome, items.size(), items.size(),
					this.answers.assemble(request.body(), found, null));
		}
		else if (missing.size() == items.size()) {
			forward(caller, request.raw(), items, store ? tokens : null, CacheOutcome.miss(degraded), response);
		}
		else {
			ObjectNode partial = request.body().deepCopy();
			ArrayNode input = partial.putArray("input");
			missing.forEach((i) -> input.add(items.get(i).input()));
			List<EmbeddingItem> asked = missing.stream().map(items::get).toList();
			String[] askedTokens = missing.stream().map((i) -> tokens[i]).toArray(String[]::new);
			EmbeddingsRelay.Relayed relayed = this.relay.call(caller, this.json.writeValueAsBytes(partial), asked,
					store ? askedTokens : null);
			if (relayed.embeddings() == null) {
				relayed.writeTo(response, CacheOutcome.miss(degraded));
				return;
			}
			for (int k = 0; k < missing.size(); k++) {
				found[missing.get(k)] = relayed.embeddings().get(k);
			}
			this.answers.write(response, 200, CacheOutcome.miss(degraded), items.size() - missing.size(), items.size(),
					this.answers.assemble(relayed.answer(), found, relayed.answer().get("usage")));
		}
	}

	/** Forwards a whole batch and answers as the upstream did, storing each item. */
	private void forward(Caller caller, byte[] body, List<EmbeddingItem> items, String[] tokens, CacheOutcome outcome,
			HttpServletResponse response) {
		EmbeddingsRelay.Relayed relayed = this.relay.call(caller, body, items, tokens);
		relayed.writeTo(response, outcome);
	}

}
