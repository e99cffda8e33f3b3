package io.llmcache.system;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tags of a tenant's namespace on the service's meters.
 */
class MetricTagsTests {

	private final MetricTags tags = new MetricTags();

	@Test
	void tagsTenantAndCacheNamespaceButNeverNamespace() {
		Tags tagged = this.tags.namespace("acme", "support");
		assertThat(tagged).containsExactlyInAnyOrder(Tag.of("tenant", "acme"), Tag.of("cache_namespace", "support"));
		// Prometheus Operator's own label: a tag of that name would arrive renamed
		assertThat(tagged.stream().map(Tag::getKey)).doesNotContain("namespace");
	}

	@Test
	void countsTenantAndNamespacePairsTowardsTheLimit() {
		for (int i = 0; i < MetricTags.MAX_NAMESPACE_TAGS / 2; i++) {
			this.tags.namespace("acme", "ns-" + i);
			this.tags.namespace("globex", "ns-" + i);
		}
		// The same namespace name of another tenant is another pair, past the limit
		assertThat(this.tags.namespace("initech", "ns-0")).contains(Tag.of("tenant", "initech"),
				Tag.of("cache_namespace", "_other"));
		// Pairs seen before the limit keep their names
		assertThat(this.tags.namespace("globex", "ns-0")).contains(Tag.of("cache_namespace", "ns-0"));
		assertThat(this.tags.namespace("acme", "new")).contains(Tag.of("tenant", "acme"),
				Tag.of("cache_namespace", "_other"));
	}

}
