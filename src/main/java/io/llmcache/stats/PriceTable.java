package io.llmcache.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

import io.llmcache.entry.TokenUsage;

import org.springframework.stereotype.Component;

/**
 * Prices the tokens of a served hit from the configured table. Amounts are whole
 * billionths of the currency ("nanos"), so that they add up exactly in Redis counters.
 */
@Component
class PriceTable {

	/** Nanos per token for a price per million tokens: 10^9 / 10^6. */
	private static final BigDecimal NANOS_PER_TOKEN_PER_PRICE = BigDecimal.valueOf(1000);

	private final String currency;

	private final Map<String, PricingProperties.ModelPrice> prices = new HashMap<>();

	PriceTable(PricingProperties properties) {
		this.currency = properties.currency();
		properties.models().forEach((price) -> this.prices.put(price.model(), price));
	}

	String currency() {
		return this.currency;
	}

	/**
	 * What the tokens of a hit would have cost.
	 * @param model the model of the entry served
	 * @param usage its tokens
	 * @return the amount in nanos, or {@code -1} when the model has no price
	 */
	long nanos(String model, TokenUsage usage) {
		PricingProperties.ModelPrice price = (model != null) ? this.prices.get(model) : null;
		if (price == null) {
			return -1;
		}
		BigDecimal amount = price.inputPerMillionTokens()
			.multiply(BigDecimal.valueOf(usage.promptTokens()))
			.add(price.outputPerMillionTokens().multiply(BigDecimal.valueOf(usage.completionTokens())))
			.multiply(NANOS_PER_TOKEN_PER_PRICE);
		return amount.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
	}

	/**
	 * An amount in nanos as a decimal amount of the currency, without trailing zeros (but
	 * those of a whole number: 10, not 1E+1).
	 */
	static BigDecimal amount(long nanos) {
		BigDecimal amount = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
		return (amount.scale() < 0) ? amount.setScale(0) : amount;
	}

}
