package io.llmcache.vector;

/**
 * A candidate the index proposes.
 *
 * @param entryDigest the entry's exact digest
 * @param similarity the cosine similarity to the query, in [-1, 1]
 */
public record Neighbour(String entryDigest, double similarity) {

}
