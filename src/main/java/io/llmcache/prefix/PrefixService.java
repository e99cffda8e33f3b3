package io.llmcache.prefix;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.llmcache.entry.TenantNamespace;
import io.llmcache.store.EntryService;
import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Caller;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Prefix lookups: how much of a request's canonical token sequence is already in the
 * index of its tenant and namespace.
 */
@Service
class PrefixService {

	private final TokenSequenceFactory sequences;

	private final PrefixIndex index;

	private final LookupCounter lookups;

	private final EntryService cache;

	private final Clock clock;

	PrefixService(TokenSequenceFactory sequences, PrefixIndex index, LookupCounter lookups, EntryService cache,
			Clock clock) {
		this.sequences = sequences;
		this.index = index;
		this.lookups = lookups;
		this.cache = cache;
		this.clock = clock;
	}

	/**
	 * Looks a request's prefix up in the caller's tenant.
	 * @param caller the caller
	 * @param request the request
	 * @return the answer
	 */
	PrefixLookupResponse lookup(Caller caller, PrefixLookupRequest request) {
		String namespace = request.namespaceOrDefault();
		TenantNamespace partition = new TenantNamespace(caller.tenant(), namespace);
		TokenSequence sequence = this.sequences.of(request.toLlmRequest());
		List<Block> blocks = BlockChain.of(caller.tenant(), namespace, sequence);
		List<IndexedBlock> matched;
		List<PrefixLookupResponse.EntryView> entries;
		int cachedTokens;
		try {
			matched = this.index.match(partition, blocks);
			cachedTokens = matched.isEmpty() ? 0 : matched.get(matched.size() - 1).endTokens();
			entries = entries(caller.tenant(), namespace, matched, cachedTokens);
		}
		catch (DataAccessException ex) {
			throw new ApiException(ProblemType.STORE_UNAVAILABLE, "The prefix index could not be read in time.", true,
					ex);
		}
		countLookup(partition, blocks, matched.size());
		return new PrefixLookupResponse(sequence.totalTokens(), cachedTokens, sequence.encoding(), sequence.truncated(),
				segments(sequence, blocks, matched.size(), cachedTokens), entries);
	}

	/** Counts the lookup on the deepest shared block that ends a segment. */
	private void countLookup(TenantNamespace partition, List<Block> blocks, int matched) {
		for (int i = matched - 1; i >= 0; i--) {
			if (blocks.get(i).segmentEnd()) {
				this.lookups.count(partition, blocks.get(i).id());
				return;
			}
		}
	}

	private static List<PrefixLookupResponse.SegmentView> segments(TokenSequence sequence, List<Block> blocks,
			int matched, int cachedTokens) {
		// The last segment all of whose blocks are shared.
		int lastWhole = -1;
		for (int i = 0; i < matched; i++) {
			if (blocks.get(i).segmentEnd()) {
				lastWhole = blocks.get(i).segment();
			}
		}
		List<PrefixLookupResponse.SegmentView> views = new ArrayList<>();
		int start = 0;
		for (int s = 0; s < sequence.segments().size(); s++) {
			TokenSequence.Tokenized segment = sequence.segments().get(s);
			int cached = Math.max(0, Math.min(segment.tokens(), cachedTokens - start));
			views.add(new PrefixLookupResponse.SegmentView(segment.role(), segment.tokens(), cached, s <= lastWhole));
			start += segment.tokens();
		}
		return views;
	}

	/**
	 * The entries the deepest shared block names that are still stored: the block keeps
	 * naming an entry deleted or swept since, until its own expiry.
	 */
	private List<PrefixLookupResponse.EntryView> entries(String tenant, String namespace, List<IndexedBlock> matched,
			int cachedTokens) {
		if (matched.isEmpty()) {
			return List.of();
		}
		long now = this.clock.millis();
		List<IndexedBlock.EntryRef> live = matched.get(matched.size() - 1)
			.entries()
			.stream()
			.filter((entry) -> entry.expiresAtMillis() > now)
			.toList();
		if (live.isEmpty()) {
			return List.of();
		}
		Set<String> stored = this.cache.storedEntryIds(new TenantNamespace(tenant, namespace),
				live.stream().map(IndexedBlock.EntryRef::entryId).toList());
		return live.stream()
			.filter((entry) -> stored.contains(entry.entryId()))
			.map((entry) -> new PrefixLookupResponse.EntryView(entry.entryId(), cachedTokens,
					Instant.ofEpochMilli(entry.expiresAtMillis())))
			.toList();
	}

}
