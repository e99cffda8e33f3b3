package io.llmcache.key;

/**
 * What semantic matching compares: a request's context, which must be identical, and the
 * text of its last user turn, which may be merely similar.
 *
 * @param contextDigest base64url SHA-256 of the canonical context: tenant, namespace,
 * model, key version, output parameters, tools, and every message but the last
 * (normalized)
 * @param text the normalized text of the last user turn (or of the prompt)
 */
public record SemanticKey(String contextDigest, String text) {

}
