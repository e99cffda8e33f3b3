package io.llmcache.entry.near;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The near-cache's own Redis connection, with {@code CLIENT TRACKING} on (RESP3, default
 * mode): Redis remembers every key read through it, including the keys a script reads,
 * and pushes an {@code invalidate} message on this same connection when any client
 * changes, deletes or expires one of them (or flushes the database). Redis queues that
 * message while it runs the write, before the writer's reply.
 * <p>
 * Tracking belongs to a connection, so every loss of the connection loses it: when the
 * connection drops, the {@link Listener} is told to forget everything at once; after
 * Lettuce reconnects, tracking is switched on again before anything read is kept. The
 * {@link #state() state} counts these changes, so that a read that began before one is
 * never kept. A ping every heartbeat interval bounds how long a connection that broke
 * without a word (no reset, no close) can go unnoticed: copies are served only while a
 * ping sent in the last three intervals has been answered, and since Redis answers in
 * order, that answer also proves every invalidation sent before the ping has arrived.
 * <p>
 * The same order makes {@link #awaitInvalidations()} exact: a write that returned to its
 * caller before the wait began had its invalidation queued on this connection before the
 * answer to a ping sent after that, so the message has been handled when the answer
 * arrives (Lettuce hands push messages to their listener in the order they arrive, before
 * it completes the commands answered after them).
 */
public class TrackingConnection implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(TrackingConnection.class);

	/** The connection's name in {@code CLIENT LIST}. */
	public static final String CLIENT_NAME = "llm-cache-near-cache";

	private final RedisClient client;

	private final RedisURI uri;

	private final long heartbeatNanos;

	private final ScheduledExecutorService heartbeat;

	/** Even while nothing read may be kept, odd while tracking is on; +1 each change. */
	private final AtomicLong state = new AtomicLong();

	private volatile StatefulRedisConnection<String, String> connection;

	private volatile long answeredPingSentAt;

	private volatile boolean connecting;

	private volatile Listener listener = Listener.NONE;

	private final SharedPings pings;

	/**
	 * A connection to the server of a URI, not yet opened.
	 * @param client the client (its options must ask for RESP3)
	 * @param uri the server
	 * @param heartbeatInterval how often to ping
	 */
	public TrackingConnection(RedisClient client, RedisURI uri, Duration heartbeatInterval) {
		this.client = client;
		this.uri = uri;
		this.heartbeatNanos = heartbeatInterval.toNanos();
		this.pings = new SharedPings(this::ping, (uri != null) ? uri.getTimeout() : heartbeatInterval);
		this.heartbeat = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "near-cache-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Opens the connection in the background and keeps it open and pinged; a Redis that
	 * is down at start is tried again on every heartbeat.
	 * @param listener told of invalidations and of every loss of tracking
	 */
	public void start(Listener listener) {
		this.listener = listener;
		long interval = this.heartbeatNanos;
		this.heartbeat.scheduleWithFixedDelay(this::beat, 0, interval, TimeUnit.NANOSECONDS);
	}

	/**
	 * The tracking state: odd while tracking is on; it changes whenever tracking is lost
	 * or switched on again.
	 * @return the state
	 */
	public long state() {
		return this.state.get();
	}

	/**
	 * Whether copies may be served now: tracking is on and a recent ping was answered.
	 * @return {@code true} if so
	 */
	public boolean live() {
		return (this.state.get() & 1) == 1 && System.nanoTime() - this.answeredPingSentAt < 3 * this.heartbeatNanos;
	}

	/**
	 * Waits until every invalidation that Redis queued for this connection before this
	 * call has been handled, by the answer to a ping sent after the call began.
	 * @return {@code true} if so, {@code false} if the ping failed or was not answered
	 * within the command timeout
	 */
	public boolean awaitInvalidations() {
		return this.pings.await();
	}

	/**
	 * Runs a read-only script through this connection, so that Redis tracks the keys it
	 * reads.
	 * @param sha1 the script's SHA-1
	 * @param script the script, sent when Redis does not know it yet
	 * @param keys its keys
	 * @param args its arguments
	 * @return its answer
	 * @throws io.lettuce.core.RedisException if Redis could not be asked
	 */
	public List<Object> eval(String sha1, String script, List<String> keys, List<String> args) {
		StatefulRedisConnection<String, String> current = this.connection;
		if (current == null) {
			throw new RedisConnectionException("The near-cache connection is not open");
		}
		String[] keyArray = keys.toArray(String[]::new);
		String[] argArray = args.toArray(String[]::new);
		try {
			return current.sync().evalsha(sha1, ScriptOutputType.MULTI, keyArray, argArray);
		}
		catch (RedisNoScriptException ex) {
			return current.sync().eval(script, ScriptOutputType.MULTI, keyArray, argArray);
		}
	}

	private CompletableFuture<String> ping() {
		StatefulRedisConnection<String, String> current = this.connection;
		if (current == null) {
			return CompletableFuture
				.failedFuture(new RedisConnectionException("The near-cache connection is not open"));
		}
		return current.async().ping().toCompletableFuture();
	}

	private void beat() {
		StatefulRedisConnection<String, String> current = this.connection;
		if (current == null) {
			connect();
			return;
		}
		if ((this.state.get() & 1) == 0 && current.isOpen()) {
			// Tracking was refused or its answer lost: try again.
			enableTracking(current);
		}
		long sentAt = System.nanoTime();
		current.async().ping().whenComplete((pong, failure) -> {
			if (failure == null && sentAt - this.answeredPingSentAt > 0) {
				this.answeredPingSentAt = sentAt;
			}
		});
	}

	private void connect() {
		if (this.connecting) {
			return;
		}
		this.connecting = true;
		this.client.connectAsync(StringCodec.UTF8, this.uri).whenComplete((opened, failure) -> {
			this.connecting = false;
			if (failure != null) {
				logger.debug("The near-cache connection could not be opened", failure);
				return;
			}
			opened.setTimeout(this.uri.getTimeout());
			opened.addListener(this::onPush);
			opened.addListener(new Reconnects());
			this.connection = opened;
			enableTracking(opened);
		});
	}

	private void enableTracking(StatefulRedisConnection<String, String> opened) {
		long sentAt = System.nanoTime();
		opened.async().clientTracking(TrackingArgs.Builder.enabled()).whenComplete((ok, failure) -> {
			if (failure != null) {
				logger.warn("Redis refused CLIENT TRACKING; the near-cache serves nothing: {}", failure.getMessage());
				return;
			}
			this.answeredPingSentAt = sentAt;
			// Forget whatever an earlier connection read, then allow keeping again.
			long current = this.state.get();
			if ((current & 1) == 0) {
				this.listener.forgetAll();
				if (this.state.compareAndSet(current, current + 1)) {
					logger.info("The near-cache tracks its reads on Redis");
				}
			}
		});
	}

	private void onPush(PushMessage message) {
		if (!"invalidate".equals(message.getType())) {
			return;
		}
		List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
		Object keys = (content.size() > 1) ? content.get(1) : null;
		if (keys instanceof List<?> list) {
			for (Object key : list) {
				this.listener.changed(String.valueOf(key));
			}
		}
		else {
			// A flush of the database, or Redis dropping its tracking table.
			this.listener.forgetAll();
		}
	}

	private void lost() {
		long current = this.state.get();
		if ((current & 1) == 1 && this.state.compareAndSet(current, current + 1)) {
			this.listener.forgetAll();
			logger.info("The near-cache lost its tracking connection; it serves nothing until tracking is back");
		}
	}

	@Override
	public void close() {
		if (this.heartbeat.isShutdown()) {
			return;
		}
		this.heartbeat.shutdownNow();
		StatefulRedisConnection<String, String> current = this.connection;
		this.connection = null;
		lost();
		if (current != null) {
			current.close();
		}
		this.client.shutdown(Duration.ZERO, Duration.ofMillis(200));
		// The resources are this connection's own (see NearCacheConfiguration).
		this.client.getResources().shutdown(0, 200, TimeUnit.MILLISECONDS);
	}

	/**
	 * What a tracking connection tells its near-cache.
	 */
	public interface Listener {

		/** Tells nothing. */
		Listener NONE = new Listener() {

			@Override
			public void changed(String key) {
			}

			@Override
			public void forgetAll() {
			}

		};

		/**
		 * A key read earlier was changed, deleted or expired.
		 * @param key the key
		 */
		void changed(String key);

		/** Anything read earlier may have changed. */
		void forgetAll();

	}

	/** Loses tracking with the connection, and switches it on again after a reconnect. */
	private final class Reconnects implements RedisConnectionStateListener {

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
			lost();
		}

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> handler, java.net.SocketAddress address) {
			StatefulRedisConnection<String, String> current = TrackingConnection.this.connection;
			if (current != null) {
				lost();
				enableTracking(current);
			}
		}

	}

}
