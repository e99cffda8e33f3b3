package io.llmcache.vector;

import java.io.IOException;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Lucene's HNSW vector format with room for wider vectors: Lucene caps vectors at 1,024
 * dimensions by default, and remote embedding models often have more (1,536 for OpenAI's
 * text-embedding-3-small). Registered under its own name in {@code META-INF/services}, as
 * Lucene looks formats up by name when it reads segments.
 */
public final class WideVectorsFormat extends KnnVectorsFormat {

	/** The widest vector the index takes. */
	public static final int MAX_DIMENSIONS = 4096;

	static final String NAME = "LlmCacheWideHnsw";

	private final KnnVectorsFormat delegate = new Lucene99HnswVectorsFormat();

	public WideVectorsFormat() {
		super(NAME);
	}

	@Override
	public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
		return this.delegate.fieldsWriter(state);
	}

	@Override
	public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
		return this.delegate.fieldsReader(state);
	}

	@Override
	public int getMaxDimensions(String fieldName) {
		return MAX_DIMENSIONS;
	}

}
