package io.llmcache.semantic;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Embeds texts with a remote OpenAI-compatible embeddings API: {@code POST
 * {baseUrl}/embeddings} with {@code {"model", "input": [...], "encoding_format":
 * "float"}}, answered by {@code {"data": [{"index", "embedding": [...]}]}} (OpenAI, Azure
 * OpenAI behind a gateway, vLLM, Ollama, LiteLLM, ...).
 * <p>
 * The base URL, key and model come from configuration only, never from a caller, so a
 * request cannot make the service send its key or its users' texts elsewhere. Every call
 * is bounded: connect and request timeouts, at most {@code maxInputChars} per text,
 * {@code maxBatchSize} texts per request, and {@value #MAX_RESPONSE_BYTES} bytes of
 * answer. Vectors are normalized again here, since not every compatible server normalizes
 * them.
 */
public final class OpenAiEmbedder implements Embedder {

	static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

	private static final JsonMapper json = JsonMapper.builder().build();

	private final URI endpoint;

	private final String apiKey;

	private final String model;

	private final int dimensions;

	private final Duration timeout;

	private final int maxInputChars;

	private final int maxBatchSize;

	private final HttpClient client;

	/**
	 * Creates a remote embedder.
	 * @param settings where and how to call
	 * @param maxInputChars the longest text accepted, in characters
	 */
	public OpenAiEmbedder(Settings settings, int maxInputChars) {
		String base = settings.baseUrl().toString();
		this.endpoint = URI.create(base.endsWith("/") ? base + "embeddings" : base + "/embeddings");
		this.apiKey = settings.apiKey();
		this.model = settings.model();
		this.dimensions = settings.dimensions();
		this.timeout = settings.timeout();
		this.maxInputChars = maxInputChars;
		this.maxBatchSize = settings.maxBatchSize();
		this.client = HttpClient.newBuilder()
			.connectTimeout(settings.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	@Override
	public String name() {
		return "openai:" + this.model;
	}

	@Override
	public int dimensions() {
		return this.dimensions;
	}

	@Override
	public float[] embed(String text) {
		return embedAll(List.of(text)).get(0);
	}

	@Override
	public List<float[]> embedAll(List<String> texts) {
		for (String text : texts) {
			if (text.length() > this.maxInputChars) {
				throw new EmbeddingException("Text of " + text.length() + " characters is longer than "
						+ this.maxInputChars + " characters");
			}
		}
		List<float[]> vectors = new ArrayList<>(texts.size());
		for (int from = 0; from < texts.size(); from += this.maxBatchSize) {
			vectors.addAll(call(texts.subList(from, Math.min(texts.size(), from + this.maxBatchSize))));
		}
		return vectors;
	}

	private List<float[]> call(List<String> texts) {
		ObjectNode body = json.createObjectNode();
		body.put("model", this.model);
		ArrayNode input = body.putArray("input");
		texts.forEach(input::add);
		body.put("encoding_format", "float");
		HttpRequest.Builder request = HttpRequest.newBuilder(this.endpoint)
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
		if (this.apiKey != null && !this.apiKey.isBlank()) {
			request.header("Authorization", "Bearer " + this.apiKey);
		}
		HttpResponse<InputStream> response;
		try {
			response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (HttpTimeoutException ex) {
			throw new EmbeddingException("Embeddings service did not answer within " + this.timeout, ex);
		}
		catch (IOException ex) {
			throw new EmbeddingException("Embeddings service could not be reached: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EmbeddingException("Interrupted while waiting for the embeddings service", ex);
		}
		try (InputStream stream = response.body()) {
			byte[] bytes = stream.readNBytes(MAX_RESPONSE_BYTES + 1);
			if (response.statusCode() != 200) {
				// The status only: an error body may echo the input
				throw new EmbeddingException("Embeddings service answered HTTP " + response.statusCode());
			}
			if (bytes.length > MAX_RESPONSE_BYTES) {
				throw new EmbeddingException("Embeddings service answered more than " + MAX_RESPONSE_BYTES + " bytes");
			}
			return parse(json.readTree(bytes), texts.size());
		}
		catch (IOException | JacksonException ex) {
			throw new EmbeddingException("Embeddings service answered unreadably", ex);
		}
	}

	private List<float[]> parse(JsonNode answer, int expected) {
		JsonNode data = answer.path("data");
		if (!data.isArray() || data.size() != expected) {
			throw new EmbeddingException("Embeddings service answered " + (data.isArray() ? data.size() : "no")
					+ " embeddings for " + expected + " texts");
		}
		float[][] vectors = new float[expected][];
		for (JsonNode item : data) {
			// The protocol gives each embedding its input's index; order is not promised
			int index = item.path("index").asInt(-1);
			JsonNode embedding = item.path("embedding");
			if (index < 0 || index >= expected || vectors[index] != null || !embedding.isArray()) {
				throw new EmbeddingException("Embeddings service answered a malformed embedding");
			}
			if (embedding.size() != this.dimensions) {
				throw new EmbeddingException("Embeddings service answered " + embedding.size()
						+ " dimensions; configured: " + this.dimensions);
			}
			float[] vector = new float[embedding.size()];
			for (int i = 0; i < vector.length; i++) {
				vector[i] = embedding.get(i).floatValue();
			}
			vectors[index] = UnitVectors.normalize(vector);
		}
		return List.of(vectors);
	}

	/**
	 * Where and how to call the remote embeddings API.
	 *
	 * @param baseUrl the API's base URL, up to and including the version, e.g.
	 * {@code https://api.openai.com/v1}; {@code /embeddings} is appended
	 * @param apiKey the bearer token, or empty for a server without authentication
	 * @param model the embedding model, e.g. {@code text-embedding-3-small}
	 * @param dimensions the dimensions of the model's vectors (answers with others are
	 * refused)
	 * @param timeout how long one request may take, answer included
	 * @param connectTimeout how long connecting may take
	 * @param maxBatchSize the most texts sent in one request
	 */
	public record Settings(URI baseUrl, String apiKey, String model, int dimensions, Duration timeout,
			Duration connectTimeout, int maxBatchSize) {

	}

}
