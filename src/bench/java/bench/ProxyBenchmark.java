package bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The proxy benchmark's driver (run by {@code bench/proxy.sh}, or on its own against any
 * service whose proxy points at a {@code FakeOpenAi}): per scenario, the latency of
 * requests sent one at a time (p50, p90, p99) and the throughput of
 * {@code BENCH_PROXY_THREADS} closed-loop workers, every answer checked.
 * <ul>
 * <li><b>upstream direct</b>: the fake upstream called directly, the floor of any
 * proxy</li>
 * <li><b>cache lookup</b>: {@code POST /v1/cache/lookup} of the entry the proxy
 * stored</li>
 * <li><b>proxy hit</b>: the same chat request through the proxy, answered from the
 * cache</li>
 * <li><b>proxy miss</b>: a new request each time, forwarded to the fake and stored; its
 * latency minus the direct call's is what a miss adds</li>
 * <li><b>TTFB</b>: time to the first {@code data:} line of a stream: the fake direct, a
 * live stream through the proxy (miss), and a replayed stream (hit)</li>
 * </ul>
 * Output: a Markdown table on standard output. Exit status 1 when an answer was not what
 * its scenario expects (a hit that missed, an error).
 */
public final class ProxyBenchmark {

	private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"temperature\":0,%s\"messages\":[{\"role\":\"user\","
			+ "\"content\":\"%s\"}]}";

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String service = System.getenv("LLMCACHE_URL");

	private final String key = System.getenv("LLMCACHE_KEY");

	private final String upstream = System.getenv("FAKE_OPENAI_URL");

	private final int samples = Integer.parseInt(env("BENCH_PROXY_REQUESTS", "2000"));

	private final int threads = Integer.parseInt(env("BENCH_PROXY_THREADS", "8"));

	private final Duration duration = Duration.ofSeconds(Long.parseLong(env("BENCH_PROXY_SECONDS", "10")));

	private final AtomicLong unexpected = new AtomicLong();

	private ProxyBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		ProxyBenchmark benchmark = new ProxyBenchmark();
		System.exit(benchmark.run());
	}

	private int run() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		String hitBody = String.format(CHAT, "", "What is the capital of France? " + run);
		String streamBody = String.format(CHAT, "\"stream\":true,", "Stream to me " + run);
		String lookupBody = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":"
				+ "\"What is the capital of France? " + run + "\"}],\"params\":{\"temperature\":0}}";
		// Fill the entries the hit scenarios read
		expect(post(this.service + "/openai/v1/chat/completions", hitBody, true), "MISS");
		expect(post(this.service + "/openai/v1/chat/completions", streamBody, true), "MISS");
		List<Row> rows = new ArrayList<>();
		log("warming up");
		for (int i = 0; i < Math.min(2000, this.samples); i++) {
			post(this.upstream + "/chat/completions", hitBody, false);
			post(this.service + "/v1/cache/lookup", lookupBody, true);
			post(this.service + "/openai/v1/chat/completions", hitBody, true);
			post(this.service + "/openai/v1/chat/completions", String.format(CHAT, "", "warm miss " + run + " " + i),
					true);
		}
		rows.add(measure("upstream direct (fake, plain)", (i) -> {
			Answer answer = post(this.upstream + "/chat/completions", hitBody, false);
			check(answer.status() == 200);
		}));
		rows.add(measure("cache lookup (/v1/cache/lookup, hit)", (i) -> {
			Answer answer = post(this.service + "/v1/cache/lookup", lookupBody, true);
			check(answer.status() == 200 && answer.body().contains("\"hit\":true"));
		}));
		rows.add(measure("proxy hit (plain)",
				(i) -> expect(post(this.service + "/openai/v1/chat/completions", hitBody, true), "HIT")));
		AtomicLong misses = new AtomicLong();
		rows.add(measure("proxy miss (plain, stored)",
				(i) -> expect(
						post(this.service + "/openai/v1/chat/completions",
								String.format(CHAT, "", "miss " + run + " " + misses.incrementAndGet()), true),
						"MISS")));
		rows.add(measureFirstByte("TTFB upstream direct (fake, stream)",
				(i) -> firstByte(this.upstream + "/chat/completions", streamBody, false, null)));
		AtomicLong streams = new AtomicLong();
		rows.add(measureFirstByte("TTFB proxy stream miss (live)",
				(i) -> firstByte(this.service + "/openai/v1/chat/completions",
						String.format(CHAT, "\"stream\":true,", "live " + run + " " + streams.incrementAndGet()), true,
						"MISS")));
		rows.add(measureFirstByte("TTFB proxy stream hit (replayed)",
				(i) -> firstByte(this.service + "/openai/v1/chat/completions", streamBody, true, "HIT")));
		print(rows);
		return (this.unexpected.get() == 0) ? 0 : 1;
	}

	private Row measure(String name, Request request) throws Exception {
		log("measuring " + name);
		long[] latencies = new long[this.samples];
		for (int i = 0; i < this.samples; i++) {
			long start = System.nanoTime();
			request.send(i);
			latencies[i] = System.nanoTime() - start;
		}
		double throughput = throughput(request);
		return new Row(name, percentiles(latencies), throughput);
	}

	private Row measureFirstByte(String name, IntFunction<Long> request) {
		log("measuring " + name);
		int count = Math.max(50, this.samples / 4);
		long[] latencies = new long[count];
		for (int i = 0; i < count; i++) {
			latencies[i] = request.apply(i);
		}
		return new Row(name, percentiles(latencies), Double.NaN);
	}

	private double throughput(Request request) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(this.threads);
		AtomicLong done = new AtomicLong();
		long end = System.nanoTime() + this.duration.toNanos();
		long start = System.nanoTime();
		List<Future<?>> workers = new ArrayList<>();
		for (int t = 0; t < this.threads; t++) {
			int worker = t;
			workers.add(executor.submit(() -> {
				int i = worker * 1_000_000;
				while (System.nanoTime() < end) {
					request.send(i++);
					done.incrementAndGet();
				}
				return null;
			}));
		}
		for (Future<?> worker : workers) {
			worker.get();
		}
		executor.shutdown();
		return done.get() / ((System.nanoTime() - start) / 1e9);
	}

	private long firstByte(String url, String body, boolean authorized, String expected) {
		long start = System.nanoTime();
		try {
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body));
			if (authorized) {
				builder.header("Authorization", "Bearer " + this.key);
			}
			HttpResponse<InputStream> response = this.http.send(builder.build(),
					HttpResponse.BodyHandlers.ofInputStream());
			long first = -1;
			boolean done = false;
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					if (first < 0 && line.startsWith("data:")) {
						first = System.nanoTime() - start;
					}
					done |= line.equals("data: [DONE]");
				}
			}
			check(response.statusCode() == 200 && first >= 0 && done
					&& (expected == null || expected.equals(response.headers().firstValue("X-Cache").orElse(""))));
			return first;
		}
		catch (Exception ex) {
			check(false);
			return System.nanoTime() - start;
		}
	}

	private Answer post(String url, String body, boolean authorized) {
		try {
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body));
			if (authorized) {
				builder.header("Authorization", "Bearer " + this.key);
			}
			HttpResponse<String> response = this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.headers().firstValue("X-Cache").orElse(""),
					response.body());
		}
		catch (Exception ex) {
			return new Answer(-1, "", String.valueOf(ex));
		}
	}

	private void expect(Answer answer, String cache) {
		check(answer.status() == 200 && cache.equals(answer.cache()));
	}

	private void check(boolean ok) {
		if (!ok && this.unexpected.incrementAndGet() <= 5) {
			log("unexpected answer");
		}
	}

	private static double[] percentiles(long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return new double[] { at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99) };
	}

	private static double at(long[] sorted, double quantile) {
		int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1e6;
	}

	private void print(List<Row> rows) {
		double direct = rows.get(0).latency()[0];
		double lookup = rows.get(1).latency()[0];
		double directFirstByte = rows.get(4).latency()[0];
		System.out.println("| scenario | p50 ms | p90 ms | p99 ms | requests/s (" + this.threads
				+ " workers) | p50 vs baseline |");
		System.out.println("|---|---:|---:|---:|---:|---|");
		for (int i = 0; i < rows.size(); i++) {
			Row row = rows.get(i);
			String versus = switch (i) {
				case 2 -> String.format(Locale.ROOT, "%+.2f ms vs cache lookup, %+.2f ms vs upstream direct",
						row.latency()[0] - lookup, row.latency()[0] - direct);
				case 3 -> String.format(Locale.ROOT, "adds %+.2f ms to the upstream direct", row.latency()[0] - direct);
				case 5, 6 ->
					String.format(Locale.ROOT, "%+.2f ms vs upstream direct TTFB", row.latency()[0] - directFirstByte);
				default -> (i == 0 || i == 4) ? "baseline" : "";
			};
			System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %s | %s |%n", row.name(), row.latency()[0],
					row.latency()[1], row.latency()[2],
					Double.isNaN(row.throughput()) ? "–" : String.format(Locale.ROOT, "%.0f", row.throughput()),
					versus);
		}
		System.out.println();
		System.out.println("Latency: " + this.samples + " requests one at a time (TTFB: "
				+ Math.max(50, this.samples / 4) + "); throughput: " + this.threads + " closed-loop workers for "
				+ this.duration.toSeconds() + " s. Unexpected answers: " + this.unexpected.get() + ".");
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	private static void log(String message) {
		System.err.println("[proxy-bench] " + message);
	}

	@FunctionalInterface
	private interface Request {

		void send(int index);

	}

	private record Answer(int status, String cache, String body) {

	}

	private record Row(String name, double[] latency, double throughput) {

	}

}
