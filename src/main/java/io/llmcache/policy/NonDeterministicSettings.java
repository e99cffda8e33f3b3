package io.llmcache.policy;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the OpenAI-compatible proxy does with requests whose answers vary by design:
 * {@code temperature} above 0 (or absent, which the OpenAI API takes as 1) or {@code n}
 * above 1.
 *
 * @param mode {@code bypass} (forward uncached, the default), {@code cache} (cache them
 * like deterministic requests: every caller gets the first answer), or {@code bucket}
 * (keep up to {@code bucketSize} different answers per request and serve one of them at
 * random, so repeated calls still see variety)
 * @param bucketSize how many answers a bucket keeps, 1 to {@value #MAX_BUCKET_SIZE}
 */
public record NonDeterministicSettings(@DefaultValue("bypass") Mode mode,
		@DefaultValue("3") @Min(1) @Max(MAX_BUCKET_SIZE) Integer bucketSize) {

	/** The most answers a bucket may keep per request. */
	public static final int MAX_BUCKET_SIZE = 16;

	/**
	 * Settings with every field left out taken from defaults.
	 * @param fallback the defaults
	 * @return complete settings
	 */
	NonDeterministicSettings orElse(NonDeterministicSettings fallback) {
		return new NonDeterministicSettings((this.mode != null) ? this.mode : fallback.mode,
				(this.bucketSize != null) ? this.bucketSize : fallback.bucketSize);
	}

	/** The modes. */
	public enum Mode {

		/** Forward uncached. */
		BYPASS,

		/** Cache like a deterministic request. */
		CACHE,

		/** Keep several answers per request and serve among them. */
		BUCKET;

		/**
		 * The name used in the API.
		 * @return the lower-case name
		 */
		@JsonValue
		public String apiName() {
			return name().toLowerCase(Locale.ROOT);
		}

		@JsonCreator
		static Mode fromApiName(String name) {
			for (Mode mode : values()) {
				if (mode.apiName().equals(name)) {
					return mode;
				}
			}
			throw new IllegalArgumentException("Unknown mode '" + name + "'");
		}

	}

}
