package io.llmcache.vector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ControlledRealTimeReopenThread;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

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
 *
 * @author llm-cache developers
 */
@Component
public class VectorIndex {

	static final long MAX_STALE_MILLIS = 100;

	static final int SEARCH_BREADTH = 100;

	private static final String ID = "id";

	private static final String SCOPE = "scope";

	private static final String DIGEST = "digest";

	private static final String VECTOR = "vector";

	private static final String EXPIRES = "expires";

	private final IndexWriter writer;

	private final SearcherManager searchers;

	private final ControlledRealTimeReopenThread<IndexSearcher> reopener;

	public VectorIndex() {
		try {
			WideVectorsFormat vectorsFormat = new WideVectorsFormat();
			IndexWriterConfig config = new IndexWriterConfig().setRAMBufferSizeMB(64).setCodec(new Lucene912Codec() {

				@Override
				public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
					return vectorsFormat;
				}

			});
			this.writer = new IndexWriter(new ByteBuffersDirectory(), config);
			this.searchers = new SearcherManager(this.writer, null);
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
			// The graph search keeps SEARCH_BREADTH candidates (HNSW's ef): a wider beam
			// finds
			// the true nearest far more often than asking for only `count`.
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
	 * Drops every vector.
	 */
	public void clear() {
		try {
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
		this.searchers.close();
		this.writer.close();
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

	@FunctionalInterface
	private interface SearchAction<T> {

		T apply(IndexSearcher searcher) throws IOException;

	}

}
