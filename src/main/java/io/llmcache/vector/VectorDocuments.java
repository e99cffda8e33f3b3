package io.llmcache.vector;

import java.io.IOException;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * The Lucene document of a stored vector, and the terms and queries that find it: one
 * document per entry, identified by its tenant, namespace and digest, filtered by its
 * scope, dropped once it expires. Vectors are unit length, so Lucene's dot-product
 * similarity is the cosine.
 */
final class VectorDocuments {

	private static final String ID = "id";

	private static final String SCOPE = "scope";

	private static final String DIGEST = "digest";

	private static final String VECTOR = "vector";

	private static final String EXPIRES = "expires";

	private VectorDocuments() {
	}

	static Document of(StoredVector vector) {
		Document document = new Document();
		document.add(new StringField(ID, idOf(vector).text(), Field.Store.NO));
		document.add(new StringField(SCOPE, vector.scope().term(), Field.Store.NO));
		document.add(new StoredField(DIGEST, vector.entryDigest()));
		document.add(new LongPoint(EXPIRES, vector.expiresAt()));
		document.add(new KnnFloatVectorField(VECTOR, vector.vector(), VectorSimilarityFunction.DOT_PRODUCT));
		return document;
	}

	static Term idOf(StoredVector vector) {
		VectorScope scope = vector.scope();
		return idOf(scope.tenant(), scope.namespace(), vector.entryDigest());
	}

	/**
	 * The term that identifies an entry's document.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @param entryDigest the entry's exact digest
	 * @return the term
	 */
	static Term idOf(String tenant, String namespace, String entryDigest) {
		return new Term(ID, VectorScope.idOf(tenant, namespace, entryDigest));
	}

	static Term scopeOf(VectorScope scope) {
		return new Term(SCOPE, scope.term());
	}

	/**
	 * The documents that have expired.
	 * @param nowMillis the current time in epoch milliseconds
	 * @return the query
	 */
	static Query expiredBy(long nowMillis) {
		return LongPoint.newRangeQuery(EXPIRES, Long.MIN_VALUE, nowMillis);
	}

	/**
	 * The nearest vectors of a scope, the scope as a filter.
	 * @param scope the scope
	 * @param query a unit vector
	 * @param breadth the candidates the graph search keeps
	 * @return the query
	 */
	static Query nearest(VectorScope scope, float[] query, int breadth) {
		return new KnnFloatVectorQuery(VECTOR, query, breadth, new TermQuery(scopeOf(scope)));
	}

	static String digestOf(IndexSearcher searcher, int doc) throws IOException {
		return searcher.storedFields().document(doc).get(DIGEST);
	}

}
