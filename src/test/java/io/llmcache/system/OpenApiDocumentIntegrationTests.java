package io.llmcache.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.TestApiKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI documents as Swagger UI reads them from the running service: every
 * operation of the API documents its problems as {@code application/problem+json} with
 * examples, and the schemas show only the API's own fields.
 */
@IntegrationTest
class OpenApiDocumentIntegrationTests {

	/** What a Jackson {@code JsonNode} or an internal accessor leaks into a schema. */
	private static final Set<String> INTERNALS = Set.of("valueNode", "container", "missingNode", "nodeType",
			"specified", "pojo", "embeddedValue");

	private static final String PROBLEM = "application/problem+json";

	@LocalServerPort
	int port;

	ApiClient api;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void successfulAnswersAreDocumentedWithTheStatusTheServiceSends() {
		JsonNode paths = document("").get("paths");
		assertThat(paths.at("/~1v1~1cache~1entries/post/responses").propertyNames()).contains("201")
			.doesNotContain("200");
		assertThat(paths.at("/~1v1~1cache~1entries~1{entryId}/delete/responses").propertyNames()).contains("204")
			.doesNotContain("200");
		assertThat(paths.at("/~1v1~1cache~1entries~1{entryId}~1feedback/post/responses").propertyNames())
			.contains("204")
			.doesNotContain("200");
	}

	/** Operations that answer every known key, so never 403. */
	private static final Set<String> OPEN_TO_ANY_KEY = Set.of("GET /v1/caller");

	@ParameterizedTest
	@ValueSource(strings = { "", "/client", "/proxy", "/admin" })
	void everyOperationDocumentsItsProblemsAsProblemJsonWithExamples(String group) {
		JsonNode document = document(group);
		List<String> missing = new ArrayList<>();
		List<String> checked = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
			if (!path.getKey().startsWith("/v1/") && !path.getKey().startsWith("/openai/v1/")) {
				continue;
			}
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				String name = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
				checked.add(name);
				JsonNode responses = operation.getValue().get("responses");
				Set<String> expected = new TreeSet<>(List.of("401"));
				if (!OPEN_TO_ANY_KEY.contains(name)) {
					expected.add("403");
				}
				if (operation.getValue().has("requestBody")) {
					expected.addAll(List.of("400", "413"));
				}
				if (path.getKey().contains("{entryId}")) {
					expected.add("404");
				}
				for (String status : expected) {
					if (!responses.has(status)) {
						missing.add(name + " has no " + status);
					}
				}
				for (Map.Entry<String, JsonNode> response : responses.properties()) {
					if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
						JsonNode problem = response.getValue().path("content").path(PROBLEM);
						if (!problem.path("schema").path("$ref").asString("").endsWith("/Problem")) {
							missing.add(name + " " + response.getKey() + " is not " + PROBLEM);
						}
						if (problem.path("examples").isEmpty()) {
							missing.add(name + " " + response.getKey() + " has no example");
						}
					}
				}
			}
		}
		assertThat(checked).isNotEmpty();
		assertThat(missing).isEmpty();
	}

	@Test
	void theProblemSchemaShowsTheFieldsTheServiceSends() {
		JsonNode problem = document("").at("/components/schemas/Problem/properties");
		assertThat(problem.propertyNames()).contains("type", "title", "status", "detail", "instance", "retryable",
				"errors");

		Answer unauthenticated = this.api.get("/v1/cache/entries/nothing", null);
		assertThat(unauthenticated.status()).isEqualTo(401);
		assertThat(unauthenticated.headers().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.isTrue();
		assertThat(problem.propertyNames()).containsAll(unauthenticated.body().propertyNames());

		Answer invalid = this.api.post("/v1/admin/invalidations", TestApiKeys.ACME_ADMIN,
				"{\"namespace\":\"NOT VALID\",\"all\":true,\"dryRun\":true}");
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.body().has("errors")).isTrue();
		assertThat(problem.propertyNames()).containsAll(invalid.body().propertyNames());
	}

	@Test
	void theForbiddenResponseNamesTheRoleTheOperationNeeds() {
		JsonNode paths = document("").get("paths");
		assertThat(paths.at("/~1v1~1admin~1invalidations/post/responses/403/description").asString())
			.contains("`admin`");
		assertThat(paths.at("/~1v1~1cache~1lookup/post/responses/403/description").asString()).contains("`read`");
		assertThat(paths.at("/~1v1~1cache~1entries/post/responses/409/content/application~1problem+json/examples")
			.propertyNames()).contains("stale-store-token");
		assertThat(paths
			.at("/~1v1~1cache~1entries~1{entryId}/get/responses/503/content/application~1problem+json"
					+ "/examples/store-unavailable/value/retryable")
			.booleanValue()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/client", "/proxy", "/admin" })
	void schemasShowNoJacksonInternals(String group) {
		List<String> leaks = new ArrayList<>();
		for (Map.Entry<String, JsonNode> schema : document(group).path("components").path("schemas").properties()) {
			assertThat(schema.getKey()).doesNotContain("JsonNode");
			collectLeaks(schema.getKey(), schema.getValue(), leaks);
		}
		assertThat(leaks).isEmpty();
	}

	@Test
	void theDryRunAndTheRealRunAreBothOneClickAway() {
		JsonNode examples = document("/admin")
			.at("/paths/~1v1~1admin~1invalidations/post/requestBody/content/application~1json/examples");
		JsonNode dryRun = examples.at("/1. Dry run: how many entries carry a tag/value");
		JsonNode realRun = examples.at("/2. Then for real/value");
		assertThat(dryRun.get("dryRun").booleanValue()).isTrue();
		assertThat(realRun.isObject()).isTrue();
		assertThat(realRun.has("dryRun")).isFalse();
		assertThat(realRun.get("tags")).isEqualTo(dryRun.get("tags"));
	}

	@Test
	void theBearerKeyPlaceholderIsInCodeSoSwaggerUiShowsIt() {
		JsonNode document = document("");
		for (String description : List.of(document.at("/info/description").asString(),
				document.at("/components/securitySchemes/apiKey/description").asString())) {
			assertThat(description).contains("`Authorization: Bearer <key>`");
			assertThat(description.replaceAll("`[^`]*`", "")).doesNotContain("<");
		}
	}

	private JsonNode document(String group) {
		Answer answer = this.api.get("/v3/api-docs" + group, null);
		assertThat(answer.status()).isEqualTo(200);
		return answer.body();
	}

	private static void collectLeaks(String where, JsonNode schema, List<String> leaks) {
		if (schema.isObject()) {
			for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
				if (INTERNALS.contains(property.getKey())) {
					leaks.add(where + "." + property.getKey());
				}
			}
			for (Map.Entry<String, JsonNode> member : schema.properties()) {
				collectLeaks(where + "/" + member.getKey(), member.getValue(), leaks);
			}
		}
		else if (schema.isArray()) {
			schema.valueStream().forEach((item) -> collectLeaks(where, item, leaks));
		}
	}

}
