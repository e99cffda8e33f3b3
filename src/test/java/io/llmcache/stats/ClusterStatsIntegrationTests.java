package io.llmcache.stats;

import io.llmcache.ClusterIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every test of {@link StatsIntegrationTests}, with both replicas on a Redis Cluster of
 * three masters: the same results as on a single node, and no {@code CROSSSLOT} error.
 */
@ClusterIntegrationTest
class ClusterStatsIntegrationTests extends StatsIntegrationTests {

	@Autowired
	LettuceConnectionFactory connectionFactory;

	@Test
	void bothReplicasRunOnTheCluster() {
		assertThat(this.connectionFactory.isClusterAware()).isTrue();
		assertThat(secondReplica.context().getBean(LettuceConnectionFactory.class).isClusterAware()).isTrue();
	}

}
