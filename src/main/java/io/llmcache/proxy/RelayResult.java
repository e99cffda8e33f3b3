package io.llmcache.proxy;

import tools.jackson.databind.JsonNode;

/**
 * How an upstream call ended, once it has: for a plain answer its status and body, for a
 * stream whether it ended cleanly and the answer it amounts to.
 *
 * @param head the upstream's status and headers
 * @param body a plain answer's body, or {@code null} for a stream
 * @param answer the non-stream form of a successful answer (parsed body, or the assembled
 * stream), or {@code null}
 * @param clean whether a stream ended cleanly (always {@code true} for a plain answer
 * that was read whole)
 * @param problem why the answer could not be relayed whole, or {@code null}
 * @param entryId the entry stored from the answer, or {@code null}
 */
record RelayResult(UpstreamHead head, byte[] body, JsonNode answer, boolean clean, String problem, String entryId) {

}
