package bench;

import java.util.concurrent.CountDownLatch;

import io.llmcache.RedisTestServer;

/**
 * Starts the real {@code redis-server} binary of the {@code embedded-redis} test
 * dependency for the benchmark, prints {@code REDIS_PORT=<port>}, and keeps it running
 * until this JVM is told to stop (SIGTERM or SIGINT), when it stops the server.
 */
public final class BenchmarkRedis {

	private BenchmarkRedis() {
	}

	public static void main(String[] args) throws InterruptedException {
		RedisTestServer redis = RedisTestServer.startEmbedded();
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			redis.stop();
			stopped.countDown();
		}, "benchmark-redis-stop"));
		System.out.println("REDIS_HOST=" + redis.host());
		System.out.println("REDIS_PORT=" + redis.port());
		System.out.flush();
		stopped.await();
	}

}
