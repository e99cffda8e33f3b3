package io.llmcache.key;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;

import tools.jackson.databind.JsonNode;

/**
 * Writes JSON values in an unambiguous, length-prefixed text form: two values encode to
 * the same text if and only if they are the same JSON value up to object key order and
 * number notation.
 * <ul>
 * <li>string: {@code s<utf8-byte-length>:<text>}</li>
 * <li>number: {@code n<length>:<digits>}, canonical: trailing zeros stripped, {@code 1},
 * {@code 1.0} and {@code 1e0} all encode as {@code n1:1}; fractions and very large values
 * as {@code <unscaled>e<exponent>}</li>
 * <li>{@code t}, {@code f}, {@code z} for true, false and null</li>
 * <li>array: {@code a<count>[<elements>]}</li>
 * <li>object: {@code o<count>{<key><value>...}} with keys sorted by code point</li>
 * </ul>
 * Every variable-length part carries its length, so no content can imitate a delimiter.
 */
final class CanonicalEncoder {

	/** Integers with more digits than this are written in exponent form to bound size. */
	private static final int MAX_PLAIN_DIGITS = 40;

	private final StringBuilder out = new StringBuilder(256);

	CanonicalEncoder string(String value) {
		if (value == null) {
			return nul();
		}
		this.out.append('s').append(utf8Length(value)).append(':').append(value);
		return this;
	}

	CanonicalEncoder nul() {
		this.out.append('z');
		return this;
	}

	CanonicalEncoder field(String name) {
		return string(name);
	}

	CanonicalEncoder beginObject(int fieldCount) {
		this.out.append('o').append(fieldCount).append('{');
		return this;
	}

	CanonicalEncoder endObject() {
		this.out.append('}');
		return this;
	}

	CanonicalEncoder beginArray(int count) {
		this.out.append('a').append(count).append('[');
		return this;
	}

	CanonicalEncoder endArray() {
		this.out.append(']');
		return this;
	}

	CanonicalEncoder json(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return nul();
		}
		if (node.isString()) {
			return string(node.stringValue());
		}
		if (node.isNumber()) {
			String digits = canonicalNumber(node.decimalValue());
			this.out.append('n').append(digits.length()).append(':').append(digits);
			return this;
		}
		if (node.isBoolean()) {
			this.out.append(node.booleanValue() ? 't' : 'f');
			return this;
		}
		if (node.isArray()) {
			beginArray(node.size());
			node.forEach(this::json);
			return endArray();
		}
		if (node.isObject()) {
			List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
			fields.sort(Map.Entry.comparingByKey(CanonicalEncoder::compareCodePoints));
			beginObject(fields.size());
			for (Map.Entry<String, JsonNode> field : fields) {
				field(field.getKey()).json(field.getValue());
			}
			return endObject();
		}
		// Binary and POJO nodes do not come out of a JSON parser.
		throw new IllegalArgumentException("Unsupported JSON node type " + node.getNodeType());
	}

	String text() {
		return this.out.toString();
	}

	static String canonicalNumber(BigDecimal value) {
		BigDecimal stripped = value.stripTrailingZeros();
		if (stripped.signum() == 0) {
			return "0";
		}
		if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= MAX_PLAIN_DIGITS) {
			return stripped.toBigIntegerExact().toString();
		}
		return stripped.unscaledValue() + "e" + (-stripped.scale());
	}

	private static int compareCodePoints(String left, String right) {
		int i = 0;
		int j = 0;
		while (i < left.length() && j < right.length()) {
			int a = left.codePointAt(i);
			int b = right.codePointAt(j);
			if (a != b) {
				return Integer.compare(a, b);
			}
			i += Character.charCount(a);
			j += Character.charCount(b);
		}
		return Integer.compare(left.length() - i, right.length() - j);
	}

	private static int utf8Length(String value) {
		// Counting is cheaper than encoding, and the length must be in bytes so that the
		// form stays unambiguous once it is hashed as UTF-8. A lone surrogate would
		// encode
		// as '?', the same bytes as a real '?', so it is refused.
		int length = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x80) {
				length += 1;
			}
			else if (c < 0x800) {
				length += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				length += 4;
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw new ApiException(ProblemType.VALIDATION, "Text contains an unpaired UTF-16 surrogate");
			}
			else {
				length += 3;
			}
		}
		return length;
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
