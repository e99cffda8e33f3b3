package io.llmcache.prefix;

import io.llmcache.ClusterIntegrationTest;

/**
 * Every test of {@link PrefixIntegrationTests}, with both replicas on a Redis Cluster of
 * three masters: a namespace's blocks share one slot, so its scripts never fail with
 * {@code CROSSSLOT}.
 */
@ClusterIntegrationTest
class ClusterPrefixIntegrationTests extends PrefixIntegrationTests {

}
