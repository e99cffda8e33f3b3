package io.llmcache.system;

import java.lang.annotation.Annotation;
import java.util.Arrays;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.validation.Constraint;
import jakarta.validation.Valid;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springdoc.core.models.GroupedOpenApi;
import org.springdoc.core.utils.SpringDocUtils;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI documents and Swagger UI: a {@code client} group for the cache API, a
 * {@code proxy} group for the OpenAI-compatible proxy and an {@code admin} group for
 * administration, both behind the bearer API key so that Swagger UI's "Authorize" button
 * works. Every operation documents its problems ({@link ProblemDocumentation}): those its
 * signature implies here, 401 and 403 from the tenant package, the rest from
 * {@link ProblemResponses}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String API_KEY_SCHEME = "apiKey";

	static {
		// Free JSON (a response, a message, a selector) is an object to the caller; left
		// alone, the schema would list JsonNode's own accessors (valueNode,
		// container...).
		SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new ObjectSchema());
	}

	@Bean
	OpenAPI llmCacheOpenApi() {
		// Swagger UI renders descriptions as Markdown: <key> outside a code span would
		// be taken for an HTML tag and swallowed.
		return new OpenAPI()
			.info(new Info().title("llm-cache")
				.version("v1")
				.description("LLM response cache. Authorize with an API key: `Authorization: Bearer <key>`."))
			.components(new Components()
				.addSecuritySchemes(API_KEY_SCHEME,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("A cache API key, sent as `Authorization: Bearer <key>`; "
									+ "the key alone decides the tenant and roles"))
				.addSchemas(ProblemDocumentation.SCHEMA, ProblemDocumentation.problemSchema()))
			.addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME));
	}

	/**
	 * The problems every operation can answer by its signature: a body can be malformed,
	 * too large or (with {@code @Valid}) invalid, a constrained parameter invalid; and
	 * those its {@link ProblemResponses} names.
	 * @return the customizer, for every group
	 */
	@Bean
	GlobalOperationCustomizer problemResponsesCustomizer() {
		return (operation, handler) -> {
			MethodParameter body = bodyOf(handler);
			if (body != null) {
				if (body.hasParameterAnnotation(Valid.class)) {
					ProblemDocumentation.addBodyValidation(operation, handler, body.getParameterType());
				}
				ProblemDocumentation.add(operation, handler, ProblemType.MALFORMED_BODY);
				ProblemDocumentation.add(operation, handler, ProblemType.BODY_TOO_LARGE);
			}
			if (hasConstrainedParameter(handler)) {
				ProblemDocumentation.addParameterValidation(operation, handler);
			}
			ProblemResponses declared = handler.getMethodAnnotation(ProblemResponses.class);
			if (declared != null) {
				Arrays.stream(declared.value()).forEach((type) -> ProblemDocumentation.add(operation, handler, type));
			}
			ProblemDocumentation.add(operation, handler, ProblemType.INTERNAL);
			return operation;
		};
	}

	@Bean
	GroupedOpenApi clientApi() {
		return GroupedOpenApi.builder()
			.group("client")
			.pathsToMatch("/v1/cache/**", "/v1/prefix/**", "/v1/caller")
			.build();
	}

	@Bean
	GroupedOpenApi proxyApi() {
		return GroupedOpenApi.builder().group("proxy").pathsToMatch("/openai/**").build();
	}

	@Bean
	GroupedOpenApi adminApi() {
		return GroupedOpenApi.builder().group("admin").pathsToMatch("/v1/admin/**").build();
	}

	private static MethodParameter bodyOf(HandlerMethod handler) {
		return Arrays.stream(handler.getMethodParameters())
			.filter((parameter) -> parameter.hasParameterAnnotation(RequestBody.class))
			.findFirst()
			.orElse(null);
	}

	private static boolean hasConstrainedParameter(HandlerMethod handler) {
		return Arrays.stream(handler.getMethodParameters())
			.filter((parameter) -> !parameter.hasParameterAnnotation(RequestBody.class))
			.flatMap((parameter) -> Arrays.stream(parameter.getParameterAnnotations()))
			.map(Annotation::annotationType)
			.anyMatch((type) -> type.isAnnotationPresent(Constraint.class));
	}

}
