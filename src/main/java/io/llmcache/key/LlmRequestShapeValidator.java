package io.llmcache.key;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Checks the shape of a request description that field annotations cannot express (see
 * {@link LlmRequestShape}), reporting each violation on its field.
 */
class LlmRequestShapeValidator implements ConstraintValidator<ValidLlmRequest, DescribesLlmRequest> {

	@Override
	public boolean isValid(DescribesLlmRequest request, ConstraintValidatorContext context) {
		if (request == null) {
			return true;
		}
		context.disableDefaultConstraintViolation();
		boolean[] any = new boolean[1];
		LlmRequestShape.check(request.messages(), request.prompt(), request.tools(), (field, message) -> {
			any[0] = true;
			context.buildConstraintViolationWithTemplate(message).addPropertyNode(field).addConstraintViolation();
		});
		return !any[0];
	}

}
