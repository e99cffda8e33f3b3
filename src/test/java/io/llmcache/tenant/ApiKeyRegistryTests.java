package io.llmcache.tenant;

import java.util.List;
import java.util.Set;

import io.llmcache.system.Digests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ApiKeyRegistry}.
 */
class ApiKeyRegistryTests {

	@Test
	void resolvesAKeyByItsDigestInAnyCase() {
		ApiKeyRegistry registry = new ApiKeyRegistry(new ApiKeyProperties(List.of(new ApiKeyProperties.ApiKey("k1",
				Digests.sha256Hex("secret").toUpperCase(java.util.Locale.ROOT), "acme", Set.of(Role.READ)))));
		Caller caller = registry.authenticate("secret").orElseThrow();
		assertThat(caller.tenant()).isEqualTo("acme");
		assertThat(caller.keyId()).isEqualTo("k1");
		assertThat(caller.has(Role.READ)).isTrue();
		assertThat(caller.has(Role.WRITE)).isFalse();
		assertThat(registry.authenticate("Secret")).isEmpty();
		assertThat(registry.authenticate(Digests.sha256Hex("secret"))).isEmpty();
	}

	@Test
	void refusesTwoKeysWithTheSameDigest() {
		String digest = Digests.sha256Hex("secret");
		assertThatIllegalStateException().isThrownBy(() -> new ApiKeyRegistry(
				new ApiKeyProperties(List.of(new ApiKeyProperties.ApiKey("a", digest, "acme", Set.of(Role.READ)),
						new ApiKeyProperties.ApiKey("b", digest, "globex", Set.of(Role.READ))))));
	}

}
