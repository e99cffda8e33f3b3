package io.llmcache.system;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error page as problem details. Tomcat answers some requests itself before any
 * servlet sees them (headers over the limit, a NUL in a header, an encoded NUL or slash
 * in the path) and renders them with this valve, which by default writes an HTML page.
 * The detail is fixed per status: Tomcat's own message may echo the refused input.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		ProblemType type = ProblemType.forStatus(status);
		String body = """
				{"type":"%s","title":"%s","status":%d,"detail":"%s"}""".formatted(type.type(), type.title(), status,
				detail(status));
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is gone or the response was committed meanwhile: nothing to
			// tell the caller.
		}
	}

	private static String detail(int status) {
		return switch (status) {
			case 400 -> "The request line, a header or the path is malformed or over the size limits";
			case 404 -> "No such endpoint";
			case 505 -> "HTTP version not supported";
			default -> "The server refused the request before it reached the service";
		};
	}

}
