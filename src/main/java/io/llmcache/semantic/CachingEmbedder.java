package io.llmcache.semantic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.llmcache.system.Digests;

/**
 * Embeds each distinct text once: a bounded cache of vectors in front of another
 * embedder. A lookup that misses and the store that follows it embed the same text, and
 * popular prompts come again and again; each would otherwise cost an inference (or a
 * remote call).
 * <p>
 * Keyed by the SHA-256 of the text, so an entry's size does not grow with the text and
 * the text itself is not kept in memory. Concurrent requests for the same text wait for
 * one embedding. Failures are not cached. Callers get a copy of the cached vector, so
 * none can change another's.
 */
public final class CachingEmbedder implements Embedder {

	private final Embedder delegate;

	private final Cache<String, float[]> vectors;

	/**
	 * Creates a caching embedder.
	 * @param delegate the embedder that does the work
	 * @param maxEntries the most vectors kept; the least recently used go first
	 */
	public CachingEmbedder(Embedder delegate, long maxEntries) {
		this.delegate = delegate;
		this.vectors = Caffeine.newBuilder().maximumSize(maxEntries).build();
	}

	@Override
	public String name() {
		return this.delegate.name();
	}

	@Override
	public int dimensions() {
		return this.delegate.dimensions();
	}

	@Override
	public float[] embed(String text) {
		return this.vectors.get(key(text), (key) -> this.delegate.embed(text)).clone();
	}

	@Override
	public List<float[]> embedAll(List<String> texts) {
		// The texts by key, so that a text given twice is embedded once
		Map<String, String> textsByKey = new LinkedHashMap<>();
		for (String text : texts) {
			textsByKey.putIfAbsent(key(text), text);
		}
		Map<String, float[]> found = this.vectors.getAll(textsByKey.keySet(), (missing) -> {
			List<String> keys = new ArrayList<>(missing);
			List<String> missingTexts = keys.stream().map(textsByKey::get).toList();
			List<float[]> embedded = this.delegate.embedAll(missingTexts);
			Map<String, float[]> loaded = new LinkedHashMap<>();
			for (int i = 0; i < keys.size(); i++) {
				loaded.put(keys.get(i), embedded.get(i));
			}
			return loaded;
		});
		List<float[]> result = new ArrayList<>(texts.size());
		for (String text : texts) {
			result.add(found.get(key(text)).clone());
		}
		return result;
	}

	/**
	 * How many vectors are cached now (approximately).
	 * @return the number of cached vectors
	 */
	public long size() {
		return this.vectors.estimatedSize();
	}

	private static String key(String text) {
		return Digests.sha256Hex(text);
	}

}
