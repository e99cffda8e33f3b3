package io.llmcache.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * How a lookup may match a stored entry.
 */
public enum MatchType {

	/** The canonical request is identical. */
	EXACT,

	/** The request is equal after the namespace's normalization. */
	NORMALIZED,

	/** Embedding similarity. */
	SEMANTIC,

	/**
	 * A completion prompt that is a cached prompt followed by the start of its cached
	 * completion; served the rest of the completion.
	 */
	CONTINUATION;

	/**
	 * The name used in the API.
	 * @return the lower-case name
	 */
	@JsonValue
	public String apiName() {
		return name().toLowerCase(Locale.ROOT);
	}

	@JsonCreator
	static MatchType fromApiName(String name) {
		for (MatchType type : values()) {
			if (type.apiName().equals(name)) {
				return type;
			}
		}
		throw new IllegalArgumentException("Unknown match type '" + name + "'");
	}

}
