package io.llmcache.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local fake of an OpenAI-compatible API for tests and the benchmark: {@code POST
 * /v1/chat/completions}, {@code /v1/completions} and {@code /v1/embeddings}, as JSON and
 * as Server-Sent Events, with usage blocks, tool calls and reasoning fields, errors,
 * slow, hanging, broken and errored streams. No test ever calls a real LLM.
 * <p>
 * What it does is chosen by markers in the last user message (or the prompt):
 * <ul>
 * <li>{@code [[tools]]}: answers with two tool calls (streamed as deltas: id and name
 * first, arguments in pieces)</li>
 * <li>{@code [[reasoning]]}: adds {@code reasoning_content} before the content</li>
 * <li>{@code [[status:N]]}: answers HTTP N with an OpenAI error body</li>
 * <li>{@code [[slow:MS]]}: waits MS milliseconds before answering, and between stream
 * chunks MS/10</li>
 * <li>{@code [[hang]]}: answers only once {@link #release()} is called</li>
 * <li>{@code [[broken]]}: a stream that stops after two chunks, without finish_reason or
 * {@code [DONE]}</li>
 * <li>{@code [[error-event]]}: a stream that sends an {@code error} event, then
 * {@code [DONE]}</li>
 * <li>{@code [[pause]]}: a stream that stops after two chunks until {@link #release()} is
 * called</li>
 * <li>{@code [[no-finish]]}: a stream that ends with {@code [DONE]} but no
 * finish_reason</li>
 * <li>{@code [[vary]]}: every answer differs (a call number in the content)</li>
 * </ul>
 * Otherwise the answer is {@code "Echo: <text>"}. Every call is counted and its body and
 * {@code Authorization} header kept.
 */
public final class FakeOpenAi implements AutoCloseable {

	private static final Pattern STATUS = Pattern.compile("\\[\\[status:(\\d{3})]]");

	private static final Pattern SLOW = Pattern.compile("\\[\\[slow:(\\d+)]]");

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

	private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();

	private final List<String> authorizations = new CopyOnWriteArrayList<>();

	private final AtomicInteger sequence = new AtomicInteger();

	private volatile CountDownLatch hang = new CountDownLatch(1);

	private volatile long fixedDelayMillis;

	private FakeOpenAi(HttpServer server) {
		this.server = server;
	}

	/**
	 * Starts a fake on a free port of 127.0.0.1.
	 * @return the started fake
	 */
	public static FakeOpenAi start() {
		// Without TCP_NODELAY the JDK's server sends the body after the headers only once
		// the client acknowledged them: 40 ms per answer with delayed ACKs, which would
		// make every latency measured against the fake meaningless. Read once, when the
		// server's configuration class loads.
		System.setProperty("sun.net.httpserver.nodelay", "true");
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
			FakeOpenAi fake = new FakeOpenAi(server);
			server.createContext("/v1/", fake::handle);
			server.setExecutor(fake.executor);
			server.start();
			return fake;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the fake upstream", ex);
		}
	}

	public static void main(String[] args) throws InterruptedException {
		FakeOpenAi fake = start();
		if (args.length > 0) {
			fake.fixedDelayMillis = Long.parseLong(args[0]);
		}
		System.out.println("FAKE_OPENAI_URL=" + fake.baseUrl());
		System.out.flush();
		Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-openai-stop"));
		new CountDownLatch(1).await();
	}

	/**
	 * The base URL to configure as the upstream.
	 * @return e.g. {@code http://127.0.0.1:12345/v1}
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	/**
	 * Calls received on a path, e.g. {@code /v1/chat/completions}.
	 * @param path the path
	 * @return the count
	 */
	public int calls(String path) {
		AtomicInteger count = this.calls.get(path);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * Every request body received, in order.
	 * @return the bodies
	 */
	public List<JsonNode> bodies() {
		return this.bodies;
	}

	/**
	 * Every {@code Authorization} header received, in order.
	 * @return the headers ({@code ""} when absent)
	 */
	public List<String> authorizations() {
		return this.authorizations;
	}

	/**
	 * Lets every {@code [[hang]]} request answer, and those that come later too.
	 */
	public void release() {
		this.hang.countDown();
	}

	/**
	 * Forgets counts and bodies, and makes {@code [[hang]]} hang again.
	 */
	public void reset() {
		this.calls.clear();
		this.bodies.clear();
		this.authorizations.clear();
		this.hang.countDown();
		this.hang = new CountDownLatch(1);
	}

	@Override
	public void close() {
		this.hang.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			this.calls.computeIfAbsent(path, (p) -> new AtomicInteger()).incrementAndGet();
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			this.authorizations.add((authorization != null) ? authorization : "");
			JsonNode body = this.json.readTree(exchange.getRequestBody().readAllBytes());
			this.bodies.add(body);
			if (this.fixedDelayMillis > 0) {
				sleep(this.fixedDelayMillis);
			}
			String text = textOf(body);
			Matcher status = STATUS.matcher(text);
			if (status.find()) {
				error(exchange, Integer.parseInt(status.group(1)));
				return;
			}
			long slow = delayOf(text);
			if (text.contains("[[hang]]")) {
				await(this.hang);
			}
			if (slow > 0) {
				sleep(slow);
			}
			String content = text.contains("[[vary]]") ? "Answer #" + this.sequence.incrementAndGet() + " to " + text
					: "Echo: " + text;
			switch (path) {
				case "/v1/chat/completions" -> chat(exchange, body, text, content, slow);
				case "/v1/completions" -> completion(exchange, body, content);
				case "/v1/embeddings" -> embeddings(exchange, body);
				default -> error(exchange, 404);
			}
		}
	}

	private void chat(HttpExchange exchange, JsonNode body, String text, String content, long slow) throws IOException {
		boolean tools = text.contains("[[tools]]");
		boolean reasoning = text.contains("[[reasoning]]");
		int n = body.path("n").asInt(1);
		if (!body.path("stream").asBoolean(false)) {
			ObjectNode answer = envelope("chat.completion", body);
			ArrayNode choices = answer.putArray("choices");
			for (int i = 0; i < n; i++) {
				ObjectNode choice = choices.addObject();
				choice.put("index", i);
				ObjectNode message = choice.putObject("message");
				message.put("role", "assistant");
				if (tools) {
					message.putNull("content");
					message.set("tool_calls", toolCalls());
				}
				else {
					message.put("content", content);
				}
				if (reasoning) {
					message.put("reasoning_content", "Thinking about it.");
				}
				message.putNull("refusal");
				choice.putNull("logprobs");
				choice.put("finish_reason", tools ? "tool_calls" : "stop");
			}
			answer.set("usage", usage(text));
			json(exchange, 200, answer);
			return;
		}
		List<ObjectNode> chunks = new ArrayList<>();
		ObjectNode first = chunk(body, "chat.completion.chunk");
		ObjectNode delta = choice(first, 0).putObject("delta");
		delta.put("role", "assistant");
		delta.put("content", "");
		chunks.add(first);
		if (reasoning) {
			for (String piece : List.of("Thinking ", "about it.")) {
				ObjectNode chunk = chunk(body, "chat.completion.chunk");
				choice(chunk, 0).putObject("delta").put("reasoning_content", piece);
				chunks.add(chunk);
			}
		}
		if (tools) {
			int index = 0;
			for (JsonNode call : toolCalls()) {
				ObjectNode head = chunk(body, "chat.completion.chunk");
				ObjectNode headCall = choice(head, 0).putObject("delta").putArray("tool_calls").addObject();
				headCall.put("index", index);
				headCall.set("id", call.get("id"));
				headCall.put("type", "function");
				ObjectNode headFunction = headCall.putObject("function");
				headFunction.set("name", call.get("function").get("name"));
				headFunction.put("arguments", "");
				chunks.add(head);
				String arguments = call.get("function").get("arguments").stringValue();
				int half = arguments.length() / 2;
				for (String piece : List.of(arguments.substring(0, half), arguments.substring(half))) {
					ObjectNode part = chunk(body, "chat.completion.chunk");
					ObjectNode partCall = choice(part, 0).putObject("delta").putArray("tool_calls").addObject();
					partCall.put("index", index);
					partCall.putObject("function").put("arguments", piece);
					chunks.add(part);
				}
				index++;
			}
		}
		else {
			for (String word : content.split("(?<= )")) {
				ObjectNode chunk = chunk(body, "chat.completion.chunk");
				choice(chunk, 0).putObject("delta").put("content", word);
				chunks.add(chunk);
			}
		}
		ObjectNode last = chunk(body, "chat.completion.chunk");
		choice(last, 0).putObject("delta");
		if (!text.contains("[[no-finish]]")) {
			choice(last, 0).put("finish_reason", tools ? "tool_calls" : "stop");
		}
		chunks.add(last);
		if (body.path("stream_options").path("include_usage").asBoolean(false)) {
			ObjectNode usage = chunk(body, "chat.completion.chunk");
			usage.set("usage", usage(text));
			chunks.add(usage);
		}
		stream(exchange, chunks, text, slow);
	}

	private void completion(HttpExchange exchange, JsonNode body, String content) throws IOException {
		if (!body.path("stream").asBoolean(false)) {
			ObjectNode answer = envelope("text_completion", body);
			ObjectNode choice = answer.putArray("choices").addObject();
			choice.put("text", content);
			choice.put("index", 0);
			choice.putNull("logprobs");
			choice.put("finish_reason", "stop");
			answer.set("usage", usage(content));
			json(exchange, 200, answer);
			return;
		}
		List<ObjectNode> chunks = new ArrayList<>();
		for (String word : content.split("(?<= )")) {
			ObjectNode chunk = chunk(body, "text_completion");
			ObjectNode choice = choice(chunk, 0);
			choice.put("text", word);
			choice.putNull("logprobs");
			choice.putNull("finish_reason");
			chunks.add(chunk);
		}
		ObjectNode last = chunk(body, "text_completion");
		choice(last, 0).put("text", "");
		choice(last, 0).putNull("logprobs");
		choice(last, 0).put("finish_reason", "stop");
		chunks.add(last);
		stream(exchange, chunks, content, 0);
	}

	private void embeddings(HttpExchange exchange, JsonNode body) throws IOException {
		JsonNode input = body.path("input");
		List<JsonNode> items = new ArrayList<>();
		if (input.isArray() && !input.isEmpty() && !input.get(0).isNumber()) {
			input.forEach(items::add);
		}
		else {
			items.add(input);
		}
		for (JsonNode item : items) {
			Matcher status = STATUS.matcher(item.toString());
			if (status.find()) {
				error(exchange, Integer.parseInt(status.group(1)));
				return;
			}
		}
		ObjectNode answer = this.json.createObjectNode();
		answer.put("object", "list");
		ArrayNode data = answer.putArray("data");
		int tokens = 0;
		for (int i = 0; i < items.size(); i++) {
			ObjectNode embedding = data.addObject();
			embedding.put("object", "embedding");
			embedding.put("index", i);
			ArrayNode vector = embedding.putArray("embedding");
			String item = items.get(i).toString();
			int hash = item.hashCode();
			vector.add(item.length());
			vector.add((hash & 0xffff) / 65536.0);
			vector.add(((hash >>> 16) & 0xffff) / 65536.0);
			tokens += Math.max(1, item.length() / 4);
		}
		answer.set("model", body.path("model"));
		ObjectNode usage = answer.putObject("usage");
		usage.put("prompt_tokens", tokens);
		usage.put("total_tokens", tokens);
		json(exchange, 200, answer);
	}

	private void stream(HttpExchange exchange, List<ObjectNode> chunks, String text, long slow) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
		exchange.getResponseHeaders().set("x-request-id", "req_fake_" + this.sequence.incrementAndGet());
		exchange.sendResponseHeaders(200, 0);
		OutputStream out = exchange.getResponseBody();
		int sent = 0;
		for (ObjectNode chunk : chunks) {
			if (text.contains("[[broken]]") && sent == 2) {
				// Stop mid-answer: no finish_reason, no [DONE]
				return;
			}
			if (text.contains("[[pause]]") && sent == 2) {
				await(this.hang);
			}
			out.write(("data: " + this.json.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			sent++;
			if (slow > 0) {
				sleep(slow / 10);
			}
		}
		if (text.contains("[[error-event]]")) {
			out.write(("data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n")
				.getBytes(StandardCharsets.UTF_8));
		}
		out.write(": keep-alive\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private void error(HttpExchange exchange, int status) throws IOException {
		ObjectNode error = this.json.createObjectNode();
		ObjectNode detail = error.putObject("error");
		detail.put("message", "Fake upstream error " + status);
		detail.put("type", (status == 429) ? "rate_limit_exceeded" : "invalid_request_error");
		detail.putNull("param");
		detail.put("code", "fake_" + status);
		if (status == 429) {
			exchange.getResponseHeaders().set("Retry-After", "1");
		}
		json(exchange, status, error);
	}

	private void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
		byte[] bytes = this.json.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.getResponseHeaders().set("x-request-id", "req_fake_" + this.sequence.incrementAndGet());
		exchange.getResponseHeaders().set("openai-processing-ms", "1");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	private ObjectNode envelope(String object, JsonNode body) {
		ObjectNode answer = this.json.createObjectNode();
		answer.put("id", "chatcmpl-fake" + this.sequence.incrementAndGet());
		answer.put("object", object);
		answer.put("created", 1_767_225_600L);
		answer.set("model", body.path("model"));
		answer.put("system_fingerprint", "fp_fake");
		return answer;
	}

	private ObjectNode chunk(JsonNode body, String object) {
		ObjectNode chunk = this.json.createObjectNode();
		chunk.put("id", "chatcmpl-fakestream");
		chunk.put("object", object);
		chunk.put("created", 1_767_225_600L);
		chunk.set("model", body.path("model"));
		chunk.put("system_fingerprint", "fp_fake");
		chunk.putArray("choices");
		return chunk;
	}

	private static ObjectNode choice(ObjectNode chunk, int index) {
		ArrayNode choices = (ArrayNode) chunk.get("choices");
		if (choices.isEmpty()) {
			choices.addObject().put("index", index);
		}
		return (ObjectNode) choices.get(0);
	}

	private ArrayNode toolCalls() {
		ArrayNode calls = this.json.createArrayNode();
		String[][] defined = { { "call_weather1", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}" },
				{ "call_time2", "get_time", "{\"timezone\":\"Europe/Paris\"}" } };
		for (String[] call : defined) {
			ObjectNode item = calls.addObject();
			item.put("id", call[0]);
			item.put("type", "function");
			ObjectNode function = item.putObject("function");
			function.put("name", call[1]);
			function.put("arguments", call[2]);
		}
		return calls;
	}

	private ObjectNode usage(String text) {
		ObjectNode usage = this.json.createObjectNode();
		int prompt = Math.max(1, text.length() / 4);
		usage.put("prompt_tokens", prompt);
		usage.put("completion_tokens", 7);
		usage.put("total_tokens", prompt + 7);
		return usage;
	}

	private static String textOf(JsonNode body) {
		JsonNode messages = body.path("messages");
		for (int i = messages.size() - 1; i >= 0; i--) {
			JsonNode message = messages.get(i);
			if ("user".equals(message.path("role").asString(""))) {
				return message.path("content").asString("");
			}
		}
		JsonNode prompt = body.path("prompt");
		return prompt.isString() ? prompt.stringValue() : "";
	}

	private static long delayOf(String text) {
		Matcher slow = SLOW.matcher(text);
		return slow.find() ? Long.parseLong(slow.group(1)) : 0;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A real wait, not a poll: {@code [[slow:MS]]} and the fixed delay make the fake
	 * upstream slow, which is what the tests asking for them exercise.
	 */
	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
