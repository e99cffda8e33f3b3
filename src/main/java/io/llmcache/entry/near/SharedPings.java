package io.llmcache.entry.near;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Pings shared by everyone who waits for one sent after they began waiting: one ping is
 * in flight at a time, and all who arrive meanwhile wait together for the next, which is
 * sent as soon as the one in flight is answered. However many wait, at most one ping per
 * round trip goes to Redis, and nobody waits for more than two round trips.
 */
class SharedPings {

	private final Supplier<CompletableFuture<?>> ping;

	private final long timeoutNanos;

	/** Guards {@link #inFlight} and {@link #next}. */
	private final Object lock = new Object();

	/** Completed by the answer to the ping on its way, or {@code null} if none is. */
	private CompletableFuture<Void> inFlight;

	/** Completed by the answer to the ping sent after the one in flight. */
	private CompletableFuture<Void> next;

	/**
	 * Pings sent by a function.
	 * @param ping sends one ping; its future completes with the answer
	 * @param timeout how long a waiter waits at most
	 */
	SharedPings(Supplier<CompletableFuture<?>> ping, Duration timeout) {
		this.ping = ping;
		this.timeoutNanos = timeout.toNanos();
	}

	/**
	 * Waits for the answer to a ping sent after this call began.
	 * @return {@code true} once it is answered, {@code false} if it failed or the timeout
	 * passed first
	 */
	boolean await() {
		CompletableFuture<Void> answer;
		boolean send = false;
		synchronized (this.lock) {
			if (this.inFlight == null) {
				answer = new CompletableFuture<>();
				this.inFlight = answer;
				send = true;
			}
			else {
				// The ping in flight may have been sent before this call began.
				if (this.next == null) {
					this.next = new CompletableFuture<>();
				}
				answer = this.next;
			}
		}
		if (send) {
			send(answer);
		}
		try {
			answer.get(this.timeoutNanos, TimeUnit.NANOSECONDS);
			return true;
		}
		catch (ExecutionException | TimeoutException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void send(CompletableFuture<Void> answer) {
		CompletableFuture<?> pong;
		try {
			pong = this.ping.get();
		}
		catch (RuntimeException ex) {
			pong = CompletableFuture.failedFuture(ex);
		}
		pong.whenComplete((reply, failure) -> {
			CompletableFuture<Void> following;
			synchronized (this.lock) {
				following = this.next;
				this.next = null;
				this.inFlight = following;
			}
			if (following != null) {
				send(following);
			}
			if (failure != null) {
				answer.completeExceptionally(failure);
			}
			else {
				answer.complete(null);
			}
		});
	}

}
