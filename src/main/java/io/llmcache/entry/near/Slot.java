package io.llmcache.entry.near;

import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Expiry;

/** What the near-cache holds under a key: a read under way, or a value. */
sealed interface Slot permits Slot.Pending, Slot.Held {

	/**
	 * The key whose change drops this slot with the others of its group.
	 * @return it
	 */
	String group();

	/**
	 * A read under way: a marker whose identity tells whether it was invalidated.
	 */
	final class Pending implements Slot {

		private final String group;

		Pending(String group) {
			this.group = group;
		}

		@Override
		public String group() {
			return this.group;
		}

	}

	/**
	 * A value read through the tracking connection.
	 *
	 * @param value the value
	 * @param group its group key
	 */
	record Held(NearValue value, String group) implements Slot {

	}

	/** Markers leave after a while, values at their expiry. */
	final class Lifetime implements Expiry<String, Slot> {

		private final long pendingNanos;

		/**
		 * Lifetimes of slots.
		 * @param pendingNanos how long a marker may stay if its read never ends
		 */
		Lifetime(long pendingNanos) {
			this.pendingNanos = pendingNanos;
		}

		@Override
		public long expireAfterCreate(String key, Slot slot, long currentTime) {
			return lifetime(slot);
		}

		@Override
		public long expireAfterUpdate(String key, Slot slot, long currentTime, long currentDuration) {
			return lifetime(slot);
		}

		@Override
		public long expireAfterRead(String key, Slot slot, long currentTime, long currentDuration) {
			return currentDuration;
		}

		private long lifetime(Slot slot) {
			if (slot instanceof Held held) {
				long millis = held.value().expiresAtMillis() - System.currentTimeMillis();
				return TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
			}
			return this.pendingNanos;
		}

	}

}
