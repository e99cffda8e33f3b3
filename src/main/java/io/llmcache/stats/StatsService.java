package io.llmcache.stats;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmcache.entry.EntryRepository;
import io.llmcache.entry.TenantNamespace;

import org.springframework.stereotype.Service;

/**
 * Reads the statistics of a tenant's namespaces, after adding this replica's pending
 * counts, so that a caller always sees at least what it did through this replica.
 */
@Service
class StatsService {

	private final StatsRecorder recorder;

	private final StatsRepository repository;

	private final EntryRepository entries;

	private final PriceTable prices;

	private final Clock clock;

	StatsService(StatsRecorder recorder, StatsRepository repository, EntryRepository entries, PriceTable prices,
			Clock clock) {
		this.recorder = recorder;
		this.repository = repository;
		this.entries = entries;
		this.prices = prices;
		this.clock = clock;
	}

	NamespaceStats of(String tenant, String namespace) {
		this.recorder.flush();
		return read(tenant, namespace);
	}

	List<NamespaceStats> ofAll(String tenant) {
		this.recorder.flush();
		return this.repository.namespaces(tenant).stream().map((namespace) -> read(tenant, namespace)).toList();
	}

	StatsSeries series(String tenant, String namespace, StatsWindow window) {
		this.recorder.flush();
		StatsResolution resolution = window.resolution();
		long first = window.firstBucket(this.clock.instant());
		List<Map<String, Long>> counters = this.repository
			.buckets(tenant, namespace, resolution, first, window.buckets())
			.stream()
			.map(CountsReader::parse)
			.toList();
		List<StatsSeries.Bucket> buckets = new ArrayList<>();
		for (int i = 0; i < counters.size(); i++) {
			buckets.add(new StatsSeries.Bucket(resolution.startOf(first + i), CountsReader.counts(counters.get(i))));
		}
		return new StatsSeries(namespace, window.apiName(), resolution.length().toSeconds(), this.prices.currency(),
				CountsReader.counts(CountsReader.sum(counters)), buckets);
	}

	private NamespaceStats read(String tenant, String namespace) {
		WindowCounts counts = CountsReader.counts(CountsReader.parse(this.repository.read(tenant, namespace)));
		return new NamespaceStats(namespace, this.entries.liveEntries(new TenantNamespace(tenant, namespace)),
				counts.lookups(), counts.hits(), counts.misses(), counts.hitRate(), counts.stores(),
				counts.invalidations());
	}

}
