package io.llmcache.prefix;

import java.util.Arrays;

import com.knuddels.jtokkit.api.Encoding;
import io.llmcache.invalidation.PromptTokenizer;

import org.springframework.stereotype.Component;

/**
 * Tokenizes prompt text for {@code promptPrefix} selectors with the model's tokenizer,
 * each text on its own as the canonical token sequence does, through the same bounded
 * cache, so a system prompt shared by many entries is tokenized once.
 */
@Component
class CanonicalPromptTokenizer implements PromptTokenizer {

	private final Tokenizers tokenizers;

	private final SegmentTokenCache cache;

	CanonicalPromptTokenizer(Tokenizers tokenizers, SegmentTokenCache cache) {
		this.tokenizers = tokenizers;
		this.cache = cache;
	}

	@Override
	public boolean isTokenPrefix(String model, String segment, String text) {
		Encoding encoding = this.tokenizers.forModel(model);
		int[] whole = ids(encoding, segment);
		int[] head = ids(encoding, text);
		return head.length <= whole.length && Arrays.equals(head, 0, head.length, whole, 0, head.length);
	}

	private int[] ids(Encoding encoding, String text) {
		return this.cache.getText(encoding.getName(), text, () -> encoding.encodeOrdinary(text).toArray());
	}

}
