package io.llmcache.tenant;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.llmcache.system.Digests;

import org.springframework.stereotype.Component;

/**
 * Resolves a presented API key to its {@link Caller} by the key's SHA-256 digest. The
 * clear-text key is never stored; it is hashed on every request (a few microseconds).
 */
@Component
class ApiKeyRegistry {

	private final Map<String, Caller> callersByDigest;

	ApiKeyRegistry(ApiKeyProperties properties) {
		Map<String, Caller> callers = new HashMap<>();
		for (ApiKeyProperties.ApiKey key : properties.apiKeys()) {
			Caller previous = callers.put(key.sha256().toLowerCase(Locale.ROOT),
					new Caller(key.id(), key.tenant(), key.roles()));
			if (previous != null) {
				throw new IllegalStateException(
						"API keys '" + previous.keyId() + "' and '" + key.id() + "' have the same digest");
			}
		}
		this.callersByDigest = Map.copyOf(callers);
	}

	Optional<Caller> authenticate(String presentedKey) {
		return Optional.ofNullable(this.callersByDigest.get(Digests.sha256Hex(presentedKey)));
	}

}
