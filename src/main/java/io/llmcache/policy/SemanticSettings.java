package io.llmcache.policy;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a namespace matches semantically, when its {@code matchTypes} include
 * {@code semantic}.
 *
 * @param minSimilarity the least cosine similarity a candidate must have
 * @param targetPrecision the share of semantic hits that should be right; translated into
 * a similarity threshold from the calibration measured on the evaluation data, and the
 * stricter of the two thresholds applies
 * @param compare what is compared by meaning: {@code last-user-turn} (everything before
 * it must be identical)
 * @param guards whether candidates must also pass the verification guards (negation,
 * numbers, named entities, ...)
 * @author llm-cache developers
 */
public record SemanticSettings(
		@DefaultValue("0.92") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double minSimilarity,
		@DefaultValue("0.9") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double targetPrecision,
		@DefaultValue(LAST_USER_TURN) @Pattern(regexp = LAST_USER_TURN) String compare,
		@DefaultValue("true") Boolean guards) {

	/** Compare the last user turn; require everything before it to be identical. */
	public static final String LAST_USER_TURN = "last-user-turn";

	/**
	 * Settings with every field left out taken from defaults.
	 * @param fallback the defaults
	 * @return complete settings
	 */
	SemanticSettings orElse(SemanticSettings fallback) {
		return new SemanticSettings(orDefault(this.minSimilarity, fallback.minSimilarity),
				orDefault(this.targetPrecision, fallback.targetPrecision), orDefault(this.compare, fallback.compare),
				orDefault(this.guards, fallback.guards));
	}

	private static <T> T orDefault(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
