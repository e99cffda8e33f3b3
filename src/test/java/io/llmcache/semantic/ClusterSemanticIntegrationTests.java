package io.llmcache.semantic;

import io.llmcache.ClusterIntegrationTest;
import io.llmcache.RedisClusterTestServer;

/**
 * Every test of {@link SemanticIntegrationTests}, with the replicas on a Redis Cluster of
 * three masters.
 *
 * @author llm-cache developers
 */
@ClusterIntegrationTest
class ClusterSemanticIntegrationTests extends SemanticIntegrationTests {

	@Override
	protected String[] otherReplicaProperties() {
		return new String[] { "server.port=0",
				"spring.data.redis.cluster.nodes=" + String.join(",", RedisClusterTestServer.shared().nodes()) };
	}

}
