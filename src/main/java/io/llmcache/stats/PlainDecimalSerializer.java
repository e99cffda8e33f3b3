package io.llmcache.stats;

import java.math.BigDecimal;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes an amount as a plain JSON number (0.000000001, not 1E-9), as people and
 * spreadsheets read money. Only for amounts, which have at most nine decimals: the
 * service's mapper keeps other numbers as they came.
 */
class PlainDecimalSerializer extends ValueSerializer<BigDecimal> {

	@Override
	public void serialize(BigDecimal value, JsonGenerator generator, SerializationContext context) {
		generator.writeNumber(value.toPlainString());
	}

}
