package io.llmcache.entry.near;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * For test slices that make repositories without the near-cache's configuration: every
 * read goes to Redis.
 */
@TestConfiguration(proxyBeanMethods = false)
public class NoNearCache {

	@Bean
	NearCache nearCache() {
		return NearCache.off();
	}

}
