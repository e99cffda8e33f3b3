package io.llmcache.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error path as problem details, in place of Boot's {@code BasicErrorController}
 * (whose answer is not problem details, and a 500 with status 999 when called directly).
 * Errors reach it when a filter or the container sends an error status; a direct call is
 * not an error and is answered as an unknown endpoint.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (!(code instanceof Integer status) || status < 400) {
			return ResponseEntity.status(ProblemType.NOT_FOUND.status())
				.body(ProblemType.NOT_FOUND.problem("No such endpoint", request.getRequestURI()));
		}
		ProblemType type = ProblemType.forStatus(status);
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		ProblemDetail problem = type.problem(null, (uri instanceof String path) ? path : null);
		problem.setStatus(status);
		return ResponseEntity.status(status).body(problem);
	}

}
