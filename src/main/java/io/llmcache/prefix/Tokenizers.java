package io.llmcache.prefix;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;

import org.springframework.stereotype.Component;

/**
 * Chooses the BPE tokenizer of a model, from {@link PrefixProperties#encodings()} and the
 * default. The vocabularies ship inside the jtokkit jar and load on first use; nothing is
 * downloaded.
 */
@Component
class Tokenizers {

	private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();

	private final List<PrefixProperties.ModelEncoding> rules;

	private final String defaultEncoding;

	Tokenizers(PrefixProperties properties) {
		// Longest prefix first, so the first rule that matches is the most specific.
		this.rules = properties.encodings()
			.stream()
			.sorted(Comparator.comparingInt((PrefixProperties.ModelEncoding rule) -> rule.modelPrefix().length())
				.reversed())
			.toList();
		this.defaultEncoding = properties.defaultEncoding();
		// Fail at start-up, not on the first request, when a name is misspelled.
		encoding(this.defaultEncoding);
		this.rules.forEach((rule) -> encoding(rule.encoding()));
	}

	/**
	 * The tokenizer of a model.
	 * @param model the model name as the request gives it
	 * @return the tokenizer
	 */
	Encoding forModel(String model) {
		String name = model.toLowerCase(Locale.ROOT);
		for (PrefixProperties.ModelEncoding rule : this.rules) {
			if (name.startsWith(rule.modelPrefix().toLowerCase(Locale.ROOT))) {
				return encoding(rule.encoding());
			}
		}
		return encoding(this.defaultEncoding);
	}

	private Encoding encoding(String name) {
		return this.registry.getEncoding(name)
			.orElseThrow(() -> new IllegalArgumentException("Unknown tokenizer '" + name + "'"));
	}

}
