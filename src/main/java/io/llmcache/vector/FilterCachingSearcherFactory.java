package io.llmcache.vector;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LRUQueryCache;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryCachingPolicy;
import org.apache.lucene.search.SearcherFactory;

/**
 * Gives every searcher the index's filter cache, which keeps the documents of the scopes
 * searched most recently per segment (a segment never changes; its deletions are applied
 * on top). Building a scope's set of documents anew costs as much as the graph search in
 * a large scope, as measured by {@code bench/semantic.sh}.
 */
final class FilterCachingSearcherFactory extends SearcherFactory {

	private static final int CACHED_FILTERS = 256;

	private static final long CACHED_FILTERS_BYTES = 32L * 1024 * 1024;

	private final LRUQueryCache cache = new LRUQueryCache(CACHED_FILTERS, CACHED_FILTERS_BYTES, (leaf) -> true,
			Float.POSITIVE_INFINITY);

	@Override
	public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader) {
		IndexSearcher searcher = new IndexSearcher(reader);
		searcher.setQueryCache(this.cache);
		searcher.setQueryCachingPolicy(CacheEveryFilter.INSTANCE);
		return searcher;
	}

	/**
	 * Caches every filter: the only ones are scope filters, and Lucene's default policy
	 * never caches a term query.
	 */
	private enum CacheEveryFilter implements QueryCachingPolicy {

		INSTANCE;

		@Override
		public void onUse(Query query) {
		}

		@Override
		public boolean shouldCache(Query query) {
			return true;
		}

	}

}
