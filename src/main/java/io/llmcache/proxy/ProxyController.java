package io.llmcache.proxy;

import io.llmcache.system.ProblemResponses;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Caller;
import io.llmcache.tenant.RequiresRole;
import io.llmcache.tenant.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OpenAI-compatible API: {@code POST /openai/v1/chat/completions},
 * {@code /completions} and {@code /embeddings}. Bodies are taken as bytes and forwarded
 * as sent; answers are written straight to the response, so a stream's events go out as
 * they arrive. The bearer key is a cache API key with role {@code read}; an answer is
 * stored only if the key also has {@code write}.
 */
@RestController
@RequestMapping("/openai/v1")
@Tag(name = "openai", description = "OpenAI-compatible proxy through the cache: point an OpenAI SDK at /openai/v1")
class ProxyController {

	private static final String HEADERS = " Request headers: X-Cache-Namespace, X-Cache-Tags (comma-separated), "
			+ "X-Cache-TTL (seconds), Cache-Control: no-cache | no-store | max-age=N. Response headers: X-Cache "
			+ "(HIT, MISS, BYPASS), X-Cache-Match, X-Cache-Entry-Id, X-Cache-Similarity, Age.";

	private final CompletionProxy completions;

	private final EmbeddingsProxy embeddings;

	private final JsonMapper json;

	ProxyController(CompletionProxy completions, EmbeddingsProxy embeddings, JsonMapper json) {
		this.completions = completions;
		this.embeddings = embeddings;
		this.json = json;
	}

	@PostMapping("/chat/completions")
	@RequiresRole(Role.READ)
	@ProblemResponses({ ProblemType.VALIDATION, ProblemType.UPSTREAM_NOT_CONFIGURED, ProblemType.UPSTREAM_UNREACHABLE,
			ProblemType.UPSTREAM_TIMEOUT, ProblemType.UPSTREAM_BUSY })
	@Operation(summary = "Chat completion, through the cache",
			description = "Exactly the OpenAI request and answer, \"stream\": true included." + HEADERS)
	void chatCompletions(@Parameter(hidden = true) Caller caller,
			@RequestBody(required = true) @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(mediaType = "application/json",
							schema = @Schema(type = "object", example = "{\"model\":\"gpt-4o-mini\",\"temperature\":0,"
									+ "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"))) byte[] body,
			HttpServletRequest request, HttpServletResponse response) {
		this.completions.handle(caller, OpenAiRequest.of(Endpoint.CHAT, body, this.json), CacheDirectives.of(request),
				response);
	}

	@PostMapping("/completions")
	@RequiresRole(Role.READ)
	@ProblemResponses({ ProblemType.VALIDATION, ProblemType.UPSTREAM_NOT_CONFIGURED, ProblemType.UPSTREAM_UNREACHABLE,
			ProblemType.UPSTREAM_TIMEOUT, ProblemType.UPSTREAM_BUSY })
	@Operation(summary = "Text completion (legacy), through the cache",
			description = "Exactly the OpenAI request and answer, \"stream\": true included." + HEADERS)
	void completions(@Parameter(hidden = true) Caller caller,
			@RequestBody(required = true) @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(mediaType = "application/json",
							schema = @Schema(type = "object",
									example = "{\"model\":\"gpt-3.5-turbo-instruct\","
											+ "\"temperature\":0,\"prompt\":\"Say hello\"}"))) byte[] body,
			HttpServletRequest request, HttpServletResponse response) {
		this.completions.handle(caller, OpenAiRequest.of(Endpoint.COMPLETIONS, body, this.json),
				CacheDirectives.of(request), response);
	}

	@PostMapping("/embeddings")
	@RequiresRole(Role.READ)
	@ProblemResponses({ ProblemType.VALIDATION, ProblemType.UPSTREAM_NOT_CONFIGURED, ProblemType.UPSTREAM_UNREACHABLE,
			ProblemType.UPSTREAM_TIMEOUT, ProblemType.UPSTREAM_BUSY })
	@Operation(summary = "Embeddings, cached per input item",
			description = "Exactly the OpenAI request and answer. Each input item is cached on its own: only the "
					+ "items not in the cache go upstream, and the answer is put back together in order; "
					+ "X-Cache-Item-Hits says how many items were known." + HEADERS)
	void embeddings(@Parameter(hidden = true) Caller caller,
			@RequestBody(required = true) @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(mediaType = "application/json",
							schema = @Schema(type = "object",
									example = "{\"model\":\"text-embedding-3-small\","
											+ "\"input\":[\"first text\",\"second text\"]}"))) byte[] body,
			HttpServletRequest request, HttpServletResponse response) {
		this.embeddings.handle(caller, OpenAiRequest.of(Endpoint.EMBEDDINGS, body, this.json),
				CacheDirectives.of(request), response);
	}

}
