package io.llmcache.semantic;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link OpenAiEmbedder} against a local server speaking the OpenAI embeddings
 * protocol.
 */
class OpenAiEmbedderTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

	private final List<String> authorizations = new CopyOnWriteArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private volatile int status = 200;

	private volatile int dimensions = 3;

	private volatile boolean reversed;

	private volatile boolean stall;

	private HttpServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/v1/embeddings", this::answer);
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.release.countDown();
		this.server.stop(0);
	}

	@Test
	void sendsModelInputAndKeyAndReadsNormalizedVectors() {
		OpenAiEmbedder embedder = embedder(10);
		float[] vector = embedder.embed("hello");
		assertThat(this.requests).hasSize(1);
		JsonNode request = this.requests.get(0);
		assertThat(request.path("model").asString()).isEqualTo("text-embedding-3-small");
		assertThat(request.path("input").get(0).asString()).isEqualTo("hello");
		assertThat(request.path("encoding_format").asString()).isEqualTo("float");
		assertThat(this.authorizations).containsExactly("Bearer sk-test");
		// The server answers (length, 0, 0) unnormalized
		assertThat(vector).containsExactly(new float[] { 1, 0, 0 }, within(1e-6f));
		assertThat(embedder.name()).isEqualTo("openai:text-embedding-3-small");
	}

	@Test
	void ordersVectorsByTheirIndexAndSplitsBatches() {
		this.reversed = true;
		List<float[]> vectors = embedder(2).embedAll(List.of("a", "bb", "ccc"));
		assertThat(this.requests).hasSize(2);
		assertThat(this.requests.get(0).path("input").size()).isEqualTo(2);
		for (int i = 0; i < 3; i++) {
			// (length, 1, 0), normalized: each text has its own direction
			float[] expected = UnitVectors.normalize(new float[] { i + 1, 1, 0 });
			assertThat(vectors.get(i)).containsExactly(expected, within(1e-6f));
		}
	}

	@Test
	void reportsAnErrorStatusWithoutTheBody() {
		this.status = 500;
		assertThatExceptionOfType(EmbeddingException.class).isThrownBy(() -> embedder(10).embed("secret text"))
			.withMessage("Embeddings service answered HTTP 500");
	}

	@Test
	void refusesVectorsOfOtherDimensions() {
		this.dimensions = 4;
		assertThatExceptionOfType(EmbeddingException.class).isThrownBy(() -> embedder(10).embed("hello"))
			.withMessageContaining("4 dimensions; configured: 3");
	}

	@Test
	void givesUpAfterTheTimeout() {
		this.stall = true;
		assertThatExceptionOfType(EmbeddingException.class).isThrownBy(() -> embedder(10).embed("hello"))
			.withMessageContaining("did not answer within");
	}

	@Test
	void refusesTextsOverTheBoundWithoutCalling() {
		assertThatExceptionOfType(EmbeddingException.class).isThrownBy(() -> embedder(10).embed("x".repeat(101)));
		assertThat(this.requests).isEmpty();
	}

	private OpenAiEmbedder embedder(int maxBatchSize) {
		URI base = URI.create("http://" + this.server.getAddress().getHostString() + ":"
				+ this.server.getAddress().getPort() + "/v1");
		return new OpenAiEmbedder(new OpenAiEmbedder.Settings(base, "sk-test", "text-embedding-3-small", 3,
				Duration.ofMillis(500), Duration.ofSeconds(1), maxBatchSize), 100);
	}

	private void answer(HttpExchange exchange) throws IOException {
		JsonNode request = json.readTree(exchange.getRequestBody());
		this.requests.add(request);
		this.authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
		if (this.stall) {
			try {
				this.release.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		ObjectNode body = json.createObjectNode();
		body.put("object", "list");
		ArrayNode data = body.putArray("data");
		JsonNode input = request.path("input");
		for (int n = 0; n < input.size(); n++) {
			int i = this.reversed ? input.size() - 1 - n : n;
			ObjectNode item = data.addObject();
			item.put("object", "embedding");
			item.put("index", i);
			ArrayNode embedding = item.putArray("embedding");
			// Not normalized: (length, 1, 0) when reversed, (length, 0, 0) otherwise
			int length = input.get(i).asString().length();
			embedding.add(length);
			embedding.add(this.reversed ? 1 : 0);
			for (int d = 2; d < this.dimensions; d++) {
				embedding.add(0);
			}
		}
		body.put("model", request.path("model").asString());
		byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(this.status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
