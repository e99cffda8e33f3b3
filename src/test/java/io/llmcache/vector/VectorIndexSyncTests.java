package io.llmcache.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The index's rebuild from Redis: a rebuild that failed is tried again by the next poll,
 * and a poll never starts one while the first is yet to run. And the changes read back: a
 * replica does not index its own stores twice, unless another replica's change to the
 * same entry came in between.
 */
class VectorIndexSyncTests {

	private final VectorIndex index = new VectorIndex();

	private final VectorChangeRepository changes = mock(VectorChangeRepository.class);

	private final VectorSource source = mock(VectorSource.class);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final VectorIndexSync sync = new VectorIndexSync(this.index, this.changes, this.source, this.registry);

	@AfterEach
	void close() throws Exception {
		this.index.close();
	}

	@Test
	void retriesARebuildThatFailedWithTheNextPoll() {
		given(this.changes.newestId()).willThrow(new QueryTimeoutException("Redis command timed out"))
			.willReturn("0-0");
		given(this.changes.namespaces()).willReturn(Set.of("acme/support"));
		given(this.source.forEach(eq("acme"), eq("support"), any())).willReturn(true);

		this.sync.rebuild();
		assertThat(this.sync.isReady()).isFalse();

		this.sync.poll();
		assertThat(this.sync.isReady()).isTrue();
		verify(this.source).forEach(eq("acme"), eq("support"), any());
	}

	@Test
	void holdsCompactionsOffWhileItRebuilds() {
		given(this.changes.newestId()).willReturn("0-0");
		given(this.changes.namespaces()).willReturn(Set.of("acme/support"));
		List<Boolean> compactedDuringRebuild = new ArrayList<>();
		given(this.source.forEach(eq("acme"), eq("support"), any())).willAnswer((invocation) -> {
			Consumer<StoredVector> sink = invocation.getArgument(2);
			for (int i = 0; i < 40; i++) {
				sink.accept(vector("d" + i));
				if (i % 10 == 9) {
					this.index.refresh(); // segments to compact
				}
			}
			compactedDuringRebuild.add(this.index.compactIfFragmented(0));
			return true;
		});

		this.sync.rebuild();

		assertThat(compactedDuringRebuild).containsExactly(false);
		assertThat(this.index.compactIfFragmented(0)).as("after the rebuild").isTrue();
	}

	@Test
	void reportsTheIndexSizeSegmentsAndCompactions() {
		this.index.put(vector("d1"));
		this.index.refresh();
		this.index.put(vector("d2"));
		this.index.refresh();

		assertThat(this.registry.get("llmcache.semantic.index.vectors").gauge().value()).isEqualTo(2);
		assertThat(this.registry.get("llmcache.semantic.index.segments").gauge().value()).isEqualTo(2);
		assertThat(this.registry.get("llmcache.semantic.index.compactions").functionTimer().count()).isZero();
	}

	@Test
	void pollDoesNotRebuildBeforeTheFirstRebuildRan() {
		this.sync.poll();

		assertThat(this.sync.isReady()).isFalse();
		verify(this.changes, never()).newestId();
		verify(this.source, times(0)).forEach(any(), any(), any());
	}

	@Test
	void aReplicaDoesNotIndexItsOwnStoreAgainWhenItReadsItsChangeBack() {
		ready();
		StoredVector vector = vector("d1");
		this.sync.added(vector);
		String origin = publishedOrigin();
		given(this.changes.after(any(), anyInt()))
			.willReturn(List.of(new VectorChange("2-0", "acme", "support", "d1", true, origin)));

		this.sync.poll();

		verify(this.source, never()).read(any(), any(), any());
		assertThat(nearest(vector)).containsExactly("d1");
	}

	@Test
	void anotherReplicasChangeInBetweenMakesTheOwnChangeApplyAgain() {
		ready();
		StoredVector vector = vector("d1");
		this.sync.added(vector);
		String origin = publishedOrigin();
		given(this.changes.after(any(), anyInt()))
			.willReturn(List.of(new VectorChange("2-0", "acme", "support", "d1", false, "other-replica"),
					new VectorChange("3-0", "acme", "support", "d1", true, origin)));
		given(this.source.read("acme", "support", "d1")).willReturn(Optional.of(vector));

		this.sync.poll();

		verify(this.source).read("acme", "support", "d1");
		assertThat(nearest(vector)).as("removed by the other replica's change, then indexed again by its own")
			.containsExactly("d1");
	}

	@Test
	void changesOfOtherReplicasAreAlwaysApplied() {
		ready();
		StoredVector vector = vector("d2");
		given(this.changes.after(any(), anyInt()))
			.willReturn(List.of(new VectorChange("2-0", "acme", "support", "d2", true, "other-replica")));
		given(this.source.read("acme", "support", "d2")).willReturn(Optional.of(vector));

		this.sync.poll();

		assertThat(nearest(vector)).containsExactly("d2");
	}

	private void ready() {
		given(this.changes.newestId()).willReturn("1-0");
		given(this.changes.oldestId()).willReturn("1-0");
		this.sync.rebuild();
		assertThat(this.sync.isReady()).isTrue();
	}

	private String publishedOrigin() {
		ArgumentCaptor<String> origin = ArgumentCaptor.forClass(String.class);
		verify(this.changes).publish(origin.capture(), eq("acme"), eq("support"), eq("d1"), eq(true));
		return origin.getValue();
	}

	private static StoredVector vector(String digest) {
		float[] values = new float[8];
		values[digest.hashCode() & 7] = 1;
		return new StoredVector(new VectorScope("acme", "support", "ctx"), digest, values,
				System.currentTimeMillis() + 60_000);
	}

	private List<String> nearest(StoredVector vector) {
		this.index.refresh();
		return this.index.nearest(vector.scope(), vector.vector(), 5).stream().map(Neighbour::entryDigest).toList();
	}

}
