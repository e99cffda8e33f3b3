package io.llmcache.vector;

/**
 * A change to the vectors of a namespace, as published to the other replicas.
 *
 * @param id the change's stream id
 * @param tenant the tenant
 * @param namespace the namespace
 * @param entryDigest the entry's exact digest
 * @param added {@code true} if the entry was stored, {@code false} if removed
 * @param origin the id of the replica that published it, {@code null} if unknown
 */
record VectorChange(String id, String tenant, String namespace, String entryDigest, boolean added, String origin) {

}
