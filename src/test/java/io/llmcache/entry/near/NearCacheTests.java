package io.llmcache.entry.near;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.lettuce.core.RedisConnectionException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near-cache's bookkeeping over a scripted tracking connection: what is kept, what a
 * change, a lost connection or a race with a read drops, and how tenants share the bound.
 */
class NearCacheTests {

	private static final long FAR = System.currentTimeMillis() + Duration.ofHours(1).toMillis();

	private final ScriptedTracking tracking = new ScriptedTracking();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final NearCache cache = new NearCache(this.tracking, 100_000,
			new NearCacheMetrics(this.registry, this.tracking));

	private final AtomicInteger reads = new AtomicInteger();

	@AfterEach
	void tearDown() {
		this.tracking.close();
	}

	@Test
	void keepsAValueAndServesItWithoutReadingAgain() {
		assertThat(get("acme", "g", "k", value(1, 100)).version()).isEqualTo(1);
		assertThat(get("acme", "g", "k", value(2, 100)).version()).isEqualTo(1);
		assertThat(this.reads).hasValue(1);
	}

	@Test
	void aChangedKeyIsReadAgain() {
		get("acme", "g", "k", value(1, 100));
		this.cache.changed("k");
		assertThat(get("acme", "g", "k", value(2, 100)).version()).isEqualTo(2);
	}

	@Test
	void aChangeOfTheGroupKeyDropsEveryValueOfTheGroup() {
		get("acme", "g1", "a", value(1, 100));
		get("acme", "g1", "b", value(1, 100));
		get("acme", "g2", "c", value(1, 100));
		this.cache.changed("g1");
		assertThat(get("acme", "g1", "a", value(2, 100)).version()).isEqualTo(2);
		assertThat(get("acme", "g1", "b", value(2, 100)).version()).isEqualTo(2);
		assertThat(get("acme", "g2", "c", value(2, 100)).version()).isEqualTo(1);
	}

	@Test
	void aValueWhoseKeyChangedDuringItsReadIsServedOnceButNotKept() {
		Versioned raced = tracked("acme", "g", "k", (reader) -> {
			this.reads.incrementAndGet();
			// Redis's message about a write that followed the read arrives before the
			// value is put in place.
			this.cache.changed("k");
			return new Versioned(1, 100, FAR, true);
		});
		assertThat(raced.version()).isEqualTo(1);
		assertThat(get("acme", "g", "k", value(2, 100)).version()).isEqualTo(2);
	}

	@Test
	void aCopyIsNotServedWhenAnInvalidationArrivesBeforeThePingsAnswer() {
		get("acme", "g", "k", value(1, 100));
		// Another replica's write returned just before this read; its message is on the
		// way.
		this.tracking.onTheWay.add(() -> this.cache.changed("k"));
		assertThat(get("acme", "g", "k", value(2, 100)).version()).isEqualTo(2);
		assertThat(this.reads).hasValue(2);
	}

	@Test
	void aCopyIsNotServedWhenThePingIsNotAnswered() {
		get("acme", "g", "k", value(1, 100));
		this.tracking.pingAnswered = false;
		Versioned bypassed = tracked("acme", "g", "k", (reader) -> value(2, 100));
		assertThat(bypassed).isNull();
		this.tracking.pingAnswered = true;
		assertThat(get("acme", "g", "k", value(2, 100)).version()).isEqualTo(1);
	}

	@Test
	void aValueReadWhileTrackingWasLostAndBackIsNotKept() {
		tracked("acme", "g", "k", (reader) -> {
			this.tracking.loseAndRegain();
			return new Versioned(1, 100, FAR, true);
		});
		assertThat(get("acme", "g", "k", value(2, 100)).version()).isEqualTo(2);
	}

	@Test
	void losingTrackingForgetsEverything() {
		get("acme", "g", "k", value(1, 100));
		this.cache.forgetAll();
		assertThat(get("acme", "g", "k", value(2, 100)).version()).isEqualTo(2);
	}

	@Test
	void servesNothingWhileTrackingIsNotLive() {
		get("acme", "g", "k", value(1, 100));
		this.tracking.live = false;
		Versioned served = tracked("acme", "g", "k", (reader) -> value(2, 100));
		assertThat(served).isNull();
	}

	@Test
	void aFailedReadIsLeftToTheCaller() {
		Versioned served = tracked("acme", "g", "k", (reader) -> {
			throw new RedisConnectionException("down");
		});
		assertThat(served).isNull();
		assertThat(get("acme", "g", "k", value(1, 100)).version()).isEqualTo(1);
	}

	@Test
	void keepsNothingAValueDoesNotWantKept() {
		tracked("acme", "g", "k", (reader) -> new Versioned(1, 100, FAR, false));
		assertThat(get("acme", "g", "k", value(2, 100)).version()).isEqualTo(2);
	}

	@Test
	void oneTenantsTrafficNeverEvictsAnothersValues() {
		get("globex", "g", "kept", value(1, 1_000));
		for (int i = 0; i < 500; i++) {
			get("acme", "g", "flood-" + i, value(1, 1_000));
		}
		this.cache.cleanUp();

		assertThat(get("globex", "g", "kept", value(2, 1_000)).version()).isEqualTo(1);
		assertThat(this.cache.weightOf("acme")).isLessThanOrEqualTo(50_000);
	}

	@Test
	void aKeyIsLeftToTheCallerUntilAReadFindsItThenReadThroughTrackingAndKept() {
		assertThat(lookup("acme", "g", "k", value(1, 100))).isNull();
		assertThat(lookup("acme", "g", "k", value(1, 100))).isNull();
		assertThat(this.reads).hasValue(0);
		this.cache.found("acme", "k");
		assertThat(lookup("acme", "g", "k", value(1, 100)).version()).isEqualTo(1);
		assertThat(lookup("acme", "g", "k", value(2, 100)).version()).isEqualTo(1);
		assertThat(this.reads).hasValue(1);
		assertThat(this.registry.get("llmcache.nearcache.requests").tag("result", "untracked").counter().count())
			.isEqualTo(2);
	}

	@Test
	void missesAreNeverReadThroughTracking() {
		for (int i = 0; i < 1_000; i++) {
			assertThat(lookup("acme", "g", "miss-" + (i % 10), value(1, 100))).isNull();
		}
		assertThat(this.reads).hasValue(0);
		assertThat(this.cache.sizeOf("acme")).isZero();
	}

	@Test
	void aTrackedReadThatFindsNothingEndsTheKeysTrackedReads() {
		this.cache.found("acme", "k");
		Versioned gone = this.cache.get("acme", "g", "k", (reader) -> {
			this.reads.incrementAndGet();
			return new Versioned(0, 100, FAR, false);
		});
		assertThat(gone.keep()).isFalse();
		assertThat(lookup("acme", "g", "k", value(1, 100))).isNull();
		assertThat(this.reads).hasValue(1);
	}

	@Test
	void aKeyFoundForOneTenantIsNotTrackedForAnother() {
		this.cache.found("acme", "k");
		assertThat(lookup("globex", "g", "k", value(1, 100))).isNull();
		assertThat(this.reads).hasValue(0);
	}

	// Most tests are about keys read through the tracking connection: ones that an
	// earlier read found.
	private Versioned get(String tenant, String group, String key, Versioned value) {
		this.cache.found(tenant, key);
		return lookup(tenant, group, key, value);
	}

	private <V extends NearValue> V tracked(String tenant, String group, String key,
			Function<NearCache.Reader, V> read) {
		this.cache.found(tenant, key);
		return this.cache.get(tenant, group, key, read);
	}

	private Versioned lookup(String tenant, String group, String key, Versioned value) {
		return this.cache.get(tenant, group, key, (reader) -> {
			this.reads.incrementAndGet();
			return value;
		});
	}

	private static Versioned value(int version, int weight) {
		return new Versioned(version, weight, FAR, true);
	}

	private record Versioned(int version, int weight, long expiresAtMillis, boolean keep) implements NearValue {

	}

	/** A tracking connection that never connects, whose state the test sets. */
	private static final class ScriptedTracking extends TrackingConnection {

		private final AtomicLong state = new AtomicLong(1);

		private volatile boolean live = true;

		private volatile boolean pingAnswered = true;

		/** Invalidations that reach the connection before the next ping's answer. */
		private final List<Runnable> onTheWay = new java.util.concurrent.CopyOnWriteArrayList<>();

		ScriptedTracking() {
			super(null, null, Duration.ofSeconds(1));
		}

		@Override
		public long state() {
			return this.state.get();
		}

		@Override
		public boolean live() {
			return this.live;
		}

		@Override
		public boolean awaitInvalidations() {
			this.onTheWay.forEach(Runnable::run);
			this.onTheWay.clear();
			return this.pingAnswered;
		}

		@Override
		public List<Object> eval(String sha1, String script, List<String> keys, List<String> args) {
			throw new UnsupportedOperationException("the tests read with their own functions");
		}

		void loseAndRegain() {
			this.state.addAndGet(2);
		}

		@Override
		public void close() {
		}

	}

}
