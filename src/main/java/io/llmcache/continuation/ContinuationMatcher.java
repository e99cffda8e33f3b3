package io.llmcache.continuation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.llmcache.entry.EntryRead;
import io.llmcache.entry.EntryRepository;
import io.llmcache.entry.StoredEntry;
import io.llmcache.entry.TenantNamespace;
import io.llmcache.key.CacheKeyFactory;
import io.llmcache.key.LlmRequest;
import io.llmcache.lookup.CandidateLog;
import io.llmcache.lookup.EntryCheck;
import io.llmcache.lookup.LookupContext;
import io.llmcache.lookup.Match;
import io.llmcache.lookup.Matcher;
import io.llmcache.policy.MatchType;
import io.llmcache.policy.NamespacePolicy;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Finds the cached completion that a completion prompt continues: a cached prompt of the
 * same context (model, parameters, tools) followed by the start of its completion.
 * <p>
 * Candidates come from the continuation hash of the request's context, asked in one
 * command for every place where a cached prompt could end (see {@link PromptCuts}), the
 * longest cached prompt first. Each is then read and compared as text: its prompt must be
 * the start of the request's prompt, its canonical request the request's with that
 * prompt, and the characters typed after it the start of its completion, with something
 * left to serve. Whether the entry is still live and not invalidated is the caller's
 * check ({@link EntryCheck}), as for every match type.
 *
 */
@Component
@Order(3)
public class ContinuationMatcher implements Matcher {

	/** Candidates read per lookup; more are nearly always hash collisions. */
	private static final int MAX_CANDIDATES = 4;

	private final CacheKeyFactory keyFactory;

	private final EntryRepository repository;

	private final ContinuationProperties properties;

	private final EntryCheck check;

	private final JsonMapper json;

	ContinuationMatcher(CacheKeyFactory keyFactory, EntryRepository repository, ContinuationProperties properties,
			EntryCheck check, JsonMapper json) {
		this.keyFactory = keyFactory;
		this.repository = repository;
		this.properties = properties;
		this.check = check;
		this.json = json;
	}

	@Override
	public MatchType type() {
		return MatchType.CONTINUATION;
	}

	/**
	 * A completion prompt that continues a cached prompt with the start of its completion
	 * is served the rest of it, from the longest such prompt that is live.
	 */
	@Override
	public Match match(LookupContext context, CandidateLog log) {
		for (Candidate candidate : candidates(context.namespace(), context.policy(), context.request())) {
			log.readAt(candidate.sequence());
			Match verdict = (candidate.rejection() != null) ? new Match.Rejected(candidate.rejection())
					: this.check.check(context, candidate.entry(), candidate.sequence());
			log.record(EntryCheck.candidate(MatchType.CONTINUATION, candidate.entry(), verdict, null));
			if (verdict instanceof Match.Hit hit) {
				return hit.withResponse(candidate.continuedResponse());
			}
		}
		return Match.MISS;
	}

	/**
	 * Where an entry about to be stored is indexed for continuation hits.
	 * @param tenant the caller's tenant
	 * @param policy the namespace's policy
	 * @param request the request
	 * @param response its response
	 * @return the index data, or {@code null} for a chat, an echoed prompt, or a response
	 * without a completion that can be continued
	 */
	public StoredEntry.ContinuationData indexFor(String tenant, NamespacePolicy policy, LlmRequest request,
			JsonNode response) {
		if (!continuable(request) || CompletionText.of(response).filter((text) -> !text.isEmpty()).isEmpty()) {
			return null;
		}
		return new StoredEntry.ContinuationData(this.keyFactory.continuationContextFor(tenant, policy, request),
				PromptCuts.nameOf(request.prompt()));
	}

	/**
	 * The entries whose prompt and completion the request's prompt may continue, read and
	 * judged.
	 * @param partition the partition
	 * @param policy the namespace's policy
	 * @param request the request
	 * @return the candidates, the longest cached prompt first
	 */
	private List<Candidate> candidates(TenantNamespace partition, NamespacePolicy policy, LlmRequest request) {
		if (!continuable(request) || request.prompt().isEmpty()) {
			return List.of();
		}
		String context = this.keyFactory.continuationContextFor(partition.tenant(), policy, request);
		List<String> names = PromptCuts.cutsOf(request.prompt(), this.properties.maxTypedChars())
			.stream()
			.map(PromptCuts.Cut::name)
			.toList();
		List<String> digests = this.repository.findByPromptNames(partition, context, names);
		List<Candidate> candidates = new ArrayList<>();
		for (String digest : digests.subList(0, Math.min(MAX_CANDIDATES, digests.size()))) {
			EntryRead read = this.repository.findByExactDigest(partition, digest, true);
			read.entry().ifPresent((entry) -> candidates.add(judge(partition.tenant(), policy, request, read, entry)));
		}
		return candidates;
	}

	private Candidate judge(String tenant, NamespacePolicy policy, LlmRequest request, EntryRead read,
			StoredEntry entry) {
		String prompt = request.prompt();
		String cachedPrompt = this.json.readTree(entry.requestJson()).path("prompt").asString(null);
		if (cachedPrompt == null || cachedPrompt.length() >= prompt.length() || !prompt.startsWith(cachedPrompt)) {
			return Candidate.rejected(read, entry, "its prompt is not the start of the request's prompt");
		}
		LlmRequest cachedRequest = new LlmRequest(request.model(), null, cachedPrompt, request.tools(),
				request.params());
		if (!this.keyFactory.keysFor(tenant, policy, cachedRequest).exact().digestText().equals(entry.exactDigest())) {
			return Candidate.rejected(read, entry, "stored for another model, tools or parameters");
		}
		JsonNode response = this.json.readTree(entry.responseJson());
		Optional<String> completion = CompletionText.of(response);
		if (completion.isEmpty()) {
			return Candidate.rejected(read, entry, "its response has no completion that can be continued");
		}
		String typed = prompt.substring(cachedPrompt.length());
		if (!completion.get().startsWith(typed)) {
			return Candidate.rejected(read, entry, "the text after its prompt differs from its completion");
		}
		if (completion.get().length() == typed.length()) {
			return Candidate.rejected(read, entry, "the whole completion was typed; nothing is left to serve");
		}
		String rest = completion.get().substring(typed.length());
		return new Candidate(read.sequence(), entry,
				this.json.writeValueAsString(CompletionText.continued(response, rest)), null);
	}

	/**
	 * Whether a request's completion can be continued: a completion-form request that
	 * does not ask for its prompt echoed in the answer.
	 */
	private static boolean continuable(LlmRequest request) {
		JsonNode echo = request.params().get("echo");
		return !request.isChat() && (echo == null || !echo.asBoolean(false));
	}

	/**
	 * A cached entry the request's prompt may continue.
	 *
	 * @param sequence the namespace's invalidation sequence number when it was read
	 * @param entry the entry
	 * @param continuedResponse the response serving the rest of its completion, or
	 * {@code null} when rejected
	 * @param rejection why it cannot be served, or {@code null}
	 */
	private record Candidate(long sequence, StoredEntry entry, String continuedResponse, String rejection) {

		static Candidate rejected(EntryRead read, StoredEntry entry, String rejection) {
			return new Candidate(read.sequence(), entry, null, rejection);
		}

	}

}
