package bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

/**
 * Redis bytes per cache entry, measured exactly: stores entries through the service's API
 * into a namespace of their own, then adds up {@code MEMORY USAGE <key> SAMPLES 0} of
 * every key of that namespace, by kind of key (the part of the name after the namespace's
 * prefix, up to its first ':'). Prints a Markdown table.
 * <p>
 * Usage:
 * {@code EntryBytes <redis-port> <service-url> <api-key> [entries] [response-bytes]}
 */
public final class EntryBytes {

	private static final String NAMESPACE = "entry-bytes";

	private EntryBytes() {
	}

	public static void main(String[] args) throws Exception {
		int redisPort = Integer.parseInt(args[0]);
		String service = args[1];
		String apiKey = args[2];
		int entries = (args.length > 3) ? Integer.parseInt(args[3]) : 200;
		int responseBytes = (args.length > 4) ? Integer.parseInt(args[4]) : 1000;
		String text = "x".repeat(responseBytes);
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		for (int i = 0; i < entries; i++) {
			String body = """
					{"namespace":"%s","model":"bench-model","messages":[{"role":"user","content":"Entry %d: what is the capital of France?"}],"response":{"text":"%s"}}"""
				.formatted(NAMESPACE, i, text);
			HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(service + "/v1/cache/entries"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + apiKey)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() != 201) {
				throw new IllegalStateException("store " + i + ": HTTP " + answer.statusCode() + " " + answer.body());
			}
		}
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> redis = connection.sync();
			String prefix = null;
			Map<String, long[]> byKind = new TreeMap<>();
			List<String> keys = new ArrayList<>();
			ScanIterator.scan(redis, ScanArgs.Builder.matches("llmc:*" + NAMESPACE + "}:*").limit(1000))
				.forEachRemaining(keys::add);
			for (String key : keys) {
				prefix = key.substring(0, key.indexOf("}:") + 2);
				String rest = key.substring(prefix.length());
				String kind = rest.contains(":") ? rest.substring(0, rest.indexOf(':')) : rest;
				if (kind.equals("stats")) {
					continue; // per namespace, not per entry
				}
				Long bytes = redis.dispatch(CommandType.MEMORY, new IntegerOutput<>(StringCodec.UTF8),
						new CommandArgs<>(StringCodec.UTF8).add("USAGE").addKey(key).add("SAMPLES").add(0));
				long[] sums = byKind.computeIfAbsent(kind, (k) -> new long[2]);
				sums[0]++;
				sums[1] += bytes;
			}
			long total = byKind.values().stream().mapToLong((sums) -> sums[1]).sum();
			System.out.printf("Redis bytes per exact entry: %d entries of a %d-byte response in %s%n%n", entries,
					responseBytes, prefix);
			System.out.println("| key kind | keys | bytes | bytes per entry |");
			System.out.println("|---|---:|---:|---:|");
			byKind.forEach((kind, sums) -> System.out.printf("| `%s` | %d | %d | %.0f |%n", kind, sums[0], sums[1],
					(double) sums[1] / entries));
			System.out.printf("| all | %d | %d | **%.0f** (payload + %.0f) |%n", keys.size(), total,
					(double) total / entries, (double) total / entries - responseBytes);
		}
		finally {
			client.shutdown();
		}
	}

}
