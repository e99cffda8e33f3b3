package io.llmcache.vector;

import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The index's rebuild from Redis: a rebuild that failed is tried again by the next poll,
 * and a poll never starts one while the first is yet to run.
 *
 * @author llm-cache developers
 */
class VectorIndexSyncTests {

	private final VectorIndex index = new VectorIndex();

	private final VectorChangeRepository changes = mock(VectorChangeRepository.class);

	private final VectorSource source = mock(VectorSource.class);

	private final VectorIndexSync sync = new VectorIndexSync(this.index, this.changes, this.source,
			new SimpleMeterRegistry());

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
	void pollDoesNotRebuildBeforeTheFirstRebuildRan() {
		this.sync.poll();

		assertThat(this.sync.isReady()).isFalse();
		verify(this.changes, never()).newestId();
		verify(this.source, times(0)).forEach(any(), any(), any());
	}

}
