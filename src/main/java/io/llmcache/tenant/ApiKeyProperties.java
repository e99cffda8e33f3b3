package io.llmcache.tenant;

import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The API keys that may call the service, bound from {@code llmcache.api-keys[i].*}. Only
 * the SHA-256 digest of each key is configured, never the key itself.
 *
 * @param apiKeys the configured keys
 */
@ConfigurationProperties("llmcache")
@Validated
record ApiKeyProperties(@Valid List<ApiKey> apiKeys) {

	ApiKeyProperties {
		apiKeys = (apiKeys != null) ? List.copyOf(apiKeys) : List.of();
	}

	/**
	 * One API key.
	 *
	 * @param id a name for the key that appears in audit logs, never secret
	 * @param sha256 the lower- or upper-case hex SHA-256 digest of the key
	 * @param tenant the tenant the key acts for, {@code ^[a-z0-9][a-z0-9._-]{0,63}$}
	 * @param roles the roles granted: {@code read}, {@code write}, {@code admin}
	 */
	record ApiKey(@NotBlank String id, @NotNull @Pattern(regexp = "^[0-9a-fA-F]{64}$") String sha256,
			@NotNull @Pattern(regexp = Tenants.NAME_PATTERN) String tenant, @NotEmpty Set<@NotNull Role> roles) {

	}

}
