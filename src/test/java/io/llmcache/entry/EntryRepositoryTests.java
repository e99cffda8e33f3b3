package io.llmcache.entry;

import io.llmcache.entry.near.NoNearCache;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.llmcache.entry.near.NearCache;
import io.llmcache.RedisTestConfiguration;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.test.autoconfigure.DataRedisTest;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.HashOperations;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The entry store against a real Redis, Lua scripts included: what a store writes, what a
 * replacement moves, what a refused store leaves alone, how pointers are followed and
 * what a delete removes. Each test works in a namespace of its own, so the tests share
 * the server without seeing each other's keys.
 *
 */
@DataRedisTest
@ImportAutoConfiguration(JacksonAutoConfiguration.class)
@Import({ EntryRepository.class, EntryStaging.class, RedisTestConfiguration.class, NoNearCache.class })
@ActiveProfiles("test")
class EntryRepositoryTests {

	private static final Duration TTL = Duration.ofHours(1);

	@Autowired
	private EntryRepository repository;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private JsonMapper json;

	private final TenantNamespace namespace = new TenantNamespace("repo-tests", "ns-" + UUID.randomUUID());

	// Redis keeps milliseconds; a second-aligned clock reads back equal.
	private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	@Test
	void readsAStoredEntryBackByItsExactAndNormalizedDigests() {
		StoredEntry entry = entry("id-1", "gpt-4o", "norm-1", List.of("billing"), semantic("ctx-1"), null);

		StoreOutcome outcome = save("exact-1", entry);

		assertThat(outcome).isEqualTo(new StoreOutcome(true, 0));
		EntryRead exact = this.repository.findByExactDigest(this.namespace, "exact-1", true);
		assertThat(exact.sequence()).isZero();
		assertThat(exact.entry()).contains(readBack(entry, 0, entry.requestJson()));
		assertThat(this.repository.findByExactDigest(this.namespace, "exact-1", false).entry())
			.contains(readBack(entry, 0, null));
		EntryRead normalized = this.repository.findByNormalizedDigest(this.namespace, "norm-1");
		assertThat(normalized.sequence()).isZero();
		assertThat(normalized.entry()).contains(readBack(entry, 0, null));
		assertThat(this.redis.opsForValue().get(this.namespace.pointerKey("norm-1")))
			.isEqualTo(this.namespace.entryKey("exact-1"));
		assertThat(this.repository.liveEntries(this.namespace)).isOne();
	}

	@Test
	void storesEveryFieldOnceAndLeavesEmptyOnesOut() {
		StoredEntry entry = new StoredEntry("id-1", 0, "gpt-4o", "", "norm-1", "{}", "{\"answer\":1}", null, null,
				List.of(), Map.of(), this.now, this.now.plus(TTL), null);

		save("exact-1", entry);

		assertThat(this.redis.<String, String>opsForHash().keys(this.namespace.entryKey("exact-1")))
			.containsExactlyInAnyOrder("id", "gen", "model", "ndigest", "request", "response", "created", "expires");
		StoredEntry read = this.repository.findByExactDigest(this.namespace, "exact-1", false).entry().orElseThrow();
		assertThat(read.tags()).isEmpty();
		assertThat(read.metadata()).isEmpty();
	}

	@Test
	void anEntryOfAnEarlierBuildStaysReadableAndReplaceable() {
		save("exact-1", entry("id-1", "model-a", "norm-1", List.of(), null, null));
		// What builds before the lean entry also wrote: the model's digest, and the empty
		// tags and metadata as JSON.
		this.redis.opsForHash()
			.putAll(this.namespace.entryKey("exact-1"),
					Map.of("mdig", "0123456789abcdef", "tags", "[]", "metadata", "{}"));

		StoredEntry read = this.repository.findByExactDigest(this.namespace, "exact-1", false).entry().orElseThrow();
		assertThat(read.tags()).isEmpty();
		assertThat(read.metadata()).isEmpty();
		assertThat(save("exact-1", entry("id-2", "model-b", "norm-1", List.of("new"), null, null)).stored()).isTrue();
		assertThat(isIndexed(this.namespace.modelIndexKey("model-a"))).isFalse();
		assertThat(isIndexed(this.namespace.modelIndexKey("model-b"))).isTrue();
		assertThat(this.redis.opsForHash().hasKey(this.namespace.entryKey("exact-1"), "mdig")).isFalse();
	}

	@Test
	void readsNothingWhereNothingWasStored() {
		assertThat(this.repository.findByExactDigest(this.namespace, "absent", true).entry()).isEmpty();
		assertThat(this.repository.findByNormalizedDigest(this.namespace, "absent").entry()).isEmpty();
	}

	@Test
	void replacingAnEntryMovesItsIndexMembershipsAndContinuationField() {
		save("exact-1", entry("id-1", "model-a", "norm-1", List.of("old", "kept"), semantic("ctx-1"),
				new StoredEntry.ContinuationData("cont-a", "prompt-a")));
		assertThat(this.repository.findByPromptNames(this.namespace, "cont-a", List.of("other", "prompt-a")))
			.containsExactly("exact-1");

		StoreOutcome outcome = save("exact-1", entry("id-2", "model-b", "norm-1", List.of("kept", "new"), null,
				new StoredEntry.ContinuationData("cont-b", "prompt-b")));

		assertThat(outcome.stored()).isTrue();
		assertThat(this.repository.entryIds(this.namespace, List.of("exact-1"))).containsExactly("id-2");
		assertThat(isIndexed(this.namespace.tagIndexKey("old"))).isFalse();
		assertThat(isIndexed(this.namespace.tagIndexKey("kept"))).isTrue();
		assertThat(isIndexed(this.namespace.tagIndexKey("new"))).isTrue();
		assertThat(isIndexed(this.namespace.modelIndexKey("model-a"))).isFalse();
		assertThat(isIndexed(this.namespace.modelIndexKey("model-b"))).isTrue();
		assertThat(isIndexed(this.namespace.semanticIndexKey())).isFalse();
		assertThat(isIndexed(this.namespace.allIndexKey())).isTrue();
		assertThat(this.redis.opsForHash().hasKey(this.namespace.continuationKey("cont-a"), "prompt-a")).isFalse();
		assertThat(this.repository.findByPromptNames(this.namespace, "cont-b", List.of("prompt-b")))
			.containsExactly("exact-1");
	}

	@Test
	void replacingAnEntryKeepsAContinuationFieldThatNamesAnotherEntry() {
		StoredEntry.ContinuationData shared = new StoredEntry.ContinuationData("cont-a", "prompt-a");
		save("exact-1", entry("id-1", "m", "norm-1", List.of(), null, shared));
		save("exact-2", entry("id-2", "m", "norm-2", List.of(), null, shared));

		save("exact-1", entry("id-3", "m", "norm-1", List.of(), null, null));

		assertThat(this.repository.findByPromptNames(this.namespace, "cont-a", List.of("prompt-a")))
			.containsExactly("exact-2");
	}

	@Test
	void refusesAStoreAtAStaleSequenceNumberAndWritesNothing() {
		this.redis.opsForHash().put(this.namespace.controlKey(), "seq", "5");
		StoredEntry entry = entry("id-1", "m", "norm-1", List.of("t"), semantic("ctx-1"),
				new StoredEntry.ContinuationData("cont-a", "prompt-a"));

		StoreOutcome outcome = save("exact-1", entry, 4L);

		assertThat(outcome).isEqualTo(new StoreOutcome(false, 5));
		assertThat(this.redis.hasKey(this.namespace.entryKey("exact-1"))).isFalse();
		assertThat(this.redis.hasKey(this.namespace.pointerKey("norm-1"))).isFalse();
		assertThat(this.redis.hasKey(this.namespace.allIndexKey())).isFalse();
		assertThat(this.redis.hasKey(this.namespace.tagIndexKey("t"))).isFalse();
		assertThat(this.redis.hasKey(this.namespace.semanticIndexKey())).isFalse();
		assertThat(this.redis.hasKey(this.namespace.continuationKey("cont-a"))).isFalse();
		assertThat(this.redis.opsForHash().keys(this.namespace.controlKey())).containsExactly("seq");
	}

	@Test
	void refusesToReplaceAnEntryAtAStaleSequenceNumber() {
		save("exact-1", entry("id-1", "m", "norm-1", List.of("old"), null, null));
		this.redis.opsForHash().put(this.namespace.controlKey(), "seq", "7");

		StoreOutcome outcome = save("exact-1", entry("id-2", "m", "norm-1", List.of("new"), null, null), 6L);

		assertThat(outcome).isEqualTo(new StoreOutcome(false, 7));
		assertThat(this.repository.entryIds(this.namespace, List.of("exact-1"))).containsExactly("id-1");
		assertThat(isIndexed(this.namespace.tagIndexKey("old"))).isTrue();
		assertThat(this.redis.hasKey(this.namespace.tagIndexKey("new"))).isFalse();
	}

	@Test
	void retriesAStoreWhoseEntryWasReplacedBetweenItsReadAndItsWrite() {
		save("exact-1", entry("id-1", "m", "norm-1", List.of("first"), null, null));
		StringRedisTemplate racing = spy(this.redis);
		HashOperations<String, Object, Object> hashes = spy(this.redis.opsForHash());
		doReturn(hashes).when(racing).opsForHash();
		AtomicBoolean raced = new AtomicBoolean();
		// Another store replaces the entry right after this one read its memberships.
		doAnswer((invocation) -> {
			Object memberships = invocation.callRealMethod();
			if (raced.compareAndSet(false, true)) {
				save("exact-1", entry("id-2", "m", "norm-1", List.of("second"), null, null));
			}
			return memberships;
		}).when(hashes).multiGet(any(), any());
		EntryRepository repository = new EntryRepository(racing, this.json, new EntryStaging(racing), NearCache.off());

		StoreOutcome outcome = repository.save(this.namespace, "exact-1",
				entry("id-3", "m", "norm-1", List.of("third"), null, null), TTL, this.now, null);

		assertThat(outcome.stored()).isTrue();
		assertThat(this.repository.entryIds(this.namespace, List.of("exact-1"))).containsExactly("id-3");
		assertThat(isIndexed(this.namespace.tagIndexKey("first"))).isFalse();
		assertThat(isIndexed(this.namespace.tagIndexKey("second"))).isFalse();
		assertThat(isIndexed(this.namespace.tagIndexKey("third"))).isTrue();
		verify(hashes, times(2)).multiGet(any(), any());
	}

	@Test
	void concurrentStoresOfTheSameRequestAndTagsAllSucceed() throws Exception {
		// The same request stored over and over from many connections (each replaces the
		// last): the entries in between name the same keys, so no store is refused.
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<StoreOutcome>> outcomes = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				String id = "id-" + i;
				outcomes.add(pool.submit(() -> save("exact-1", entry(id, "m", "norm-1", List.of("t"), null, null))));
			}
			for (Future<StoreOutcome> outcome : outcomes) {
				assertThat(outcome.get().stored()).isTrue();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(members(this.namespace.tagIndexKey("t"))).containsExactly("exact-1");
	}

	@Test
	void stampsAnEntryWithTheExpectedSequenceNumber() {
		this.redis.opsForHash().put(this.namespace.controlKey(), "seq", "5");

		StoreOutcome outcome = save("exact-1", entry("id-1", "m", "norm-1", List.of(), null, null), 5L);

		assertThat(outcome).isEqualTo(new StoreOutcome(true, 5));
		EntryRead read = this.repository.findByExactDigest(this.namespace, "exact-1", false);
		assertThat(read.sequence()).isEqualTo(5);
		assertThat(read.entry()).map(StoredEntry::generation).contains(5L);
	}

	@Test
	void followsAPointerOfAnEarlierVersionThatHoldsTheBareExactDigest() {
		StoredEntry entry = entry("id-1", "m", "norm-1", List.of(), null, null);
		save("exact-1", entry);
		this.redis.opsForValue().set(this.namespace.pointerKey("norm-1"), "exact-1");

		EntryRead read = this.repository.findByNormalizedDigest(this.namespace, "norm-1");

		assertThat(read.entry()).contains(readBack(entry, 0, null));
	}

	@Test
	void deleteRemovesEntriesWithTheirPointersMembershipsAndContinuationFields() {
		save("exact-1", entry("id-1", "model-a", "norm-1", List.of("t"), semantic("ctx-1"),
				new StoredEntry.ContinuationData("cont-a", "prompt-1")));
		save("exact-2", entry("id-2", "model-a", "norm-2", List.of("t"), null,
				new StoredEntry.ContinuationData("cont-a", "prompt-2")));
		save("exact-3", entry("id-3", "model-a", "norm-3", List.of("t"), null,
				new StoredEntry.ContinuationData("cont-a", "prompt-3")));

		Deletion deletion = this.repository.delete(this.namespace, ordered("exact-1", "id-1", "exact-2", "id-2"));

		assertThat(deletion).isEqualTo(new Deletion(2, List.of("exact-1")));
		for (String digest : List.of("exact-1", "exact-2")) {
			assertThat(this.redis.hasKey(this.namespace.entryKey(digest))).isFalse();
			assertThat(members(this.namespace.allIndexKey())).doesNotContain(digest);
			assertThat(members(this.namespace.tagIndexKey("t"))).doesNotContain(digest);
			assertThat(members(this.namespace.modelIndexKey("model-a"))).doesNotContain(digest);
		}
		assertThat(this.redis.hasKey(this.namespace.pointerKey("norm-1"))).isFalse();
		assertThat(this.redis.hasKey(this.namespace.pointerKey("norm-2"))).isFalse();
		assertThat(this.redis.hasKey(this.namespace.semanticIndexKey())).isFalse();
		assertThat(this.redis.opsForHash().entries(this.namespace.continuationKey("cont-a")))
			.isEqualTo(Map.of("prompt-3", "exact-3"));
		assertThat(this.redis.hasKey(this.namespace.entryKey("exact-3"))).isTrue();
		assertThat(members(this.namespace.allIndexKey())).containsExactly("exact-3");
	}

	@Test
	void deleteRemovesAPointerOfAnEarlierVersion() {
		save("exact-1", entry("id-1", "m", "norm-1", List.of(), null, null));
		this.redis.opsForValue().set(this.namespace.pointerKey("norm-1"), "exact-1");

		this.repository.delete(this.namespace, Map.of("exact-1", "id-1"));

		assertThat(this.redis.hasKey(this.namespace.pointerKey("norm-1"))).isFalse();
	}

	@Test
	void deleteKeepsAPointerThatNamesANewerEntry() {
		save("exact-1", entry("id-1", "m", "norm-1", List.of(), null, null));
		save("exact-2", entry("id-2", "m", "norm-1", List.of(), null, null));

		this.repository.delete(this.namespace, Map.of("exact-1", "id-1"));

		assertThat(this.redis.opsForValue().get(this.namespace.pointerKey("norm-1")))
			.isEqualTo(this.namespace.entryKey("exact-2"));
	}

	@Test
	void deleteSkipsAnEntryWhoseIdNoLongerMatches() {
		save("exact-1", entry("id-1", "m", "norm-1", List.of("t"), semantic("ctx-1"), null));
		save("exact-1", entry("id-2", "m", "norm-1", List.of("t"), semantic("ctx-1"), null));

		Deletion deletion = this.repository.delete(this.namespace, Map.of("exact-1", "id-1"));

		assertThat(deletion).isEqualTo(Deletion.NONE);
		assertThat(this.repository.entryIds(this.namespace, List.of("exact-1"))).containsExactly("id-2");
		assertThat(isIndexed(this.namespace.tagIndexKey("t"))).isTrue();
		assertThat(isIndexed(this.namespace.semanticIndexKey())).isTrue();
		assertThat(this.redis.hasKey(this.namespace.pointerKey("norm-1"))).isTrue();
	}

	@Test
	void deleteOfAbsentEntriesDeletesNothing() {
		assertThat(this.repository.delete(this.namespace, Map.of("absent", "id-1"))).isEqualTo(Deletion.NONE);
		assertThat(this.repository.delete(this.namespace, Map.of())).isEqualTo(Deletion.NONE);
	}

	@Test
	void readsFieldsAndIdsOfPresentAndAbsentEntriesInOrder() {
		save("exact-1", entry("id-1", "model-a", "norm-1", List.of(), null, null));
		save("exact-3", entry("id-3", "model-b", "norm-3", List.of(), null, null));
		List<String> digests = List.of("exact-1", "exact-2", "exact-3");

		assertThat(this.repository.readFields(this.namespace, digests, List.of("id", "model", "ctx"))).containsExactly(
				Arrays.asList("id-1", "model-a", null), Arrays.asList(null, null, null),
				Arrays.asList("id-3", "model-b", null));
		assertThat(this.repository.entryIds(this.namespace, digests)).containsExactly("id-1", null, "id-3");
		assertThat(this.repository.findByExactDigests(this.namespace, digests))
			.extracting((read) -> read.entry().map(StoredEntry::entryId))
			.containsExactly(Optional.of("id-1"), Optional.empty(), Optional.of("id-3"));
		assertThat(this.repository.readFields(this.namespace, List.of(), List.of("id"))).isEmpty();
		assertThat(this.repository.entryIds(this.namespace, List.of())).isEmpty();
	}

	@Test
	void flagsAnEntryWrongOnlyWhileItHasTheNamedId() {
		save("exact-1", entry("id-1", "m", "norm-1", List.of(), semantic("ctx-1"), null));

		assertThat(this.repository.flagWrong(this.namespace, "exact-1", "id-other")).isFalse();
		assertThat(semanticOf("exact-1").flaggedWrong()).isFalse();
		assertThat(this.repository.flagWrong(this.namespace, "exact-1", "id-1")).isTrue();
		assertThat(semanticOf("exact-1").flaggedWrong()).isTrue();
	}

	@Test
	void flagsNothingWhereThereIsNoEntry() {
		assertThat(this.repository.flagWrong(this.namespace, "absent", "id-1")).isFalse();
		assertThat(this.redis.hasKey(this.namespace.entryKey("absent"))).isFalse();
	}

	private StoreOutcome save(String exactDigest, StoredEntry entry) {
		return save(exactDigest, entry, null);
	}

	private StoreOutcome save(String exactDigest, StoredEntry entry, Long expectedSequence) {
		return this.repository.save(this.namespace, exactDigest, entry, TTL, this.now, expectedSequence);
	}

	private StoredEntry entry(String id, String model, String normalizedDigest, List<String> tags,
			StoredEntry.SemanticData semantic, StoredEntry.ContinuationData continuation) {
		return new StoredEntry(id, 0, model, EntryId.parse(id).map(EntryId::exactDigest).orElse(""), normalizedDigest,
				"{\"model\":\"" + model + "\"}", "{\"answer\":\"" + id + "\"}", semantic, continuation, tags,
				Map.of("owner", "tests"), this.now, this.now.plus(TTL), new TokenUsage(12, 34, id.length() % 2 == 0));
	}

	private static StoredEntry.SemanticData semantic(String context) {
		return new StoredEntry.SemanticData(context, "what is the refund policy", "AAAAAA==", false);
	}

	/** An entry as a read returns it: no vector, no continuation, {@code gen} set. */
	private static StoredEntry readBack(StoredEntry stored, long generation, String requestJson) {
		StoredEntry.SemanticData semantic = (stored.semantic() != null)
				? new StoredEntry.SemanticData(stored.semantic().context(), stored.semantic().text(), null, false)
				: null;
		return new StoredEntry(stored.entryId(), generation, stored.model(), stored.exactDigest(),
				stored.normalizedDigest(), requestJson, stored.responseJson(), semantic, null, stored.tags(),
				stored.metadata(), stored.createdAt(), stored.expiresAt(), stored.usage());
	}

	private StoredEntry.SemanticData semanticOf(String exactDigest) {
		return this.repository.findByExactDigest(this.namespace, exactDigest, false).entry().orElseThrow().semantic();
	}

	private boolean isIndexed(String indexKey) {
		return members(indexKey).contains("exact-1");
	}

	private Set<String> members(String indexKey) {
		return this.redis.opsForZSet().range(indexKey, 0, -1);
	}

	private static Map<String, String> ordered(String... digestsAndIds) {
		Map<String, String> entries = new LinkedHashMap<>();
		for (int i = 0; i < digestsAndIds.length; i += 2) {
			entries.put(digestsAndIds[i], digestsAndIds[i + 1]);
		}
		return entries;
	}

}
