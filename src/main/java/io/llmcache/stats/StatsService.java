package io.llmcache.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmcache.entry.EntryRepository;
import io.llmcache.entry.TenantNamespace;
import io.llmcache.policy.MatchType;

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

	StatsService(StatsRecorder recorder, StatsRepository repository, EntryRepository entries) {
		this.recorder = recorder;
		this.repository = repository;
		this.entries = entries;
	}

	NamespaceStats of(String tenant, String namespace) {
		this.recorder.flush();
		return read(tenant, namespace);
	}

	List<NamespaceStats> ofAll(String tenant) {
		this.recorder.flush();
		return this.repository.namespaces(tenant).stream().map((namespace) -> read(tenant, namespace)).toList();
	}

	private NamespaceStats read(String tenant, String namespace) {
		Map<Object, Object> counts = this.repository.read(tenant, namespace);
		Map<String, Long> hits = new LinkedHashMap<>();
		long totalHits = 0;
		for (MatchType type : MatchType.values()) {
			long count = count(counts, StatsRepository.hitsField(type));
			hits.put(type.apiName(), count);
			totalHits += count;
		}
		long lookups = count(counts, StatsRepository.LOOKUPS);
		return new NamespaceStats(namespace, this.entries.liveEntries(new TenantNamespace(tenant, namespace)), lookups,
				hits, count(counts, StatsRepository.MISSES), (lookups > 0) ? (double) totalHits / lookups : 0.0,
				count(counts, StatsRepository.STORES), count(counts, StatsRepository.INVALIDATIONS));
	}

	private static long count(Map<Object, Object> counts, String field) {
		Object value = counts.get(field);
		return (value != null) ? Long.parseLong(value.toString()) : 0;
	}

}
