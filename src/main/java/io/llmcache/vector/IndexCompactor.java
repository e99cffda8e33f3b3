package io.llmcache.vector;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.lucene.index.IndexWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the index into one segment in the background once {@link FragmentationRule} says
 * it is worth it: one compaction at a time, none while held, and counted with the time
 * they took when they finish. Searches and writes go on meanwhile.
 */
final class IndexCompactor {

	private static final Logger logger = LoggerFactory.getLogger(IndexCompactor.class);

	private final IndexWriter writer;

	private final VectorSearchers searchers;

	/**
	 * Runs compactions one at a time, off the scheduler's threads: compacting 100,000
	 * vectors takes about a minute, and other merges may run meanwhile.
	 */
	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "vector-index-compaction");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean compacting = new AtomicBoolean();

	private final AtomicLong compactions = new AtomicLong();

	private final AtomicLong compactionNanos = new AtomicLong();

	/** Holders that want no compaction to start; see {@link #hold()}. */
	private final AtomicInteger holds = new AtomicInteger();

	/** How many times the index was cleared, which aborts a running compaction. */
	private final AtomicLong clears = new AtomicLong();

	IndexCompactor(IndexWriter writer, VectorSearchers searchers) {
		this.writer = writer;
		this.searchers = searchers;
	}

	/**
	 * Starts a compaction in the background if none is held or running and the index
	 * holds at least {@code minSize} vectors and is fragmented.
	 * @param minSize the fewest vectors worth compacting
	 * @return whether a compaction started
	 */
	boolean compactIfFragmented(int minSize) {
		if (this.holds.get() > 0 || this.compacting.get()
				|| !this.searchers
					.withSearcher((searcher) -> FragmentationRule.isFragmented(searcher.getIndexReader(), minSize))
				|| !this.compacting.compareAndSet(false, true)) {
			return false;
		}
		try {
			this.executor.execute(this::compact);
			return true;
		}
		catch (RejectedExecutionException ex) { // closed
			this.compacting.set(false);
			return false;
		}
	}

	private void compact() {
		long start = System.nanoTime();
		long clearsBefore = this.clears.get();
		try {
			Exception failure = null;
			try {
				this.writer.forceMerge(1);
			}
			catch (IOException | RuntimeException ex) {
				failure = ex;
			}
			if (this.clears.get() != clearsBefore) {
				// clear() aborts running merges, with or without an exception: expected
				logger.debug("Vector index compaction abandoned: the index was cleared meanwhile");
			}
			else if (failure != null) {
				if (!this.executor.isShutdown()) {
					logger.warn("Vector index not compacted: {}", failure.toString());
				}
			}
			else {
				long nanos = System.nanoTime() - start;
				this.compactionNanos.addAndGet(nanos);
				this.compactions.incrementAndGet();
				logger.debug("Vector index compacted in {} ms", Duration.ofNanos(nanos).toMillis());
			}
		}
		finally {
			this.compacting.set(false);
		}
	}

	/**
	 * Notes that the index is about to be cleared, which aborts a running compaction: so
	 * that its end is neither a warning nor counted. Call before clearing.
	 */
	void clearing() {
		this.clears.incrementAndGet();
	}

	/**
	 * Keeps compactions from starting until {@link #release()}.
	 */
	void hold() {
		this.holds.incrementAndGet();
	}

	/**
	 * Lets compactions start again after {@link #hold()}.
	 */
	void release() {
		this.holds.decrementAndGet();
	}

	long compactions() {
		return this.compactions.get();
	}

	long compactionNanos() {
		return this.compactionNanos.get();
	}

	/**
	 * Starts no more compactions; one under way ends when the writer is rolled back.
	 */
	void close() {
		this.executor.shutdownNow();
	}

}
