package io.llmcache.normalize;

import java.text.Normalizer;

/**
 * The Unicode normalization form applied to prompt text.
 */
public enum UnicodeForm {

	/** Leave the text as sent. */
	NONE(null),

	/** Canonical composition: only equivalent encodings of the same characters merge. */
	NFC(Normalizer.Form.NFC),

	/**
	 * Compatibility composition: also folds full-width forms, ligatures, non-breaking
	 * spaces.
	 */
	NFKC(Normalizer.Form.NFKC);

	private final Normalizer.Form form;

	UnicodeForm(Normalizer.Form form) {
		this.form = form;
	}

	String apply(String text) {
		return (this.form != null) ? Normalizer.normalize(text, this.form) : text;
	}

}
