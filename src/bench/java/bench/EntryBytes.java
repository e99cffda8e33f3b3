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
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + redisPort);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			store(http, service, apiKey, NAMESPACE, entries, responseBytes);
			Measured exact = measure(connection.sync(), NAMESPACE);
			print("exact", exact, entries, responseBytes);
			// A namespace whose policy lets semantic matching in: its entries keep their
			// compared text and vector too.
			String semantic = NAMESPACE + "-semantic";
			send(http, HttpRequest.newBuilder(URI.create(service + "/v1/admin/namespaces/" + semantic + "/policy"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + apiKey)
				.PUT(HttpRequest.BodyPublishers.ofString("{\"matchTypes\":[\"exact\",\"normalized\",\"semantic\"]}"))
				.build(), 200);
			// Every replica applies a policy within its refresh interval (1 s).
			Thread.sleep(2000);
			store(http, service, apiKey, semantic, entries, responseBytes);
			System.out.println();
			Measured semanticEntries = measure(connection.sync(), semantic);
			print("semantic", semanticEntries, entries, responseBytes);
			System.out.println();
			printFields(connection.sync(), semanticEntries.prefix());
		}
		finally {
			client.shutdown();
		}
	}

	private static void store(HttpClient http, String service, String apiKey, String namespace, int entries,
			int responseBytes) throws Exception {
		String text = "x".repeat(responseBytes);
		for (int i = 0; i < entries; i++) {
			String body = """
					{"namespace":"%s","model":"bench-model","messages":[{"role":"user","content":"Entry %d: what is the capital of France?"}],"response":{"text":"%s"}}"""
				.formatted(namespace, i, text);
			send(http,
					HttpRequest.newBuilder(URI.create(service + "/v1/cache/entries"))
						.header("Content-Type", "application/json")
						.header("Authorization", "Bearer " + apiKey)
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(),
					201);
		}
	}

	private static void send(HttpClient http, HttpRequest request, int status) throws Exception {
		HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
		if (answer.statusCode() != status) {
			throw new IllegalStateException(request.uri() + ": HTTP " + answer.statusCode() + " " + answer.body());
		}
	}

	/** Bytes and keys by kind of key of a namespace, with its key prefix. */
	private static Measured measure(RedisCommands<String, String> redis, String namespace) {
		String prefix = null;
		Map<String, long[]> byKind = new TreeMap<>();
		List<String> keys = new ArrayList<>();
		ScanIterator.scan(redis, ScanArgs.Builder.matches("llmc:*/" + namespace + "}:*").limit(1000))
			.forEachRemaining(keys::add);
		for (String key : keys) {
			prefix = key.substring(0, key.indexOf("}:") + 2);
			String rest = key.substring(prefix.length());
			String kind = rest.contains(":") ? rest.substring(0, rest.indexOf(':')) : rest;
			if (kind.equals("stats") || kind.equals("policy")) {
				continue; // per namespace, not per entry
			}
			long bytes = usage(redis, key);
			long[] sums = byKind.computeIfAbsent(kind, (k) -> new long[2]);
			sums[0]++;
			sums[1] += bytes;
		}
		return new Measured(prefix, byKind);
	}

	private static void print(String what, Measured measured, int entries, int responseBytes) {
		long keys = measured.byKind().values().stream().mapToLong((sums) -> sums[0]).sum();
		long total = measured.byKind().values().stream().mapToLong((sums) -> sums[1]).sum();
		System.out.printf("Redis bytes per %s entry: %d entries of a %d-byte response in %s%n%n", what, entries,
				responseBytes, measured.prefix());
		System.out.println("| key kind | keys | bytes | bytes per entry |");
		System.out.println("|---|---:|---:|---:|");
		measured.byKind()
			.forEach((kind, sums) -> System.out.printf("| `%s` | %d | %d | %.0f |%n", kind, sums[0], sums[1],
					(double) sums[1] / entries));
		System.out.printf("| all | %d | %d | **%.0f** (payload + %.0f) |%n", keys, total, (double) total / entries,
				(double) total / entries - responseBytes);
	}

	/**
	 * What each field of one semantic entry's hash costs: the entry's MEMORY USAGE less
	 * that of a copy without the field.
	 */
	private static void printFields(RedisCommands<String, String> redis, String prefix) {
		List<String> entryKeys = new ArrayList<>();
		ScanIterator.scan(redis, ScanArgs.Builder.matches(prefix + "e:*").limit(1000)).forEachRemaining(entryKeys::add);
		String key = entryKeys.get(0);
		Map<String, String> fields = redis.hgetall(key);
		String copy = prefix + "entry-bytes-copy";
		byte[] dump = redis.dump(key);
		// Measured on copies made by RESTORE: strings written by HSET can carry spare
		// room, so the original may be a little larger than its copy.
		redis.restore(copy, 0, dump);
		settle(redis, copy, fields.keySet());
		long whole = usage(redis, copy);
		redis.del(copy);
		System.out
			.printf("Bytes per field of one semantic entry's hash (%d bytes in all as restored from a DUMP, %d as "
					+ "stored, %s encoding):%n%n", whole, usage(redis, key), redis.objectEncoding(key));
		System.out.println("| field | value length | bytes |");
		System.out.println("|---|---:|---:|");
		long fieldsTotal = 0;
		for (Map.Entry<String, String> field : new TreeMap<>(fields).entrySet()) {
			redis.restore(copy, 0, dump);
			redis.hdel(copy, field.getKey());
			settle(redis, copy, fields.keySet());
			long cost = whole - usage(redis, copy);
			fieldsTotal += cost;
			redis.del(copy);
			System.out.printf("| `%s` | %d | %d |%n", field.getKey(), field.getValue().length(), cost);
		}
		System.out.printf("| (the key, the hash table) | | %d |%n", whole - fieldsTotal);
	}

	/**
	 * Lets Redis finish growing a restored hash's table: while it moves the entries to
	 * the larger table, both tables count (64 bytes more for this hash), and each lookup
	 * moves a bucket.
	 */
	private static void settle(RedisCommands<String, String> redis, String key, Iterable<String> fields) {
		for (int round = 0; round < 2; round++) {
			fields.forEach((field) -> redis.hexists(key, field));
		}
	}

	private static long usage(RedisCommands<String, String> redis, String key) {
		return redis.dispatch(CommandType.MEMORY, new IntegerOutput<>(StringCodec.UTF8),
				new CommandArgs<>(StringCodec.UTF8).add("USAGE").addKey(key).add("SAMPLES").add(0));
	}

	private record Measured(String prefix, Map<String, long[]> byKind) {

	}

}
