package io.llmcache.key;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.llmcache.normalize.TextNormalizer;
import io.llmcache.policy.NamespacePolicy;
import io.llmcache.system.ApiException;
import io.llmcache.system.Digests;
import io.llmcache.system.LimitsProperties;
import io.llmcache.system.ProblemType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Computes the cache keys of a request. The canonical form covers, in a fixed order: the
 * encoding version, tenant, namespace, model, the policy's key version (normalization
 * rules and ignored parameters), the form (chat or completion), every message with every
 * field (role, name, content parts, tool calls, ...) or the prompt, the tools, and the
 * generation parameters that are part of the key. See {@link CanonicalEncoder} for the
 * encoding.
 */
@Component
public class CacheKeyFactory {

	/** Bump when the canonical form changes, so old entries can never be matched. */
	static final String ENCODING_VERSION = "llmcache-key/1";

	private static final int TOP_LEVEL_FIELDS = 9;

	private final long maxPromptBytes;

	/**
	 * A factory without a prompt limit.
	 */
	public CacheKeyFactory() {
		this(Long.MAX_VALUE);
	}

	@Autowired
	CacheKeyFactory(LimitsProperties limits) {
		this(limits.maxPromptSize().toBytes());
	}

	private CacheKeyFactory(long maxPromptBytes) {
		this.maxPromptBytes = maxPromptBytes;
	}

	/**
	 * Computes the exact and normalized keys of a request.
	 * @param tenant the caller's tenant
	 * @param policy the namespace's policy
	 * @param request the request
	 * @return the keys
	 * @throws ApiException {@code prompt-too-large} when the canonical form is over
	 * {@code llmcache.limits.max-prompt-size}
	 */
	public CacheKeys keysFor(String tenant, NamespacePolicy policy, LlmRequest request) {
		Map<String, JsonNode> keyParams = new TreeMap<>();
		List<String> ignored = new ArrayList<>();
		request.params().forEach((name, value) -> {
			if (policy.isKeyParam(name)) {
				keyParams.put(name, value);
			}
			else {
				ignored.add(name);
			}
		});
		ignored.sort(null);
		String canonical = encode(tenant, policy, request, keyParams, null);
		byte[] bytes = CanonicalEncoder.utf8(canonical);
		if (bytes.length > this.maxPromptBytes) {
			throw new ApiException(ProblemType.PROMPT_TOO_LARGE, "The request is " + bytes.length
					+ " bytes as the cache keys it; at most " + this.maxPromptBytes + " are cached");
		}
		CacheKey exact = new CacheKey(canonical, Digests.sha256(bytes));
		return new CacheKeys(exact, () -> toKey(encode(tenant, policy, request, keyParams, policy.normalizer())),
				policy.keyVersion(), List.copyOf(keyParams.keySet()), List.copyOf(ignored));
	}

	/**
	 * The key of a request's semantic context and the text compared by embeddings: the
	 * last user turn is compared, everything else (model, output parameters, tools,
	 * system and earlier turns, normalized) must be identical. Semantic candidates come
	 * only from entries with the same context digest, so a follow-up question never
	 * matches an entry made in another conversation.
	 * @param tenant the caller's tenant
	 * @param policy the namespace's policy
	 * @param request the request
	 * @return the key, or empty if the request has no text to compare (a chat whose last
	 * message is not a user's text, or an empty prompt)
	 */
	public Optional<SemanticKey> semanticKeyFor(String tenant, NamespacePolicy policy, LlmRequest request) {
		Map<String, JsonNode> keyParams = keyParamsOf(policy, request);
		TextNormalizer normalizer = policy.normalizer();
		if (!request.isChat()) {
			String text = normalizer.normalize(request.prompt());
			if (text.isBlank()) {
				return Optional.empty();
			}
			LlmRequest context = new LlmRequest(request.model(), null, "", request.tools(), request.params());
			return Optional.of(semanticKey(tenant, policy, context, keyParams, text));
		}
		List<JsonNode> messages = request.messages();
		JsonNode last = messages.get(messages.size() - 1);
		JsonNode normalizedLast = normalizeMessage(last, normalizer);
		if (!"user".equals(last.path("role").asString("")) || !normalizedLast.path("content").isString()
				|| normalizedLast.path("content").stringValue().isBlank()) {
			return Optional.empty();
		}
		LlmRequest context = new LlmRequest(request.model(), messages.subList(0, messages.size() - 1), null,
				request.tools(), request.params());
		return Optional
			.of(semanticKey(tenant, policy, context, keyParams, normalizedLast.get("content").stringValue()));
	}

	/**
	 * The digest of everything in a completion request but its prompt, exactly as sent:
	 * tenant, namespace, model, key version, output parameters and tools. A continuation
	 * is only ever served from an entry with the same context, so never across differing
	 * parameters.
	 * @param tenant the caller's tenant
	 * @param policy the namespace's policy
	 * @param request a completion-form request
	 * @return base64url SHA-256 of the canonical context
	 */
	public String continuationContextFor(String tenant, NamespacePolicy policy, LlmRequest request) {
		LlmRequest context = new LlmRequest(request.model(), null, "", request.tools(), request.params());
		return digestOf(
				"continuation-context/1:" + encode(tenant, policy, context, keyParamsOf(policy, request), null));
	}

	/** The request's parameters that are part of its key, by name. */
	private static Map<String, JsonNode> keyParamsOf(NamespacePolicy policy, LlmRequest request) {
		Map<String, JsonNode> keyParams = new TreeMap<>();
		request.params().forEach((name, value) -> {
			if (policy.isKeyParam(name)) {
				keyParams.put(name, value);
			}
		});
		return keyParams;
	}

	/** Base64url SHA-256 of a canonical form, the digest of context keys. */
	private static String digestOf(String canonical) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(Digests.sha256(CanonicalEncoder.utf8(canonical)));
	}

	private static SemanticKey semanticKey(String tenant, NamespacePolicy policy, LlmRequest context,
			Map<String, JsonNode> keyParams, String text) {
		String canonical = "semantic-context/1:last-user-turn:"
				+ encode(tenant, policy, context, keyParams, policy.normalizer());
		return new SemanticKey(digestOf(canonical), text);
	}

	private static CacheKey toKey(String canonical) {
		return new CacheKey(canonical, Digests.sha256(CanonicalEncoder.utf8(canonical)));
	}

	private static String encode(String tenant, NamespacePolicy policy, LlmRequest request,
			Map<String, JsonNode> keyParams, TextNormalizer normalizer) {
		CanonicalEncoder encoder = new CanonicalEncoder().beginObject(TOP_LEVEL_FIELDS);
		encoder.field("v").string(ENCODING_VERSION);
		encoder.field("tenant").string(tenant);
		encoder.field("namespace").string(policy.namespace());
		encoder.field("model").string(request.model());
		encoder.field("keyVersion").string(policy.keyVersion());
		encoder.field("form").string(request.isChat() ? "chat" : "completion");
		encoder.field("input");
		if (request.isChat()) {
			encoder.beginArray(request.messages().size());
			for (JsonNode message : request.messages()) {
				encoder.json((normalizer != null) ? normalizeMessage(message, normalizer) : message);
			}
			encoder.endArray();
		}
		else {
			encoder.string((normalizer != null) ? normalizer.normalize(request.prompt()) : request.prompt());
		}
		encoder.field("tools").beginArray(request.tools().size());
		request.tools().forEach(encoder::json);
		encoder.endArray();
		encoder.field("params").beginObject(keyParams.size());
		keyParams.forEach((name, value) -> encoder.field(name).json(value));
		encoder.endObject();
		return encoder.endObject().text();
	}

	/**
	 * Normalizes the text of one message: a string content, or the {@code text} of each
	 * text part. A content that is a single text part becomes a plain string, as the two
	 * mean the same to every OpenAI-compatible model. Other fields are kept as sent.
	 */
	private static JsonNode normalizeMessage(JsonNode message, TextNormalizer normalizer) {
		JsonNode content = message.get("content");
		if (content == null || !(content.isString() || content.isArray())) {
			return message;
		}
		ObjectNode copy = ((ObjectNode) message).deepCopy();
		if (content.isString()) {
			copy.put("content", normalizer.normalize(content.stringValue()));
			return copy;
		}
		ArrayNode parts = JsonNodeFactory.instance.arrayNode(content.size());
		for (JsonNode part : content) {
			parts.add(normalizePart(part, normalizer));
		}
		if (parts.size() == 1 && isTextPart(parts.get(0))) {
			copy.put("content", parts.get(0).get("text").stringValue());
		}
		else {
			copy.set("content", parts);
		}
		return copy;
	}

	private static JsonNode normalizePart(JsonNode part, TextNormalizer normalizer) {
		if (!isTextPart(part)) {
			return part;
		}
		ObjectNode copy = ((ObjectNode) part).deepCopy();
		copy.put("text", normalizer.normalize(part.get("text").stringValue()));
		return copy;
	}

	private static boolean isTextPart(JsonNode part) {
		return part.isObject() && part.size() == 2 && "text".equals(part.path("type").asString(""))
				&& part.path("text").isString();
	}

}
