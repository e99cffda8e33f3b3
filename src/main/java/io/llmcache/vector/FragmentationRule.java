package io.llmcache.vector;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;

/**
 * When the index is worth compacting into one segment. A search costs about one graph
 * search per Lucene segment, and writes arriving a few at a time leave a dozen segments
 * behind; but compacting rebuilds graphs, so it should not happen after every few writes
 * either. The numbers were measured by {@code bench/semantic.sh}.
 */
final class FragmentationRule {

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
	 * {@value VectorSearchers#MAX_STALE_MILLIS} ms leaves many small ones.
	 */
	static final int MAX_SEGMENTS_WITHOUT_DELETIONS = 3;

	private FragmentationRule() {
	}

	/**
	 * Whether an index is worth compacting, if it holds at least {@code minSize} vectors.
	 * @param reader the index as a search sees it
	 * @param minSize the fewest vectors worth compacting
	 * @return whether to compact
	 */
	static boolean isFragmented(IndexReader reader, int minSize) {
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

}
