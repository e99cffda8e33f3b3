package io.llmcache.key;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The request description has exactly one of {@code messages} and {@code prompt}, and its
 * messages have the OpenAI shape.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = LlmRequestShapeValidator.class)
@Documented
public @interface ValidLlmRequest {

	String message() default "is not a valid LLM request";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
