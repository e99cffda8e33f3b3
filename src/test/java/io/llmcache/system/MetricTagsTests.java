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
	void boundsTheNamespacesOfEachTenantOnItsOwn() {
		for (int i = 0; i < MetricTags.MAX_NAMESPACES_PER_TENANT; i++) {
			this.tags.namespace("acme", "ns-" + i);
		}
		// Past its limit, a tenant's new namespaces are counted together
		assertThat(this.tags.namespace("acme", "new")).contains(Tag.of("tenant", "acme"),
				Tag.of("cache_namespace", "_other"));
		// Namespaces seen before the limit keep their names
		assertThat(this.tags.namespace("acme", "ns-0")).contains(Tag.of("cache_namespace", "ns-0"));
		// Another tenant's namespaces are not denied by acme's many
		assertThat(this.tags.namespace("globex", "ns-0")).contains(Tag.of("tenant", "globex"),
				Tag.of("cache_namespace", "ns-0"));
		assertThat(this.tags.namespace("globex", "new")).contains(Tag.of("cache_namespace", "new"));
	}

}
