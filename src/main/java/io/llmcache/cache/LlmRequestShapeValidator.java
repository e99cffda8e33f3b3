package io.llmcache.cache;

import java.util.List;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import tools.jackson.databind.JsonNode;

/**
 * Checks the shape of a request description that field annotations cannot express: one of
 * {@code messages} or {@code prompt}; each message an object with a string {@code role}
 * and a {@code content} that is a string, an array of typed parts, or absent; tools are
 * objects. Each violation names the field, e.g. {@code messages[2].role}.
 *
 * @author llm-cache developers
 */
class LlmRequestShapeValidator implements ConstraintValidator<ValidLlmRequest, DescribesLlmRequest> {

	private static final int MAX_ROLE_LENGTH = 64;

	private static final int MAX_CONTENT_PARTS = 512;

	@Override
	public boolean isValid(DescribesLlmRequest request, ConstraintValidatorContext context) {
		if (request == null) {
			return true;
		}
		context.disableDefaultConstraintViolation();
		Violations violations = new Violations(context);
		if ((request.messages() == null) == (request.prompt() == null)) {
			violations.add("messages", "exactly one of 'messages' and 'prompt' is required");
		}
		if (request.messages() != null) {
			if (request.messages().isEmpty()) {
				violations.add("messages", "must not be empty");
			}
			for (int i = 0; i < request.messages().size(); i++) {
				checkMessage("messages[" + i + "]", request.messages().get(i), violations);
			}
		}
		List<JsonNode> tools = request.tools();
		if (tools != null) {
			for (int i = 0; i < tools.size(); i++) {
				if (tools.get(i) == null || !tools.get(i).isObject()) {
					violations.add("tools[" + i + "]", "must be an object");
				}
			}
		}
		return violations.none();
	}

	private static void checkMessage(String path, JsonNode message, Violations violations) {
		if (message == null || !message.isObject()) {
			violations.add(path, "must be an object");
			return;
		}
		JsonNode role = message.get("role");
		if (role == null || !role.isString() || role.stringValue().isBlank()
				|| role.stringValue().length() > MAX_ROLE_LENGTH) {
			violations.add(path + ".role", "must be a non-blank string of at most " + MAX_ROLE_LENGTH + " characters");
		}
		JsonNode content = message.get("content");
		if (content == null || content.isNull() || content.isString()) {
			return;
		}
		if (!content.isArray()) {
			violations.add(path + ".content", "must be a string, an array of content parts, or null");
			return;
		}
		if (content.size() > MAX_CONTENT_PARTS) {
			violations.add(path + ".content", "must have at most " + MAX_CONTENT_PARTS + " parts");
		}
		for (int i = 0; i < content.size(); i++) {
			JsonNode part = content.get(i);
			String partPath = path + ".content[" + i + "]";
			if (!part.isObject() || !part.path("type").isString()) {
				violations.add(partPath, "must be an object with a string 'type'");
			}
			else if ("text".equals(part.get("type").stringValue()) && !part.path("text").isString()) {
				violations.add(partPath + ".text", "must be a string in a part of type 'text'");
			}
		}
	}

	private static final class Violations {

		private final ConstraintValidatorContext context;

		private boolean any;

		Violations(ConstraintValidatorContext context) {
			this.context = context;
		}

		void add(String field, String message) {
			this.any = true;
			this.context.buildConstraintViolationWithTemplate(message).addPropertyNode(field).addConstraintViolation();
		}

		boolean none() {
			return !this.any;
		}

	}

}
