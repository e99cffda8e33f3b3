package io.llmcache.invalidation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.llmcache.entry.EntryRepository;
import io.llmcache.entry.TenantNamespace;

/**
 * An entry as an invalidation scan sees it.
 *
 * @param exactDigest its exact digest, the member of the indexes
 * @param entryId its id, or {@code null} if the entry is gone
 * @param generation the invalidation sequence number it was stored at
 * @param model its model
 * @param tags its tags
 * @param createdAt when it was stored
 * @param expiresAt when it expires
 * @param requestJson its stored request, or {@code null} if it was not read
 */
record ScannedEntry(String exactDigest, String entryId, long generation, String model, List<String> tags,
		Instant createdAt, Instant expiresAt, String requestJson) {

	private static final List<String> FIELDS = List.of("id", "gen", "model", "tags", "created", "expires");

	private static final List<String> FIELDS_WITH_REQUEST = List.of("id", "gen", "model", "tags", "created", "expires",
			"request");

	/**
	 * What selectors look at in a batch of entries, in one round trip.
	 * @param entries the entry store
	 * @param namespace the tenant's namespace
	 * @param digests exact digests
	 * @param withRequest whether to read the stored requests too (for prompt-prefix
	 * selectors)
	 * @return the facts of each, in order; an absent entry has a {@code null} id
	 */
	static List<ScannedEntry> read(EntryRepository entries, TenantNamespace namespace, List<String> digests,
			boolean withRequest) {
		List<List<String>> values = entries.readFields(namespace, digests, withRequest ? FIELDS_WITH_REQUEST : FIELDS);
		List<ScannedEntry> scanned = new ArrayList<>(digests.size());
		for (int i = 0; i < digests.size(); i++) {
			List<String> entry = values.get(i);
			if (entry.get(0) == null) {
				scanned.add(new ScannedEntry(digests.get(i), null, 0, null, List.of(), null, null, null));
				continue;
			}
			scanned.add(new ScannedEntry(digests.get(i), entry.get(0), Long.parseLong(orElse(entry.get(1), "0")),
					orElse(entry.get(2), ""), entries.tagsOf(entry.get(3)),
					Instant.ofEpochMilli(Long.parseLong(orElse(entry.get(4), "0"))),
					Instant.ofEpochMilli(Long.parseLong(orElse(entry.get(5), "0"))),
					withRequest ? entry.get(6) : null));
		}
		return scanned;
	}

	private static String orElse(String value, String fallback) {
		return (value != null) ? value : fallback;
	}

	boolean isPresent() {
		return this.entryId != null;
	}

	boolean isLive(Instant now) {
		return isPresent() && now.isBefore(this.expiresAt);
	}

	EntryFacts facts(EntryPrompts prompts) {
		return new EntryFacts(this.generation, this.model, this.tags, this.createdAt,
				prompts.startsWith(this.model, this::requestJson));
	}

}
