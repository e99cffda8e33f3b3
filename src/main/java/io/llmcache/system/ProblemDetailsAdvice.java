package io.llmcache.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Renders every error as RFC 9457 problem details with a stable {@code type} from
 * {@link ProblemType}, the request path as {@code instance}, and a {@code retryable}
 * extension where the caller may retry. Never a stack trace or a class name. Client
 * errors are logged at DEBUG or WARN, server errors at ERROR.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ProblemDetail> handleApiException(ApiException ex, HttpServletRequest request) {
		ProblemType type = ex.problemType();
		if (type.status().is5xxServerError() && !ex.retryable()) {
			logger.error("{} on {}", type.title(), request.getRequestURI(), ex);
		}
		else {
			logger.debug("{} on {}: {}", type.title(), request.getRequestURI(), ex.getMessage());
		}
		ProblemDetail problem = type.problem(ex.getMessage(), request.getRequestURI());
		problem.setProperty("retryable", ex.retryable());
		return ResponseEntity.status(type.status()).body(problem);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex, HttpServletRequest request) {
		logger.error("Unexpected failure on {}", request.getRequestURI(), ex);
		ProblemDetail problem = ProblemType.INTERNAL.problem("The service failed unexpectedly; it has been logged.",
				request.getRequestURI());
		problem.setProperty("retryable", false);
		return ResponseEntity.status(ProblemType.INTERNAL.status()).body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		addErrors(ex.getBindingResult(), errors);
		return validationProblem(errors, request);
	}

	/**
	 * Names every invalid parameter and body field, as for a body alone: a handler whose
	 * path variables or parameters are constrained too reports its body's errors here.
	 */
	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			if (result instanceof ParameterErrors body) {
				addErrors(body, errors);
				continue;
			}
			String name = Objects.requireNonNullElse(result.getMethodParameter().getParameterName(), "");
			result.getResolvableErrors()
				.forEach((error) -> errors
					.add(Map.of("field", name, "message", String.valueOf(error.getDefaultMessage()))));
		}
		return validationProblem(errors, request);
	}

	/** The object-level errors (field "") and the field errors of a validated body. */
	private static void addErrors(Errors body, List<Map<String, String>> errors) {
		body.getGlobalErrors()
			.forEach((error) -> errors.add(Map.of("field", "", "message", String.valueOf(error.getDefaultMessage()))));
		for (FieldError error : body.getFieldErrors()) {
			errors.add(Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())));
		}
	}

	private ResponseEntity<Object> validationProblem(List<Map<String, String>> errors, WebRequest request) {
		ProblemDetail problem = ProblemType.VALIDATION.problem(describe(errors), path(request));
		problem.setProperty("errors", errors);
		logger.debug("Invalid request on {}: {}", path(request), errors);
		return ResponseEntity.status(ProblemType.VALIDATION.status()).body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (hasCause(ex, BodyTooLargeException.class)) {
			BodyTooLargeException tooLarge = findCause(ex, BodyTooLargeException.class);
			return ResponseEntity.status(ProblemType.BODY_TOO_LARGE.status())
				.body(ProblemType.BODY_TOO_LARGE.problem(tooLarge.getMessage(), path(request)));
		}
		logger.debug("Unreadable body on {}: {}", path(request), ex.getMessage());
		return ResponseEntity.status(ProblemType.MALFORMED_BODY.status())
			.body(ProblemType.MALFORMED_BODY.problem(readableReason(ex), path(request)));
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return ResponseEntity.status(ProblemType.NOT_FOUND.status())
			.body(ProblemType.NOT_FOUND.problem("No such endpoint", path(request)));
	}

	/**
	 * The remaining framework errors (unsupported method or media type, missing
	 * parameters, ...) keep their status and get a stable type.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ProblemType type = statusCode.is5xxServerError() ? ProblemType.INTERNAL : ProblemType.UNSUPPORTED;
		ProblemDetail problem = type.problem((body instanceof ProblemDetail detail) ? detail.getDetail() : null,
				path(request));
		problem.setStatus(statusCode.value());
		if (statusCode.is5xxServerError()) {
			logger.error("Failure on {}", path(request), ex);
		}
		return ResponseEntity.status(statusCode).headers(headers).body(problem);
	}

	private static String describe(List<Map<String, String>> errors) {
		StringBuilder detail = new StringBuilder();
		for (Map<String, String> error : errors) {
			if (!detail.isEmpty()) {
				detail.append("; ");
			}
			if (!error.get("field").isEmpty()) {
				detail.append(error.get("field")).append(' ');
			}
			detail.append(error.get("message"));
		}
		return detail.toString();
	}

	/**
	 * A reason for an unreadable body that names no Java type: Jackson's messages name
	 * the target class, so only the kind of problem is passed on.
	 */
	private static String readableReason(HttpMessageNotReadableException ex) {
		String message = String.valueOf(ex.getMostSpecificCause().getMessage());
		if (message.contains("Nesting depth") || message.contains("nesting depth")) {
			return "The JSON body is nested too deeply";
		}
		if (message.contains("length") && message.contains("exceeds")) {
			return "A JSON string or number in the body is too long";
		}
		if (message.startsWith("Required request body is missing")) {
			return "A JSON body is required";
		}
		return "The body is not valid JSON of the expected shape";
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		return findCause(ex, type) != null;
	}

	private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private static String path(WebRequest request) {
		return (request instanceof ServletWebRequest servlet) ? servlet.getRequest().getRequestURI() : null;
	}

}
