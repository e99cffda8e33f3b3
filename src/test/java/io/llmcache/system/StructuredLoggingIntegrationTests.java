package io.llmcache.system;

import java.util.List;

import io.llmcache.ApiClient;
import io.llmcache.IntegrationTest;
import io.llmcache.TestApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring Boot's structured logging switched on, every event is one JSON line, and a
 * line break a caller sent stays inside its event.
 */
@IntegrationTest
@TestPropertySource(properties = "logging.structured.format.console=ecs")
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void eachEventIsOneJsonLine(CapturedOutput output) {
		new ApiClient(this.port).post("/v1/admin/invalidations", TestApiKeys.ACME_ADMIN, """
				{"namespace":"structured-logs","promptPrefix":"first\\nsecond"}""");
		JsonMapper json = JsonMapper.builder().build();
		List<String> lines = output.getOut().lines().filter((line) -> line.contains("structured-logs")).toList();
		assertThat(lines).hasSize(1);
		JsonNode event = json.readTree(lines.get(0));
		assertThat(event.get("log").get("level").asString()).isEqualTo("INFO");
		assertThat(event.get("message").asString()).contains("first\nsecond");
	}

}
