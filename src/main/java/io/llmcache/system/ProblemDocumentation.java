package io.llmcache.system;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents the problems an operation answers in its OpenAPI description: one response
 * per status, {@code application/problem+json} with the {@value #SCHEMA} schema, and one
 * example per {@link ProblemType} in the shape {@link ProblemDetailsAdvice} really sends
 * (with {@code retryable} where it sends it, with {@code errors} for bean validation).
 */
public final class ProblemDocumentation {

	/** The media type of every problem. */
	public static final String MEDIA_TYPE = "application/problem+json";

	/** The name of the problem schema among the document's components. */
	static final String SCHEMA = "Problem";

	private static final String SAMPLE_ENTRY_ID = "c3VwcG9ydAAtcRZCtyawRAFifKn7rDL1yFMPsZA8xNsCJYcXkhpIgQECAwQFBgcICQ";

	private ProblemDocumentation() {
	}

	/**
	 * The problem schema: the members of RFC 9457 the service fills in and its two
	 * extensions.
	 * @return the schema
	 */
	static Schema<?> problemSchema() {
		Schema<?> fieldError = new ObjectSchema()
			.addProperty("field",
					new StringSchema().description("The field, such as tags[0]; empty for the whole body"))
			.addProperty("message", new StringSchema().description("What is wrong with it"));
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type",
					new StringSchema().format("uri")
						.description("Stable URI of the kind of problem: switch on this")
						.example(ProblemType.STORE_UNAVAILABLE.type().toString()))
			.addProperty("title", new StringSchema().description("Short human summary of the kind of problem"))
			.addProperty("status", new IntegerSchema().description("The HTTP status"))
			.addProperty("detail", new StringSchema().description("What went wrong with this request"))
			.addProperty("instance", new StringSchema().format("uri-reference").description("The request path"))
			.addProperty("retryable",
					new BooleanSchema()
						.description("Whether the same request may succeed later (service-side problems)"))
			.addProperty("errors",
					new ArraySchema().items(fieldError).description("For validation: each invalid field"))
			.required(List.of("type", "title", "status"));
	}

	/**
	 * Adds a problem to an operation's responses, with its usual detail.
	 * @param operation the operation
	 * @param handler its handler method, for the example's {@code instance}
	 * @param type the problem
	 */
	static void add(Operation operation, HandlerMethod handler, ProblemType type) {
		add(operation, handler, type, type.title(), detailOf(type));
	}

	/**
	 * Adds a problem to an operation's responses. Problems of the same status share one
	 * response, with one example each.
	 * @param operation the operation
	 * @param handler its handler method, for the example's {@code instance}
	 * @param type the problem
	 * @param description when this operation answers it
	 * @param detail the example's {@code detail}
	 */
	public static void add(Operation operation, HandlerMethod handler, ProblemType type, String description,
			String detail) {
		Map<String, Object> extensions = sentAsApiException(type) ? Map.of("retryable", retryable(type)) : Map.of();
		add(operation, type, description, example(type, detail, instanceOf(handler), extensions));
	}

	/**
	 * Adds a bean-validation problem of the request body, with its {@code errors} list
	 * naming the first constrained field of the body.
	 * @param operation the operation
	 * @param handler its handler method
	 * @param body the type of the body
	 */
	static void addBodyValidation(Operation operation, HandlerMethod handler, Class<?> body) {
		Map.Entry<String, String> error = firstConstraintOf(body);
		add(operation, ProblemType.VALIDATION, "A field of the body is invalid (each one in errors)",
				example(ProblemType.VALIDATION, error.getKey() + " " + error.getValue(), instanceOf(handler),
						Map.of("errors", List.of(Map.of("field", error.getKey(), "message", error.getValue())))));
	}

	/**
	 * Adds a bean-validation problem of a path or query parameter.
	 * @param operation the operation
	 * @param handler its handler method
	 */
	static void addParameterValidation(Operation operation, HandlerMethod handler) {
		add(operation, ProblemType.VALIDATION, "A path or query parameter is invalid",
				example(ProblemType.VALIDATION, "A request parameter is invalid", instanceOf(handler), Map.of()));
	}

	/**
	 * A field of the body and what bean validation says when it fails its first
	 * constraint, in the default words of Hibernate Validator.
	 */
	private static Map.Entry<String, String> firstConstraintOf(Class<?> body) {
		for (Field field : body.getDeclaredFields()) {
			for (Annotation constraint : field.getAnnotations()) {
				String message = messageOf(constraint);
				if (message != null) {
					return Map.entry(field.getName(), message);
				}
			}
		}
		return Map.entry("", "The body is invalid");
	}

	private static String messageOf(Annotation constraint) {
		if (constraint instanceof NotNull) {
			return "must not be null";
		}
		if (constraint instanceof NotBlank) {
			return "must not be blank";
		}
		if (constraint instanceof Pattern pattern) {
			return "must match \"" + pattern.regexp() + "\"";
		}
		if (constraint instanceof Size size) {
			return "size must be between " + size.min() + " and " + size.max();
		}
		return null;
	}

	private static void add(Operation operation, ProblemType type, String description, Example example) {
		if (operation.getResponses() == null) {
			operation.setResponses(new ApiResponses());
		}
		String status = String.valueOf(type.status().value());
		ApiResponse response = operation.getResponses().get(status);
		if (response == null || response.getContent() == null || response.getContent().get(MEDIA_TYPE) == null) {
			response = new ApiResponse().description(description)
				.content(new Content().addMediaType(MEDIA_TYPE,
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA))));
			operation.getResponses().addApiResponse(status, response);
		}
		MediaType problem = response.getContent().get(MEDIA_TYPE);
		if (problem.getExamples() != null && problem.getExamples().containsKey(slugOf(type))) {
			return;
		}
		if (problem.getExamples() != null) {
			response.setDescription(response.getDescription() + "; or " + description);
		}
		problem.addExamples(slugOf(type), example);
		sortByStatus(operation.getResponses());
	}

	private static Example example(ProblemType type, String detail, String instance, Map<String, Object> extensions) {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("type", type.type().toString());
		value.put("title", type.title());
		value.put("status", type.status().value());
		value.put("detail", detail);
		value.put("instance", instance);
		value.putAll(extensions);
		return new Example().summary(type.title()).value(value);
	}

	/**
	 * Whether the advice renders the problem from an {@link ApiException}, the only kind
	 * that carries {@code retryable}; the others come from Spring MVC's own exceptions.
	 */
	private static boolean sentAsApiException(ProblemType type) {
		return switch (type) {
			case MALFORMED_BODY, BODY_TOO_LARGE, UNSUPPORTED, NOT_FOUND -> false;
			default -> true;
		};
	}

	private static boolean retryable(ProblemType type) {
		return switch (type) {
			case CONFLICT, TOO_MANY_INVALIDATIONS, STORE_UNAVAILABLE, UPSTREAM_UNREACHABLE, UPSTREAM_TIMEOUT,
					UPSTREAM_BUSY ->
				true;
			default -> false;
		};
	}

	/** A typical detail of each problem, in the words the service uses. */
	private static String detailOf(ProblemType type) {
		return switch (type) {
			case VALIDATION -> "X-Cache-TTL must be a positive number of seconds";
			case MALFORMED_BODY -> "The body is not valid JSON of the expected shape";
			case MALFORMED_REQUEST -> "The request line, a header or the path is malformed or over the size limits";
			case BODY_TOO_LARGE -> "The request body is larger than 4194304 bytes";
			case PROMPT_TOO_LARGE -> "The request is 610342 bytes as the cache keys it; at most 524288 are cached";
			case UNAUTHENTICATED -> "The API key is not known";
			case FORBIDDEN -> "API key 'support-app' lacks the role admin";
			case ENTRY_NOT_FOUND -> "No entry '" + SAMPLE_ENTRY_ID + "' in this tenant";
			case NOT_FOUND -> "No such endpoint";
			case CONFLICT -> "A concurrent change won and nothing was changed; read again and retry";
			case STALE_STORE_TOKEN -> "Invalidation inv_01JDX5W3 was recorded after the lookup and covers this "
					+ "entry; it was not cached.";
			case TOO_MANY_INVALIDATIONS -> "The namespace already has 10000 invalidations in force; they expire with "
					+ "the entries they cover. Invalidate more broadly (e.g. by model or all) instead.";
			case UNSUPPORTED -> "Content-Type 'text/plain' is not supported.";
			case STORE_UNAVAILABLE -> "The cache store did not answer in time; the operation took effect whole or not "
					+ "at all. Retry later.";
			case UPSTREAM_NOT_CONFIGURED ->
				"Set llmcache.proxy.upstream.base-url to the OpenAI-compatible API to " + "forward to";
			case UPSTREAM_UNREACHABLE -> "The upstream could not be reached";
			case UPSTREAM_TIMEOUT -> "The upstream did not answer within 120 s";
			case UPSTREAM_BUSY -> "The upstream failed repeatedly; calls are paused for a while (circuit open)";
			case INTERNAL -> "The service failed unexpectedly; it has been logged.";
		};
	}

	private static String slugOf(ProblemType type) {
		String uri = type.type().toString();
		return uri.substring(uri.lastIndexOf('/') + 1);
	}

	/** The request path of an operation, with sample values for its variables. */
	private static String instanceOf(HandlerMethod handler) {
		String path = pathOf(AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class))
				+ pathOf(AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class));
		return path.replace("{entryId}", SAMPLE_ENTRY_ID).replace("{namespace}", "support");
	}

	private static String pathOf(RequestMapping mapping) {
		return (mapping != null && mapping.path().length > 0) ? mapping.path()[0] : "";
	}

	private static void sortByStatus(ApiResponses responses) {
		List<Map.Entry<String, ApiResponse>> sorted = new ArrayList<>(responses.entrySet());
		sorted.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
		responses.clear();
		sorted.forEach((entry) -> responses.addApiResponse(entry.getKey(), entry.getValue()));
	}

}
