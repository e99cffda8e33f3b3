package io.llmcache.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.llmcache.lookup.LookupResult;
import io.llmcache.system.ApiException;

/**
 * One upstream call in progress on this replica, shared by the identical requests that
 * missed while it runs (request coalescing). The request that started it (the leader)
 * relays the upstream's answer to its own caller and to this flight; every other request
 * (a follower) reads it from here: the status, each event of a stream from the first one
 * on (so a follower that joins late still gets the whole stream), and how the call ended.
 * A flight can also end with a hit, when another replica's call stored the answer first.
 * <p>
 * A stream's events are kept for followers up to {@code maxBytes}; a longer stream is
 * relayed to its leader only, and its followers are told it could not be shared.
 */
final class Flight implements RelayListener {

	/** What a follower gets when the events it waits for were not kept. */
	static final SseEvent OVERFLOW = new SseEvent("", null);

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final boolean leaderIncludesUsage;

	private final long maxBytes;

	private final List<SseEvent> events = new ArrayList<>();

	private long bytes;

	private boolean overflowed;

	private UpstreamHead head;

	private RelayResult result;

	private LookupResult.Hit hit;

	private ApiException failure;

	private boolean closed;

	private int followers;

	Flight(boolean leaderIncludesUsage, long maxBytes) {
		this.leaderIncludesUsage = leaderIncludesUsage;
		this.maxBytes = maxBytes;
	}

	/**
	 * Whether the upstream call was asked for a usage chunk at the end of its stream.
	 * @return {@code true} if so
	 */
	boolean leaderIncludesUsage() {
		return this.leaderIncludesUsage;
	}

	/**
	 * Joins the flight as a follower.
	 * @return {@code false} if it is over already (the caller should look up again)
	 */
	boolean join() {
		this.lock.lock();
		try {
			if (this.closed) {
				return false;
			}
			this.followers++;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A follower is done with the flight.
	 */
	void leave() {
		this.lock.lock();
		try {
			this.followers--;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean alive() {
		this.lock.lock();
		try {
			return this.followers > 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void head(UpstreamHead head) {
		signal(() -> this.head = head);
	}

	@Override
	public void event(SseEvent event) {
		signal(() -> {
			if (this.overflowed) {
				return;
			}
			this.bytes += event.text().length();
			if (this.bytes > this.maxBytes) {
				this.overflowed = true;
				return;
			}
			this.events.add(event);
		});
	}

	@Override
	public void finish(RelayResult result) {
		signal(() -> {
			this.result = result;
			this.closed = true;
		});
	}

	/**
	 * The flight ends with an entry another replica stored.
	 * @param found the hit
	 */
	void resolve(LookupResult.Hit found) {
		signal(() -> {
			this.hit = found;
			this.closed = true;
		});
	}

	/**
	 * The upstream call failed before it answered.
	 * @param ex the problem every follower answers too
	 */
	void fail(ApiException ex) {
		signal(() -> {
			if (this.result == null && this.hit == null) {
				this.failure = ex;
			}
			this.closed = true;
		});
	}

	/**
	 * Waits until the upstream answered its status, or the flight ended another way.
	 * @param timeout the longest wait
	 * @return how it started, or {@code null} after the timeout
	 */
	Start awaitStart(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (this.head == null && this.hit == null && this.failure == null && !this.closed) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return null;
				}
				this.changed.awaitNanos(left);
			}
			return new Start(this.head, this.hit, this.failure);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits for a stream's event.
	 * @param index the event's position, from 0
	 * @param timeout the longest wait
	 * @return the event, {@code null} when the stream is over, or {@link #OVERFLOW} when
	 * the event was not kept
	 */
	SseEvent awaitEvent(int index, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (index >= this.events.size() && this.result == null && !this.overflowed) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return OVERFLOW;
				}
				this.changed.awaitNanos(left);
			}
			if (index < this.events.size()) {
				return this.events.get(index);
			}
			return this.overflowed ? OVERFLOW : null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until the call is over.
	 * @param timeout the longest wait
	 * @return how it ended, or {@code null} after the timeout
	 */
	RelayResult awaitResult(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (this.result == null && !this.closed) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return null;
				}
				this.changed.await(left, TimeUnit.NANOSECONDS);
			}
			return this.result;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void signal(Runnable change) {
		this.lock.lock();
		try {
			change.run();
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * How a flight started, for a follower: exactly one component is set.
	 *
	 * @param head the upstream's status and headers
	 * @param hit an entry stored by another replica's call
	 * @param failure the problem the call ended with before it answered
	 */
	record Start(UpstreamHead head, LookupResult.Hit hit, ApiException failure) {

	}

}
