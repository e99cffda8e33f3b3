package io.llmcache.system;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

/**
 * The JSON mapper with structural limits: nesting depth, number length and string length
 * are bounded, so a small body cannot make the parser do unbounded work. Decimal numbers
 * are read as {@code BigDecimal}. Replaces Boot's mapper builder because the limits live
 * in the parser factory, which builder customizers cannot replace; Boot's customizers are
 * applied as usual.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

	@Bean
	@Scope("prototype")
	JsonMapper.Builder jsonMapperBuilder(LimitsProperties limits,
			ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxNestingDepth(limits.maxNestingDepth())
			.maxNumberLength(limits.maxNumberLength())
			.maxStringLength((int) Math.min(Integer.MAX_VALUE, limits.maxBodySize().toBytes()))
			.build();
		// Exactly as sent: a double would turn 1e400 into Infinity, which JSON cannot
		// carry.
		JsonMapper.Builder builder = JsonMapper
			.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder;
	}

}
