package io.llmcache.stats;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The price table that turns the tokens of served hits into an estimate of money saved
 * ({@code llmcache.pricing.*}). Empty by default: prices change and differ by contract,
 * so each deployment lists its own; hits of a model not listed are counted as unpriced.
 *
 * @param currency the currency of every price, an ISO 4217 code shown beside the amounts
 * @param models the price of each model, matched by the exact model name of the request
 */
@ConfigurationProperties("llmcache.pricing")
@Validated
record PricingProperties(@DefaultValue("USD") @Pattern(regexp = "[A-Z]{3}") String currency,
		@DefaultValue List<@Valid ModelPrice> models) {

	/**
	 * What a model costs.
	 *
	 * @param model the model name, as requests give it
	 * @param inputPerMillionTokens the price of a million prompt (input) tokens
	 * @param outputPerMillionTokens the price of a million completion (output) tokens
	 */
	record ModelPrice(@NotBlank String model,
			@NotNull @DecimalMin("0") @DecimalMax(MAX_PRICE) BigDecimal inputPerMillionTokens,
			@NotNull @DecimalMin("0") @DecimalMax(MAX_PRICE) BigDecimal outputPerMillionTokens) {

		/** Bounds a price so that no hit's amount can overflow a counter. */
		static final String MAX_PRICE = "1000";

	}

}
