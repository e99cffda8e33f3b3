package io.llmcache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * A plain HTTP client for the service under test: sends JSON text, returns the status and
 * the parsed body, never throws on 4xx or 5xx.
 */
public final class ApiClient {

	private final RestClient http;

	// Numbers exactly as the service sent them, even beyond double range
	private final JsonMapper json = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
		.build();

	public ApiClient(int port) {
		// The JDK's client, explicitly: Apache HttpClient (on the class path for the
		// proxy)
		// would retry 429 and 503 answers by itself and hide what the service answered.
		this.http = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.baseUrl("http://127.0.0.1:" + port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	/**
	 * POSTs a JSON body.
	 * @param path the path
	 * @param apiKey the bearer key, or {@code null} for none
	 * @param body the JSON text
	 * @return the answer
	 */
	public Answer post(String path, String apiKey, String body) {
		return post(path, apiKey, body, Map.of());
	}

	/**
	 * POSTs a JSON body with extra headers.
	 * @param path the path
	 * @param apiKey the bearer key, or {@code null} for none
	 * @param body the JSON text
	 * @param headers extra headers
	 * @return the answer
	 */
	public Answer post(String path, String apiKey, String body, Map<String, String> headers) {
		return this.http.post().uri(path).headers((h) -> {
			authorize(h, apiKey);
			headers.forEach(h::add);
		}).contentType(MediaType.APPLICATION_JSON).body(body).exchange((request, response) -> read(response));
	}

	public Answer put(String path, String apiKey, String body) {
		return this.http.put()
			.uri(path)
			.headers((h) -> authorize(h, apiKey))
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange((request, response) -> read(response));
	}

	public Answer get(String path, String apiKey) {
		return this.http.get()
			.uri(path)
			.headers((h) -> authorize(h, apiKey))
			.exchange((request, response) -> read(response));
	}

	public Answer delete(String path, String apiKey) {
		return this.http.delete()
			.uri(path)
			.headers((h) -> authorize(h, apiKey))
			.exchange((request, response) -> read(response));
	}

	private Answer read(ClientHttpResponse response) throws IOException {
		String text = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
		MediaType type = response.getHeaders().getContentType();
		boolean isJson = type != null && (type.isCompatibleWith(MediaType.APPLICATION_JSON)
				|| type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON) || type.getSubtype().endsWith("+json"));
		JsonNode body = text.isBlank() ? this.json.missingNode()
				: isJson ? this.json.readTree(text) : this.json.getNodeFactory().stringNode(text);
		return new Answer(response.getStatusCode().value(), response.getHeaders(), body);
	}

	private static void authorize(HttpHeaders headers, String apiKey) {
		if (apiKey != null) {
			headers.setBearerAuth(apiKey);
		}
	}

	/**
	 * An HTTP answer.
	 *
	 * @param status the status code
	 * @param headers the headers
	 * @param body the parsed JSON body, a string node for other content, missing if empty
	 */
	public record Answer(int status, HttpHeaders headers, JsonNode body) {

	}

}
