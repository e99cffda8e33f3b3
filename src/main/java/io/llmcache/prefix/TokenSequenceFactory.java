package io.llmcache.prefix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.IntArrayList;
import io.llmcache.key.LlmRequest;

import org.springframework.stereotype.Component;

/**
 * Builds a request's {@link TokenSequence}: each segment tokenized on its own (a BPE
 * tokenization of a text's prefix is often not a prefix of the whole text's tokens, so
 * the segments are never concatenated first), preceded by its markers, with the ids of
 * segments seen before taken from the {@link SegmentTokenCache}.
 * <p>
 * Special-token text such as {@code <|endoftext|>} in a message is tokenized as ordinary
 * text: a caller cannot forge a marker or a special token.
 */
@Component
class TokenSequenceFactory {

	private final Tokenizers tokenizers;

	private final SegmentTokenCache cache;

	private final int maxTokens;

	TokenSequenceFactory(Tokenizers tokenizers, SegmentTokenCache cache, PrefixProperties properties) {
		this.tokenizers = tokenizers;
		this.cache = cache;
		this.maxTokens = properties.maxTokens();
	}

	/**
	 * The canonical token sequence of a request, cut at the configured maximum number of
	 * tokens.
	 * @param request the request
	 * @return the sequence
	 */
	TokenSequence of(LlmRequest request) {
		Encoding encoding = this.tokenizers.forModel(request.model());
		List<TokenSequence.Tokenized> segments = new ArrayList<>();
		int budget = this.maxTokens;
		boolean truncated = false;
		for (Segment segment : CanonicalSegments.of(request)) {
			if (budget <= 0) {
				truncated = true;
				break;
			}
			int[] ids = this.cache.get(encoding.getName(), segment, () -> tokenize(encoding, segment));
			int tokens = countTokens(ids);
			if (tokens > budget) {
				ids = cut(ids, budget);
				tokens = budget;
				truncated = true;
			}
			budget -= tokens;
			segments.add(new TokenSequence.Tokenized(segment.role(), ids, tokens));
		}
		return new TokenSequence(encoding.getName(), segments, truncated);
	}

	static int[] tokenize(Encoding encoding, Segment segment) {
		IntArrayList ids = new IntArrayList();
		ids.add(segment.roleMarker());
		for (Segment.Part part : segment.parts()) {
			ids.add(part.marker());
			IntArrayList tokens = encoding.encodeOrdinary(part.text());
			for (int i = 0; i < tokens.size(); i++) {
				ids.add(tokens.get(i));
			}
		}
		return ids.toArray();
	}

	private static int countTokens(int[] ids) {
		int tokens = 0;
		for (int id : ids) {
			tokens += (id >= 0) ? 1 : 0;
		}
		return tokens;
	}

	/** The ids up to the one that makes {@code tokens} tokens. */
	private static int[] cut(int[] ids, int tokens) {
		int seen = 0;
		for (int i = 0; i < ids.length; i++) {
			if (ids[i] >= 0 && ++seen == tokens) {
				return Arrays.copyOf(ids, i + 1);
			}
		}
		return ids;
	}

}
