package io.llmcache.invalidation;

/**
 * Tokenizes prompt text as the canonical token sequence does, for {@code promptPrefix}
 * selectors (implemented by the token prefix feature, which owns the tokenizers).
 */
public interface PromptTokenizer {

	/**
	 * Whether a text, tokenized on its own with a model's tokenizer, gives the first
	 * tokens of a segment tokenized on its own.
	 * @param model the model whose tokenizer is used
	 * @param segment the segment
	 * @param text a textual prefix of the segment
	 * @return {@code true} if the text's tokens are a prefix of the segment's
	 */
	boolean isTokenPrefix(String model, String segment, String text);

}
