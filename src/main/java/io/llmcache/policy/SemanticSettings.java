package io.llmcache.policy;

import io.llmcache.guard.SemanticGuards;
import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a namespace matches semantically, when its {@code matchTypes} include
 * {@code semantic}.
 *
 * @param minSimilarity the least cosine similarity a candidate must have; {@code null}
 * (the default) for the matcher's own: the verifier's retrieval floor when the verifier
 * reads candidates, else {@value #MIN_SIMILARITY_WITHOUT_VERIFIER}
 * @param targetPrecision the share of semantic hits that should be right; translated into
 * the verifier's threshold (or, without the verifier, a similarity threshold) from the
 * calibration measured on the evaluation data
 * @param compare what is compared by meaning: {@code last-user-turn} (everything before
 * it must be identical)
 * @param guards whether candidates must also pass the verification guards (negation,
 * numbers, named entities, ...)
 * @param enabledGuards which guards run when {@code guards} is on, by name (any of
 * {@link SemanticGuards#NAMES}); {@code null} for {@link SemanticGuards#DEFAULT_NAMES}
 * @param verifier whether the trained verifier reads each candidate beside the query and
 * decides (when the service ships one for its embedder)
 */
public record SemanticSettings(@DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double minSimilarity,
		@DefaultValue("0.9") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double targetPrecision,
		@DefaultValue(LAST_USER_TURN) @Pattern(regexp = LAST_USER_TURN) String compare,
		@DefaultValue("true") Boolean guards, @Size(max = 16) List<@NotBlank String> enabledGuards,
		@DefaultValue("true") Boolean verifier) {

	/** Compare the last user turn; require everything before it to be identical. */
	public static final String LAST_USER_TURN = "last-user-turn";

	/** The least similarity of a semantic hit when no verifier reads candidates. */
	public static final double MIN_SIMILARITY_WITHOUT_VERIFIER = 0.92;

	public SemanticSettings {
		if (enabledGuards != null) {
			enabledGuards = List.copyOf(SemanticGuards.of(enabledGuards).names());
		}
	}

	/**
	 * The guards a candidate must pass.
	 * @return the enabled guards if {@code guards} is on, else none
	 */
	public SemanticGuards guardsInForce() {
		if (!Boolean.TRUE.equals(this.guards)) {
			return SemanticGuards.none();
		}
		return (this.enabledGuards != null) ? SemanticGuards.of(this.enabledGuards) : SemanticGuards.defaults();
	}

	/**
	 * Settings with every field left out taken from defaults.
	 * @param fallback the defaults
	 * @return complete settings
	 */
	SemanticSettings orElse(SemanticSettings fallback) {
		return new SemanticSettings(orDefault(this.minSimilarity, fallback.minSimilarity),
				orDefault(this.targetPrecision, fallback.targetPrecision), orDefault(this.compare, fallback.compare),
				orDefault(this.guards, fallback.guards), orDefault(this.enabledGuards, fallback.enabledGuards),
				orDefault(this.verifier, fallback.verifier));
	}

	private static <T> T orDefault(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
