package io.llmcache.key;

import java.math.BigDecimal;

import io.llmcache.system.ApiException;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CanonicalEncoder}.
 */
class CanonicalEncoderTests {

	private final JsonMapper json = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	@Test
	void ignoresObjectKeyOrder() {
		assertThat(encode("{\"b\":1,\"a\":{\"y\":[1,2],\"x\":null}}"))
			.isEqualTo(encode("{\"a\":{\"x\":null,\"y\":[1,2]},\"b\":1}"));
	}

	@Test
	void writesEqualNumbersTheSameWay() {
		assertThat(encode("[1, 1.0, 1e0, 10e-1, 0.10e1]")).isEqualTo("a5[n1:1n1:1n1:1n1:1n1:1]");
		assertThat(encode("0.70")).isEqualTo(encode("7e-1")).isEqualTo("n4:7e-1");
		assertThat(encode("100")).isEqualTo(encode("1e2")).isEqualTo("n3:100");
		assertThat(encode("-0.0")).isEqualTo(encode("0")).isEqualTo("n1:0");
	}

	@Test
	void keepsDifferentNumbersApart() {
		assertThat(encode("0.1")).isNotEqualTo(encode("0.10000000000000001"));
		assertThat(encode("12345678901234567890123")).isNotEqualTo(encode("12345678901234567890124"));
	}

	@Test
	void boundsTheLengthOfHugeNumbers() {
		assertThat(CanonicalEncoder.canonicalNumber(new BigDecimal("1e999"))).isEqualTo("1e999");
	}

	@Test
	void keepsTypesApart() {
		assertThat(encode("\"1\"")).isNotEqualTo(encode("1"));
		assertThat(encode("\"true\"")).isNotEqualTo(encode("true"));
		assertThat(encode("null")).isNotEqualTo(encode("\"\"")).isNotEqualTo(encode("[]"));
	}

	@Test
	void cannotBeFooledByContentThatLooksLikeTheEncoding() {
		// Without lengths, ["a","b"] and ["a\"b"]-like tricks could collide.
		assertThat(encode("[\"ab\",\"c\"]")).isNotEqualTo(encode("[\"a\",\"bc\"]"));
		assertThat(encode("[\"s1:a\"]")).isNotEqualTo(encode("[\"a\",\"a\"]"));
		assertThat(encode("{\"a\":\"b\",\"c\":\"d\"}")).isNotEqualTo(encode("{\"a\":\"bs1:cs1:d\"}"));
	}

	@Test
	void countsLengthsInUtf8Bytes() {
		assertThat(encode("\"\u00E9\"")).isEqualTo("s2:\u00E9");
		assertThat(encode("\"\uD83D\uDE00\"")).isEqualTo("s4:\uD83D\uDE00");
	}

	@Test
	void refusesUnpairedSurrogates() {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> encode("\"\\ud800\""));
	}

	private String encode(String jsonText) {
		return new CanonicalEncoder().json(this.json.readTree(jsonText)).text();
	}

}
