package bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The start-up half of the semantic benchmark: watches a service jar that
 * {@code bench/semantic.sh} has just started (its log, then its HTTP API) and prints one
 * Markdown table row: the time from the JVM's launch to the port being logged, to
 * readiness ({@code /actuator/health/readiness} answering 200), and, when probes are
 * given, to the first and the last of the probes' semantic lookups that hit (so the
 * index, rebuilt from Redis in the background after readiness, answers), beside the times
 * the service logs (start-up, index rebuild, model load). Arguments: label, service log,
 * a file to which the script writes the launch time in epoch milliseconds once it has
 * launched the service (this JVM starts first, so that its own start-up does not compete
 * with the service's for the CPUs), probe file (JSON strings, one a line; {@code -} for
 * none). Environment: {@code API_KEY}, {@code BENCH_STARTUP_TIMEOUT}.
 */
final class SemanticStartup {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern PORT = Pattern.compile("Tomcat started on port[s()]* (\\d+)");

	private static final Pattern STARTED = Pattern.compile("Started LlmCacheApplication in ([\\d.]+) seconds");

	private static final Pattern REBUILT = Pattern
		.compile("Semantic index built from Redis: (\\d+) vectors in (\\d+) ms");

	private static final Pattern FAILED = Pattern.compile("Semantic index not built");

	private static final Pattern MODEL = Pattern.compile("Loaded embedding model \\S+ in (\\d+) ms");

	private static final long POLL_MILLIS = 10;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(1))
		.build();

	private SemanticStartup() {
	}

	static void main(String[] args) throws Exception {
		List<String> probes = "-".equals(args[3]) ? List.of() : probes(Path.of(args[3]));
		SemanticStartup startup = new SemanticStartup();
		// Classes loaded and the HTTP client started before the service is launched.
		startup.status(HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/")).GET());
		Path go = Path.of(args[2]);
		SemanticBenchmark.log("waiting for the service's launch (%s)", go);
		while (!Files.exists(go) || Files.size(go) == 0) {
			Thread.sleep(5);
		}
		long launchedAt = Long.parseLong(Files.readString(go).strip());
		startup.run(args[0], Path.of(args[1]), launchedAt, probes);
	}

	private void run(String label, Path log, long launchedAt, List<String> probes) throws Exception {
		long deadline = launchedAt
				+ 1000L * Long.parseLong(System.getenv().getOrDefault("BENCH_STARTUP_TIMEOUT", "120"));
		String apiKey = System.getenv("API_KEY");
		Matcher port = await(log, PORT, deadline);
		long portLogged = System.currentTimeMillis();
		String base = "http://127.0.0.1:" + port.group(1);
		while (status(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).GET()) != 200) {
			check(deadline, "readiness");
			Thread.sleep(POLL_MILLIS);
		}
		long ready = System.currentTimeMillis();
		long firstHit = -1;
		long allHit = -1;
		int lookups = 0;
		List<String> waiting = new ArrayList<>(probes);
		while (!waiting.isEmpty() && System.currentTimeMillis() < deadline) {
			for (int i = 0; i < waiting.size(); i++) {
				lookups++;
				if (hits(base, apiKey, waiting.get(i))) {
					firstHit = (firstHit < 0) ? System.currentTimeMillis() : firstHit;
					waiting.remove(i--);
				}
			}
			if (waiting.isEmpty()) {
				allHit = System.currentTimeMillis();
			}
			else {
				Thread.sleep(POLL_MILLIS);
			}
		}
		// The rebuild logs when it is done, with or without probes to show it.
		Matcher rebuilt = awaitOrNull(log, REBUILT, deadline);
		String started = find(log, STARTED);
		String model = find(log, MODEL);
		String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
		long failedRebuilds = FAILED.matcher(text).results().count();
		String timedOut = "not within " + (deadline - launchedAt) / 1000 + " s";
		System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %s | %s | %s | %s | %d | %s |%n", label,
				(rebuilt != null) ? String.format(Locale.ROOT, "%,d", Long.parseLong(rebuilt.group(1))) : "?",
				(portLogged - launchedAt) / 1e3, (ready - launchedAt) / 1e3,
				probes.isEmpty() ? "–"
						: (firstHit < 0) ? timedOut : String.format(Locale.ROOT, "%.2f", (firstHit - launchedAt) / 1e3),
				probes.isEmpty() ? "–"
						: (allHit < 0) ? timedOut + " (" + waiting.size() + " still missed)"
								: String.format(Locale.ROOT, "%.2f (%d lookups)", (allHit - launchedAt) / 1e3, lookups),
				(started != null) ? started + " s" : "?", (rebuilt != null) ? rebuilt.group(2) + " ms" : timedOut,
				failedRebuilds, (model != null) ? model + " ms" : "–");
	}

	private boolean hits(String base, String apiKey, String prompt) throws InterruptedException {
		String body = JSON.writeValueAsString(JSON.createObjectNode()
			.put("namespace", SemanticBenchmark.NAMESPACE)
			.put("model", SemanticBenchmark.MODEL)
			.put("prompt", prompt)
			.set("matchTypes", JSON.createArrayNode().add("semantic")));
		try {
			HttpResponse<String> answer = this.http.send(HttpRequest.newBuilder(URI.create(base + "/v1/cache/lookup"))
				.header("Authorization", "Bearer " + apiKey)
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(30))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() != 200) {
				throw new IllegalStateException("lookup answered " + answer.statusCode() + ": " + answer.body());
			}
			JsonNode json = JSON.readTree(answer.body());
			return json.path("hit").asBoolean();
		}
		catch (IOException ex) {
			return false;
		}
	}

	private int status(HttpRequest.Builder request) throws InterruptedException {
		try {
			return this.http
				.send(request.timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private static Matcher await(Path log, Pattern pattern, long deadline) throws IOException, InterruptedException {
		while (true) {
			Matcher matcher = pattern.matcher(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
			if (matcher.find()) {
				return matcher;
			}
			check(deadline, "the log line /" + pattern + "/");
			Thread.sleep(POLL_MILLIS);
		}
	}

	private static Matcher awaitOrNull(Path log, Pattern pattern, long deadline)
			throws IOException, InterruptedException {
		try {
			return await(log, pattern, deadline);
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

	private static String find(Path log, Pattern pattern) throws IOException {
		Matcher matcher = pattern.matcher(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
		return matcher.find() ? matcher.group(1) : null;
	}

	private static void check(long deadline, String what) {
		if (System.currentTimeMillis() > deadline) {
			throw new IllegalStateException("timed out waiting for " + what);
		}
	}

	private static List<String> probes(Path file) throws IOException {
		List<String> probes = new ArrayList<>();
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			if (!line.isBlank()) {
				probes.add(JSON.readTree(line).asString());
			}
		}
		return probes;
	}

}
