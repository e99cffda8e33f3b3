package io.llmcache.prefix;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.llmcache.system.Digests;

import org.springframework.stereotype.Component;

/**
 * The ids of tokenized segments, by the SHA-256 of the tokenizer's name and the segment's
 * parts, so that a multi-turn conversation tokenizes only its newest message. Bounded by
 * the number of ids held ({@link PrefixProperties#segmentCacheTokens()}).
 */
@Component
class SegmentTokenCache {

	private final Cache<String, int[]> cache;

	SegmentTokenCache(PrefixProperties properties) {
		this.cache = Caffeine.newBuilder()
			.maximumWeight(properties.segmentCacheTokens())
			.weigher((String key, int[] ids) -> Math.max(1, ids.length))
			.build();
	}

	/**
	 * The ids of a segment, tokenized on a miss.
	 * @param encoding the tokenizer's name
	 * @param segment the segment
	 * @param tokenize tokenizes it when it is not cached
	 * @return the ids (not to be modified)
	 */
	int[] get(String encoding, Segment segment, Supplier<int[]> tokenize) {
		return this.cache.get(digest(encoding, segment), (key) -> tokenize.get());
	}

	/**
	 * The ids of a plain text (no markers), tokenized on a miss; kept apart from segments
	 * by a digest of their own.
	 * @param encoding the tokenizer's name
	 * @param text the text
	 * @param tokenize tokenizes it when it is not cached
	 * @return the ids (not to be modified)
	 */
	int[] getText(String encoding, String text, Supplier<int[]> tokenize) {
		MessageDigest digest = Digests.newSha256();
		update(digest, "text");
		update(digest, encoding);
		update(digest, text);
		return this.cache.get(keyOf(digest), (key) -> tokenize.get());
	}

	/**
	 * An unambiguous digest: every variable-length value is preceded by its length.
	 */
	static String digest(String encoding, Segment segment) {
		MessageDigest digest = Digests.newSha256();
		update(digest, encoding);
		digest.update(ByteBuffer.allocate(8).putInt(segment.roleMarker()).putInt(segment.parts().size()).array());
		for (Segment.Part part : segment.parts()) {
			digest.update(ByteBuffer.allocate(4).putInt(part.marker()).array());
			update(digest, part.text());
		}
		return keyOf(digest);
	}

	private static String keyOf(MessageDigest digest) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest());
	}

	private static void update(MessageDigest digest, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
		digest.update(bytes);
	}

}
