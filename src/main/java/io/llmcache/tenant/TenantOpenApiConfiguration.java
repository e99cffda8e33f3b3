package io.llmcache.tenant;

import java.util.Locale;

import io.llmcache.system.ProblemDocumentation;
import io.llmcache.system.ProblemType;
import org.springdoc.core.customizers.GlobalOperationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Documents what {@link ApiKeyInterceptor} answers on every operation of the API: 401
 * without a known key, 403 without the role the handler's {@link RequiresRole} names.
 * Here rather than beside the other problems, because the system package must not depend
 * on this one.
 */
@Configuration(proxyBeanMethods = false)
class TenantOpenApiConfiguration {

	@Bean
	GlobalOperationCustomizer apiKeyProblemsCustomizer() {
		return (operation, handler) -> {
			RequiresRole requirement = handler.getMethodAnnotation(RequiresRole.class);
			if (requirement != null || handler.hasMethodAnnotation(AnyKey.class)) {
				ProblemDocumentation.add(operation, handler, ProblemType.UNAUTHENTICATED,
						"No `Authorization: Bearer <key>` header, or a key that is not configured",
						"The API key is not known");
			}
			if (requirement != null) {
				String role = requirement.value().name().toLowerCase(Locale.ROOT);
				ProblemDocumentation.add(operation, handler, ProblemType.FORBIDDEN,
						"The API key lacks the role `" + role + "`", "API key 'support-app' lacks the role " + role);
			}
			return operation;
		};
	}

}
