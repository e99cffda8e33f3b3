package io.llmcache.entry.near;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared pings over pings the test answers by hand: who waits for which ping.
 */
class SharedPingsTests {

	private final List<CompletableFuture<String>> sent = new CopyOnWriteArrayList<>();

	private final SharedPings pings = new SharedPings(this::send, Duration.ofSeconds(5));

	private final ExecutorService waiters = Executors.newFixedThreadPool(4);

	@AfterEach
	void tearDown() {
		this.waiters.shutdownNow();
	}

	@Test
	void whoArrivesWhileAPingIsOnItsWayWaitsForTheNextOne() throws Exception {
		Future<Boolean> first = this.waiters.submit(this.pings::await);
		await().until(() -> this.sent.size() == 1);
		Future<Boolean> second = this.waiters.submit(this.pings::await);
		Future<Boolean> third = this.waiters.submit(this.pings::await);
		Thread.sleep(100);
		assertThat(this.sent).as("one ping at a time").hasSize(1);

		this.sent.get(0).complete("PONG");
		assertThat(first.get()).isTrue();
		await().until(() -> this.sent.size() == 2);
		assertThat(second.isDone()).as("the first ping was sent before the second waiter came").isFalse();
		assertThat(third.isDone()).isFalse();

		this.sent.get(1).complete("PONG");
		assertThat(second.get()).isTrue();
		assertThat(third.get()).isTrue();
		assertThat(this.sent).as("the two late waiters shared one ping").hasSize(2);
	}

	@Test
	void aFailedPingFailsItsWaitersAndTheNextWaiterPingsAgain() throws Exception {
		Future<Boolean> failed = this.waiters.submit(this.pings::await);
		await().until(() -> this.sent.size() == 1);
		this.sent.get(0).completeExceptionally(new IllegalStateException("connection lost"));
		assertThat(failed.get()).isFalse();

		Future<Boolean> next = this.waiters.submit(this.pings::await);
		await().until(() -> this.sent.size() == 2);
		this.sent.get(1).complete("PONG");
		assertThat(next.get()).isTrue();
	}

	@Test
	void anUnansweredPingTimesOut() {
		SharedPings impatient = new SharedPings(this::send, Duration.ofMillis(50));
		assertThat(impatient.await()).isFalse();
	}

	private CompletableFuture<?> send() {
		CompletableFuture<String> pong = new CompletableFuture<>();
		this.sent.add(pong);
		return pong;
	}

}
