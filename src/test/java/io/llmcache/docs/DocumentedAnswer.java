package io.llmcache.docs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An answer as the README shows it beside a command, compared with what the service
 * printed. The README writes {@code …} for what differs from run to run:
 * <ul>
 * <li>{@code "…"} is any value, {@code "inv_…"} any text starting with {@code inv_};</li>
 * <li>{@code …} or <code>{…}</code> in place of a value is any value;</li>
 * <li>a trailing {@code ,…} in an object allows fields that the README leaves out;
 * without it the fields must be exactly those shown.</li>
 * </ul>
 * An answer that is not JSON (a status code) must equal the output.
 */
final class DocumentedAnswer {

	/** The README's ellipsis. */
	static final String ANY = "…";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String text;

	DocumentedAnswer(String text) {
		this.text = text.strip();
	}

	/**
	 * How the output differs from this answer.
	 * @param output what the command printed
	 * @return the differences, empty if it matches
	 */
	List<String> differences(String output) {
		List<String> differences = new ArrayList<>();
		String actual = output.strip();
		if (!this.text.startsWith("{") && !this.text.startsWith("[")) {
			if (!this.text.equals(actual)) {
				differences.add("expected " + this.text + " but was " + actual);
			}
			return differences;
		}
		JsonNode actualNode;
		try {
			actualNode = json.readTree(actual);
		}
		catch (JacksonException ex) {
			differences.add("expected JSON like " + this.text + " but was " + actual);
			return differences;
		}
		compare("$", expected(), actualNode, differences);
		return differences;
	}

	/** The answer as JSON: every bare ellipsis made a string, a trailing one a field. */
	private JsonNode expected() {
		String quoted = this.text.replace("{" + ANY + "}", '"' + ANY + '"')
			.replace("," + ANY + "}", ",\"" + ANY + "\":\"" + ANY + "\"}")
			.replaceAll(":" + ANY + "(?=[,}\\]])", ":\"" + ANY + '"');
		try {
			return json.readTree(quoted);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException("The README's answer is not JSON: " + this.text, ex);
		}
	}

	private static void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
		if (expected.isString() && expected.asString().endsWith(ANY)) {
			String prefix = expected.asString().substring(0, expected.asString().length() - ANY.length());
			if (!prefix.isEmpty() && !(actual.isString() && actual.asString().startsWith(prefix))) {
				differences.add(path + ": expected " + expected + " but was " + actual);
			}
		}
		else if (expected.isObject()) {
			compareObjects(path, expected, actual, differences);
		}
		else if (expected.isArray()) {
			if (!actual.isArray() || actual.size() != expected.size()) {
				differences.add(path + ": expected " + expected + " but was " + actual);
				return;
			}
			for (int i = 0; i < expected.size(); i++) {
				compare(path + "[" + i + "]", expected.get(i), actual.get(i), differences);
			}
		}
		else if (expected.isNumber()
				? !(actual.isNumber() && expected.decimalValue().compareTo(actual.decimalValue()) == 0)
				: !expected.equals(actual)) {
			differences.add(path + ": expected " + expected + " but was " + actual);
		}
	}

	private static void compareObjects(String path, JsonNode expected, JsonNode actual, List<String> differences) {
		if (!actual.isObject()) {
			differences.add(path + ": expected an object but was " + actual);
			return;
		}
		boolean open = expected.has(ANY);
		for (Map.Entry<String, JsonNode> field : expected.properties()) {
			if (field.getKey().equals(ANY)) {
				continue;
			}
			JsonNode value = actual.get(field.getKey());
			if (value == null) {
				differences.add(path + "." + field.getKey() + ": missing");
			}
			else {
				compare(path + "." + field.getKey(), field.getValue(), value, differences);
			}
		}
		if (!open) {
			for (Iterator<String> names = actual.propertyNames().iterator(); names.hasNext();) {
				String name = names.next();
				if (!expected.has(name)) {
					differences.add(path + "." + name + ": not in the README");
				}
			}
		}
	}

	@Override
	public String toString() {
		return this.text;
	}

}
