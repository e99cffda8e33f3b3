package io.llmcache.vector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ControlledRealTimeReopenThread;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.LRUQueryCache;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryCachingPolicy;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The vectors of every semantic entry, searchable by scope. A Lucene index in memory: an
 * HNSW graph for approximate nearest neighbours, with the scope as a filter, so that
 * Lucene searches exactly (visiting every vector of the scope) when the scope is small
 * enough for that to be cheaper.
 * <p>
 * Writes become visible to searches within {@value #MAX_STALE_MILLIS} ms: a reopen thread
 * refreshes the searcher in the background, so neither a store nor a lookup waits for it.
 * Vectors are unit length, so Lucene's dot-product similarity is the cosine.
 * <p>
 * Kept fast in two ways, both measured by {@code bench/semantic.sh}. A search costs about
 * one graph search per Lucene segment, and writes arriving a few at a time leave a dozen
 * segments behind, so the index is compacted into one segment in the background once it
 * has too many segments, or too many vectors outside its largest segment or deleted in
 * it. And the scope filter's set of documents is cached per segment, as building it anew
 * costs as much as the graph search in a large scope.
 *
 * @author llm-cache developers
 */
@Component
public class VectorIndex {

	private static final Logger logger = LoggerFactory.getLogger(VectorIndex.class);

	static final long MAX_STALE_MILLIS = 100;

	/**
	 * Candidates a graph search keeps (HNSW's ef). Measured on 100,000 real embeddings in
	 * one segment (Lucene's default graph: 16 connections, beam 100 when built): 100 gave
	 * recall@1 0.9935 in 0.68 ms, 128 gave 0.996 in 0.84 ms. A graph built with a wider
	 * beam saved about 0.1 ms at the same recall, but took 1.6 times as long to build,
	 * and compactions rebuild it (bench/README.md).
	 */
	static final int SEARCH_BREADTH = 128;

	/**
	 * Below this many vectors the index is never compacted: searching a few small
	 * segments costs little.
	 */
	static final int MIN_COMPACTED_SIZE = 10_000;

	/**
	 * Compaction starts once the vectors outside the largest segment, plus those deleted
	 * in it, exceed this share of it, if it has deletions: Lucene then rebuilds its graph
	 * from scratch, so the share bounds that work to about 1 / share graph insertions per
	 * write.
	 */
	static final double MAX_STRAY_SHARE = 1.0 / 8;

	/**
	 * The share for a largest segment without deletions: Lucene then keeps its graph and
	 * inserts only the other vectors, so compacting often costs little (copying the
	 * segment, inserting what was written since).
	 */
	static final double MAX_STRAY_SHARE_WITHOUT_DELETIONS = 1.0 / 64;

	/**
	 * No more segments than this for a largest segment without deletions: each costs a
	 * graph search however few vectors it holds, and a writer that flushes every
	 * {@value #MAX_STALE_MILLIS} ms leaves many small ones.
	 */
	static final int MAX_SEGMENTS_WITHOUT_DELETIONS = 3;

	private static final double FLOOR_SEGMENT_MB = 32;

	private static final int CACHED_FILTERS = 256;

	private static final long CACHED_FILTERS_BYTES = 32L * 1024 * 1024;

	private static final String ID = "id";

	private static final String SCOPE = "scope";

	private static final String DIGEST = "digest";

	private static final String VECTOR = "vector";

	private static final String EXPIRES = "expires";

	private final IndexWriter writer;

	private final SearcherManager searchers;

	private final ControlledRealTimeReopenThread<IndexSearcher> reopener;

	/**
	 * Runs compactions one at a time, off the scheduler's threads: compacting 100,000
	 * vectors takes about a minute, and other merges may run meanwhile.
	 */
	private final ExecutorService compactor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "vector-index-compaction");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean compacting = new AtomicBoolean();

	private final AtomicLong compactions = new AtomicLong();

	private final AtomicLong compactionNanos = new AtomicLong();

	/** Holders that want no compaction to start; see {@link #holdCompactions()}. */
	private final AtomicInteger compactionHolds = new AtomicInteger();

	/** How many times the index was cleared, which aborts a running compaction. */
	private final AtomicLong clears = new AtomicLong();

	public VectorIndex() {
		try {
			WideVectorsFormat vectorsFormat = new WideVectorsFormat();
			// Segments below the floor count as one size, so the many small segments that
			// writes arriving a few at a time flush are merged into few (Lucene's default
			// floor, 2 MB, is about 1,300 vectors of 384 dimensions).
			TieredMergePolicy merges = new TieredMergePolicy().setFloorSegmentMB(FLOOR_SEGMENT_MB);
			IndexWriterConfig config = new IndexWriterConfig().setRAMBufferSizeMB(64)
				.setMergePolicy(merges)
				.setCodec(new Lucene912Codec() {

					@Override
					public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
						return vectorsFormat;
					}

				});
			this.writer = new IndexWriter(new ByteBuffersDirectory(), config);
			this.searchers = new SearcherManager(this.writer, new FilterCachingSearcherFactory());
			this.reopener = new ControlledRealTimeReopenThread<>(this.writer, this.searchers, MAX_STALE_MILLIS / 1000.0,
					0.01);
			this.reopener.setName("vector-index-reopen");
			this.reopener.setDaemon(true);
			this.reopener.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Adds or replaces the vector of an entry.
	 * @param vector the vector, where it may be matched, and until when
	 */
	public void put(StoredVector vector) {
		Document document = new Document();
		VectorScope scope = vector.scope();
		String id = VectorScope.idOf(scope.tenant(), scope.namespace(), vector.entryDigest());
		document.add(new StringField(ID, id, Field.Store.NO));
		document.add(new StringField(SCOPE, scope.term(), Field.Store.NO));
		document.add(new StoredField(DIGEST, vector.entryDigest()));
		document.add(new LongPoint(EXPIRES, vector.expiresAt()));
		document.add(new KnnFloatVectorField(VECTOR, vector.vector(), VectorSimilarityFunction.DOT_PRODUCT));
		try {
			this.writer.updateDocument(new Term(ID, id), document);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Removes the vector of an entry, if there is one.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @param entryDigest the entry's exact digest
	 */
	public void remove(String tenant, String namespace, String entryDigest) {
		try {
			this.writer.deleteDocuments(new Term(ID, VectorScope.idOf(tenant, namespace, entryDigest)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Drops the vectors of entries that have expired.
	 * @param nowMillis the current time in epoch milliseconds
	 */
	public void removeExpired(long nowMillis) {
		try {
			this.writer.deleteDocuments(LongPoint.newRangeQuery(EXPIRES, Long.MIN_VALUE, nowMillis));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether a scope may have vectors; cheap, so a lookup can skip embedding its query
	 * when there is nothing to compare it with.
	 * @param scope the scope
	 * @return {@code false} if the scope certainly has none
	 */
	public boolean mayHaveVectors(VectorScope scope) {
		return withSearcher((searcher) -> searcher.getIndexReader().docFreq(new Term(SCOPE, scope.term())) > 0);
	}

	/**
	 * The nearest vectors of a scope.
	 * @param scope the scope
	 * @param query a unit vector
	 * @param count at most this many
	 * @return the neighbours, most similar first
	 */
	public List<Neighbour> nearest(VectorScope scope, float[] query, int count) {
		return withSearcher((searcher) -> {
			// The graph search keeps SEARCH_BREADTH candidates (HNSW's ef): a wider
			// beam finds the true nearest far more often than asking for only `count`.
			int breadth = Math.max(count, SEARCH_BREADTH);
			TopDocs top = searcher.search(
					new KnnFloatVectorQuery(VECTOR, query, breadth, new TermQuery(new Term(SCOPE, scope.term()))),
					count);
			List<Neighbour> neighbours = new ArrayList<>(top.scoreDocs.length);
			for (ScoreDoc hit : top.scoreDocs) {
				String digest = searcher.storedFields().document(hit.doc).get(DIGEST);
				// Lucene scores a dot product d as (1 + d) / 2.
				neighbours.add(new Neighbour(digest, 2.0 * hit.score - 1.0));
			}
			return neighbours;
		});
	}

	/**
	 * How many vectors the index holds.
	 * @return the count
	 */
	public int size() {
		return this.writer.getDocStats().numDocs;
	}

	/**
	 * Starts merging the index into one segment in the background if it has become
	 * fragmented (see {@link #isFragmented(int, long, int, int)}); searches and writes go
	 * on meanwhile.
	 */
	@Scheduled(fixedDelayString = "${llmcache.semantic.compaction-check-interval:5s}")
	public void compactIfFragmented() {
		compactIfFragmented(MIN_COMPACTED_SIZE);
	}

	boolean compactIfFragmented(int minSize) {
		if (this.compactionHolds.get() > 0 || this.compacting.get()
				|| !withSearcher((searcher) -> isFragmented(searcher.getIndexReader(), minSize))
				|| !this.compacting.compareAndSet(false, true)) {
			return false;
		}
		try {
			this.compactor.execute(this::compact);
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
				if (!this.compactor.isShutdown()) {
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

	private static boolean isFragmented(IndexReader reader, int minSize) {
		if (reader.numDocs() < minSize || reader.leaves().isEmpty()) {
			return false;
		}
		LeafReader largest = reader.leaves()
			.stream()
			.map(LeafReaderContext::reader)
			.max((left, right) -> Integer.compare(left.maxDoc(), right.maxDoc()))
			.orElseThrow();
		return isFragmented(reader.leaves().size(), reader.maxDoc(), largest.maxDoc(), largest.numDeletedDocs());
	}

	/**
	 * The rule: whether an index is worth compacting.
	 * @param segments how many segments it has
	 * @param vectors the vectors in all of them, deleted ones included
	 * @param largest the vectors in the largest, deleted ones included
	 * @param deletedInLargest the deleted vectors in the largest
	 * @return whether to compact
	 */
	static boolean isFragmented(int segments, long vectors, int largest, int deletedInLargest) {
		long stray = vectors - largest + deletedInLargest;
		if (deletedInLargest > 0) {
			return stray > largest * MAX_STRAY_SHARE;
		}
		return segments > MAX_SEGMENTS_WITHOUT_DELETIONS || stray > largest * MAX_STRAY_SHARE_WITHOUT_DELETIONS;
	}

	/**
	 * How many segments the index has: a search costs about one graph search per segment.
	 * @return the count
	 */
	public int segments() {
		return withSearcher((searcher) -> searcher.getIndexReader().leaves().size());
	}

	/**
	 * How many compactions have finished.
	 * @return the count
	 */
	public long compactions() {
		return this.compactions.get();
	}

	/**
	 * The time the finished compactions took, together.
	 * @return the time in nanoseconds
	 */
	public long compactionNanos() {
		return this.compactionNanos.get();
	}

	/**
	 * Makes every write so far visible to searches before returning; for tests and
	 * rebuilds, never on a request's path.
	 */
	public void refresh() {
		try {
			this.searchers.maybeRefreshBlocking();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Keeps compactions from starting until {@link #releaseCompactions()}: a rebuild adds
	 * every vector anew, and compacting halfway would rebuild graphs that are still
	 * growing and hold the index twice in memory meanwhile. The check after the release
	 * compacts the result once.
	 */
	public void holdCompactions() {
		this.compactionHolds.incrementAndGet();
	}

	/**
	 * Lets compactions start again after {@link #holdCompactions()}.
	 */
	public void releaseCompactions() {
		this.compactionHolds.decrementAndGet();
	}

	/**
	 * Drops every vector, aborting a running compaction.
	 */
	public void clear() {
		try {
			this.clears.incrementAndGet();
			this.writer.deleteAll();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@PreDestroy
	void close() throws IOException, InterruptedException {
		this.reopener.close();
		this.reopener.join(TimeUnit.SECONDS.toMillis(1));
		this.compactor.shutdownNow();
		this.searchers.close();
		// Nothing to keep (the index lives in memory and is rebuilt from Redis), so a
		// running compaction is aborted rather than waited for.
		this.writer.rollback();
	}

	private <T> T withSearcher(SearchAction<T> action) {
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
	 * Gives every searcher the index's filter cache, which keeps the documents of the
	 * scopes searched most recently per segment (a segment never changes; its deletions
	 * are applied on top).
	 */
	private static final class FilterCachingSearcherFactory extends SearcherFactory {

		private final LRUQueryCache cache = new LRUQueryCache(CACHED_FILTERS, CACHED_FILTERS_BYTES, (leaf) -> true,
				Float.POSITIVE_INFINITY);

		@Override
		public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader) {
			IndexSearcher searcher = new IndexSearcher(reader);
			searcher.setQueryCache(this.cache);
			searcher.setQueryCachingPolicy(CacheEveryFilter.INSTANCE);
			return searcher;
		}

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

	@FunctionalInterface
	private interface SearchAction<T> {

		T apply(IndexSearcher searcher) throws IOException;

	}

}
