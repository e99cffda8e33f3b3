package io.llmcache.vector;

/**
 * A semantic entry's vector as kept in Redis with the entry.
 *
 * @param scope where it may be matched
 * @param entryDigest the entry's exact digest
 * @param vector the unit vector
 * @param expiresAt when the entry expires, in epoch milliseconds
 */
public record StoredVector(VectorScope scope, String entryDigest, float[] vector, long expiresAt) {

}
