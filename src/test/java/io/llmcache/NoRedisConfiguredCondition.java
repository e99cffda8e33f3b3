package io.llmcache;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when no Redis is configured: none of {@code spring.data.redis.host},
 * {@code url}, {@code cluster.nodes} or {@code sentinel.master} is set.
 */
class NoRedisConfiguredCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		return !environment.containsProperty("spring.data.redis.host")
				&& !environment.containsProperty("spring.data.redis.url")
				&& !environment.containsProperty("spring.data.redis.cluster.nodes")
				&& !environment.containsProperty("spring.data.redis.sentinel.master");
	}

}
