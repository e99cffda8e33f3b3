package io.llmcache.stats;

import io.llmcache.invalidation.InvalidationRecorded;
import io.llmcache.lookup.LookupAnswered;
import io.llmcache.store.EntryStored;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counts what the other features announce: statistics observe lookups, stores and
 * invalidations, and nothing they observe depends on them.
 */
@Component
class StatsListener {

	private final StatsRecorder recorder;

	StatsListener(StatsRecorder recorder) {
		this.recorder = recorder;
	}

	@EventListener
	void lookup(LookupAnswered event) {
		this.recorder.lookup(event.namespace().tenant(), event.namespace().namespace(), event.hit(), event.model(),
				event.usage());
	}

	@EventListener
	void stored(EntryStored event) {
		this.recorder.store(event.tenant(), event.namespace());
	}

	@EventListener
	void invalidation(InvalidationRecorded event) {
		this.recorder.invalidation(event.namespace().tenant(), event.namespace().namespace());
	}

}
