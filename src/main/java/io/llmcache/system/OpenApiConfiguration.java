package io.llmcache.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.models.GroupedOpenApi;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI documents and Swagger UI: a {@code client} group for the cache API, a
 * {@code proxy} group for the OpenAI-compatible proxy and an {@code admin} group for
 * administration, both behind the bearer API key so that Swagger UI's "Authorize" button
 * works.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String API_KEY_SCHEME = "apiKey";

	@Bean
	OpenAPI llmCacheOpenApi() {
		return new OpenAPI()
			.info(new Info().title("llm-cache")
				.version("v1")
				.description("LLM response cache. Authorize with an API key: 'Authorization: Bearer <key>'."))
			.components(new Components().addSecuritySchemes(API_KEY_SCHEME,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("A cache API key; the key alone decides the tenant and roles")))
			.addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME));
	}

	@Bean
	GroupedOpenApi clientApi() {
		return GroupedOpenApi.builder().group("client").pathsToMatch("/v1/cache/**", "/v1/prefix/**").build();
	}

	@Bean
	GroupedOpenApi proxyApi() {
		return GroupedOpenApi.builder().group("proxy").pathsToMatch("/openai/**").build();
	}

	@Bean
	GroupedOpenApi adminApi() {
		return GroupedOpenApi.builder().group("admin").pathsToMatch("/v1/admin/**").build();
	}

}
