package io.llmcache.invalidation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.llmcache.key.LlmRequest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * Answers whether an entry's rendered prompt starts with a {@code promptPrefix} selector,
 * on the entry's canonical tokens. The entry's stored request is read and rendered only
 * when a selector asks, and once per entry.
 */
@Component
class EntryPrompts {

	private final PromptTokenizer tokenizer;

	private final JsonMapper json;

	EntryPrompts(PromptTokenizer tokenizer, JsonMapper json) {
		this.tokenizer = tokenizer;
		this.json = json;
	}

	/**
	 * The test for a request at hand.
	 * @param request the request
	 * @return whether its rendered prompt starts with a selector's text
	 */
	Predicate<String> startsWith(LlmRequest request) {
		return segmentsStartWith(request.model(), () -> RenderedPrompt.segmentsOf(request));
	}

	/**
	 * The test for a stored entry.
	 * @param model the entry's model
	 * @param requestJson reads the entry's stored request (JSON text); {@code null} if
	 * the entry is gone
	 * @return whether its rendered prompt starts with a selector's text; {@code true} for
	 * an entry deleted since it was read (by a sweep of this very rule, say), which must
	 * not be served either
	 */
	Predicate<String> startsWith(String model, Supplier<String> requestJson) {
		return segmentsStartWith(model, () -> {
			String text = requestJson.get();
			return (text != null) ? RenderedPrompt.segmentsOf(toRequest(model, text)) : null;
		});
	}

	private Predicate<String> segmentsStartWith(String model, Supplier<List<String>> segments) {
		// Read and rendered once however many selectors ask; an entry gone stays gone.
		Supplier<Optional<List<String>>> once = SingletonSupplier.of(() -> Optional.ofNullable(segments.get()));
		return (selector) -> once.get()
			.map((rendered) -> RenderedPrompt.startsWith(rendered, selector,
					(segment, text) -> this.tokenizer.isTokenPrefix(model, segment, text)))
			.orElse(true);
	}

	/** The prompt or messages of a stored request, all a rendered prompt needs. */
	private LlmRequest toRequest(String model, String requestJson) {
		JsonNode stored = this.json.readTree(requestJson);
		JsonNode messages = stored.get("messages");
		if (messages == null || !messages.isArray()) {
			return new LlmRequest(model, null, stored.path("prompt").asString(""), null, null);
		}
		List<JsonNode> list = new ArrayList<>(messages.size());
		messages.forEach(list::add);
		return new LlmRequest(model, list, null, null, null);
	}

}
