package io.llmcache.semantic;

import io.llmcache.ClusterIntegrationTest;

/**
 * Every test of {@link SemanticIntegrationTests}, with the replicas on a Redis Cluster of
 * three masters.
 */
@ClusterIntegrationTest
class ClusterSemanticIntegrationTests extends SemanticIntegrationTests {

}
