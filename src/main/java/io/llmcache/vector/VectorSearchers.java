package io.llmcache.vector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.search.ControlledRealTimeReopenThread;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;

/**
 * The searchers of the index, each sharing its filter cache. A reopen thread refreshes
 * them in the background, so writes become visible to searches within
 * {@value #MAX_STALE_MILLIS} ms, and neither a store nor a lookup waits for it.
 */
final class VectorSearchers {

	static final long MAX_STALE_MILLIS = 100;

	private final SearcherManager searchers;

	private final ControlledRealTimeReopenThread<IndexSearcher> reopener;

	VectorSearchers(IndexWriter writer) throws IOException {
		this.searchers = new SearcherManager(writer, new FilterCachingSearcherFactory());
		this.reopener = new ControlledRealTimeReopenThread<>(writer, this.searchers, MAX_STALE_MILLIS / 1000.0, 0.01);
		this.reopener.setName("vector-index-reopen");
		this.reopener.setDaemon(true);
		this.reopener.start();
	}

	/**
	 * Runs an action with the current searcher, released afterwards.
	 * @param <T> the action's result
	 * @param action the action
	 * @return the action's result
	 */
	<T> T withSearcher(SearchAction<T> action) {
		try {
			IndexSearcher searcher = this.searchers.acquire();
			try {
				return action.apply(searcher);
			}
			finally {
				this.searchers.release(searcher);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Makes every write so far visible to searches before returning.
	 */
	void refresh() {
		try {
			this.searchers.maybeRefreshBlocking();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stops the background refresh, waiting up to a second for one under way.
	 */
	void stopRefreshing() throws InterruptedException {
		this.reopener.close();
		this.reopener.join(TimeUnit.SECONDS.toMillis(1));
	}

	void close() throws IOException {
		this.searchers.close();
	}

	@FunctionalInterface
	interface SearchAction<T> {

		T apply(IndexSearcher searcher) throws IOException;

	}

}
