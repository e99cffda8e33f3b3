package io.llmcache.vector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PreDestroy;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The vectors of every semantic entry, searchable by scope. A Lucene index in memory: an
 * HNSW graph for approximate nearest neighbours, with the scope as a filter, so that
 * Lucene searches exactly (visiting every vector of the scope) when the scope is small
 * enough for that to be cheaper.
 * <p>
 * Writes become visible to searches within {@value VectorSearchers#MAX_STALE_MILLIS} ms:
 * a reopen thread refreshes the searcher in the background, so neither a store nor a
 * lookup waits for it ({@link VectorSearchers}). Vectors are unit length, so Lucene's
 * dot-product similarity is the cosine ({@link VectorDocuments}).
 * <p>
 * Kept fast in two ways, both measured by {@code bench/semantic.sh}. A search costs about
 * one graph search per Lucene segment, and writes arriving a few at a time leave a dozen
 * segments behind, so the index is compacted into one segment in the background once it
 * has too many segments, or too many vectors outside its largest segment or deleted in it
 * ({@link IndexCompactor}, {@link FragmentationRule}). And the scope filter's set of
 * documents is cached per segment, as building it anew costs as much as the graph search
 * in a large scope ({@link FilterCachingSearcherFactory}).
 */
@Component
public class VectorIndex {

	/**
	 * Candidates a graph search keeps (HNSW's ef). Measured on 100,000 real embeddings in
	 * one segment (Lucene's default graph: 16 connections, beam 100 when built): 100 gave
	 * recall@1 0.9935 in 0.68 ms, 128 gave 0.996 in 0.84 ms. A graph built with a wider
	 * beam saved about 0.1 ms at the same recall, but took 1.6 times as long to build,
	 * and compactions rebuild it (bench/README.md).
	 */
	static final int SEARCH_BREADTH = 128;

	private static final double FLOOR_SEGMENT_MB = 32;

	private final IndexWriter writer;

	private final VectorSearchers searchers;

	private final IndexCompactor compactor;

	public VectorIndex() {
		try {
			this.writer = openWriter();
			this.searchers = new VectorSearchers(this.writer);
			this.compactor = new IndexCompactor(this.writer, this.searchers);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static IndexWriter openWriter() throws IOException {
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
		return new IndexWriter(new ByteBuffersDirectory(), config);
	}

	/**
	 * Adds or replaces the vector of an entry.
	 * @param vector the vector, where it may be matched, and until when
	 */
	public void put(StoredVector vector) {
		try {
			this.writer.updateDocument(VectorDocuments.idOf(vector), VectorDocuments.of(vector));
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
			this.writer.deleteDocuments(VectorDocuments.idOf(tenant, namespace, entryDigest));
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
			this.writer.deleteDocuments(VectorDocuments.expiredBy(nowMillis));
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
		return this.searchers
			.withSearcher((searcher) -> searcher.getIndexReader().docFreq(VectorDocuments.scopeOf(scope)) > 0);
	}

	/**
	 * The nearest vectors of a scope.
	 * @param scope the scope
	 * @param query a unit vector
	 * @param count at most this many
	 * @return the neighbours, most similar first
	 */
	public List<Neighbour> nearest(VectorScope scope, float[] query, int count) {
		return this.searchers.withSearcher((searcher) -> {
			// The graph search keeps SEARCH_BREADTH candidates (HNSW's ef): a wider
			// beam finds the true nearest far more often than asking for only `count`.
			int breadth = Math.max(count, SEARCH_BREADTH);
			TopDocs top = searcher.search(VectorDocuments.nearest(scope, query, breadth), count);
			List<Neighbour> neighbours = new ArrayList<>(top.scoreDocs.length);
			for (ScoreDoc hit : top.scoreDocs) {
				String digest = VectorDocuments.digestOf(searcher, hit.doc);
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
	 * fragmented (see {@link FragmentationRule#isFragmented(int, long, int, int)});
	 * searches and writes go on meanwhile.
	 */
	@Scheduled(fixedDelayString = "${llmcache.semantic.compaction-check-interval:5s}")
	public void compactIfFragmented() {
		compactIfFragmented(FragmentationRule.MIN_COMPACTED_SIZE);
	}

	boolean compactIfFragmented(int minSize) {
		return this.compactor.compactIfFragmented(minSize);
	}

	/**
	 * How many segments the index has: a search costs about one graph search per segment.
	 * @return the count
	 */
	public int segments() {
		return this.searchers.withSearcher((searcher) -> searcher.getIndexReader().leaves().size());
	}

	/**
	 * How many compactions have finished.
	 * @return the count
	 */
	public long compactions() {
		return this.compactor.compactions();
	}

	/**
	 * The time the finished compactions took, together.
	 * @return the time in nanoseconds
	 */
	public long compactionNanos() {
		return this.compactor.compactionNanos();
	}

	/**
	 * Makes every write so far visible to searches before returning; for tests and
	 * rebuilds, never on a request's path.
	 */
	public void refresh() {
		this.searchers.refresh();
	}

	/**
	 * Keeps compactions from starting until {@link #releaseCompactions()}: a rebuild adds
	 * every vector anew, and compacting halfway would rebuild graphs that are still
	 * growing and hold the index twice in memory meanwhile. The check after the release
	 * compacts the result once.
	 */
	public void holdCompactions() {
		this.compactor.hold();
	}

	/**
	 * Lets compactions start again after {@link #holdCompactions()}.
	 */
	public void releaseCompactions() {
		this.compactor.release();
	}

	/**
	 * Drops every vector, aborting a running compaction.
	 */
	public void clear() {
		try {
			this.compactor.clearing();
			this.writer.deleteAll();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@PreDestroy
	void close() throws IOException, InterruptedException {
		this.searchers.stopRefreshing();
		this.compactor.close();
		this.searchers.close();
		// Nothing to keep (the index lives in memory and is rebuilt from Redis), so a
		// running compaction is aborted rather than waited for.
		this.writer.rollback();
	}

}
