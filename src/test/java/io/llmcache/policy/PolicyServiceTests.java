package io.llmcache.policy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link PolicyService}, bound from properties as in production.
 */
class PolicyServiceTests {

	@Test
	void hasSafeDefaults() {
		NamespacePolicy policy = service(Map.of()).policyFor("acme", "anything");
		assertThat(policy.defaultTtl()).isEqualTo(Duration.ofHours(24));
		assertThat(policy.maxTtl()).isEqualTo(Duration.ofDays(7));
		assertThat(policy.matchTypes()).containsExactlyInAnyOrder(MatchType.EXACT, MatchType.NORMALIZED);
		assertThat(policy.normalization().caseFold()).isFalse();
		assertThat(policy.normalization().collapseWhitespace()).isTrue();
		assertThat(policy.isKeyParam("temperature")).isTrue();
		assertThat(policy.isKeyParam("user")).isFalse();
		assertThat(policy.isKeyParam("stream")).isFalse();
		assertThat(policy.isKeyParam("brand_new_param")).isTrue();
	}

	@Test
	void readsNamespacePoliciesAndCapsTtls() {
		PolicyService service = service(Map.of("llmcache.policy.namespaces.support.max-ttl", "1h",
				"llmcache.policy.namespaces.support.default-ttl", "10m",
				"llmcache.policy.namespaces.support.normalization.case-fold", "true"));
		NamespacePolicy support = service.policyFor("acme", "support");
		assertThat(support.effectiveTtl(null)).isEqualTo(Duration.ofMinutes(10));
		assertThat(support.effectiveTtl(Duration.ofDays(2))).isEqualTo(Duration.ofHours(1));
		assertThat(support.effectiveTtl(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
		assertThat(support.normalization().caseFold()).isTrue();
		assertThat(support.keyVersion()).isNotEqualTo(service.policyFor("acme", "other").keyVersion());
	}

	@Test
	void refusesAMaximumShorterThanTheDefault() {
		assertThatIllegalStateException().isThrownBy(() -> service(
				Map.of("llmcache.policy.defaults.max-ttl", "1m", "llmcache.policy.defaults.default-ttl", "1h")));
	}

	private static PolicyService service(Map<String, String> properties) {
		Binder binder = new Binder(new MapConfigurationPropertySource(properties));
		PolicyProperties bound = binder.bindOrCreate("llmcache.policy", PolicyProperties.class);
		return new PolicyService(bound, null, null, java.time.Clock.systemUTC());
	}

}
