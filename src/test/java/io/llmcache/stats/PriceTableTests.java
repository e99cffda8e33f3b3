package io.llmcache.stats;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.llmcache.entry.TokenUsage;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prices hits exactly, in billionths of the currency.
 */
class PriceTableTests {

	private final PriceTable table = new PriceTable(new PricingProperties("EUR",
			List.of(new PricingProperties.ModelPrice("small", new BigDecimal("0.15"), new BigDecimal("0.6")))));

	@Test
	void pricesPromptAndCompletionTokensApart() {
		// 1,000 × 0.15 / 10^6 + 500 × 0.6 / 10^6 = 0.00045
		long nanos = this.table.nanos("small", new TokenUsage(1000, 500, false));
		assertThat(nanos).isEqualTo(450_000);
		assertThat(PriceTable.amount(nanos)).isEqualByComparingTo("0.00045");
		assertThat(this.table.currency()).isEqualTo("EUR");
	}

	@Test
	void amountsAreWrittenWithoutAnExponent() {
		assertThat(PriceTable.amount(10_000_000_000L).toString()).isEqualTo("10");
		assertThat(PriceTable.amount(0).toString()).isEqualTo("0");
		WindowCounts counts = new WindowCounts(0, Map.of(), 0, 0, 0, 0, 0, 0, PriceTable.amount(1), 0, 0, 0);
		assertThat(JsonMapper.builder().build().writeValueAsString(counts))
			.contains("\"estimatedSavings\":0.000000001,");
	}

	@Test
	void aModelWithoutAPriceIsUnpriced() {
		assertThat(this.table.nanos("Small", new TokenUsage(1000, 500, false))).isEqualTo(-1);
		assertThat(this.table.nanos(null, new TokenUsage(1, 1, false))).isEqualTo(-1);
	}

	@Test
	void theLargestBelievedHitAtTheHighestPriceFitsACounterManyTimesOver() {
		PriceTable dear = new PriceTable(new PricingProperties("USD",
				List.of(new PricingProperties.ModelPrice("m", new BigDecimal(PricingProperties.ModelPrice.MAX_PRICE),
						new BigDecimal(PricingProperties.ModelPrice.MAX_PRICE)))));
		long nanos = dear.nanos("m", new TokenUsage(2_000_000, 2_000_000, false));
		assertThat(Long.MAX_VALUE / nanos).isGreaterThan(2_000_000);
	}

}
