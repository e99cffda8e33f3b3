package io.llmcache.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The project's {@code Dockerfile}, read into build stages and instructions: enough of
 * the Dockerfile syntax (line continuations, comments, global {@code ARG}s in
 * {@code FROM}, exec-form JSON arrays) to check it without a Docker engine.
 *
 * @param globalArgs the {@code ARG}s before the first {@code FROM}, with their defaults
 * @param stages the build stages, in order
 */
record Dockerfile(Map<String, String> globalArgs, List<Stage> stages) {

	/** The file, relative to the project directory. */
	static final Path PATH = Path.of("Dockerfile");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

	static Dockerfile read() {
		try {
			return parse(Files.readString(PATH));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Dockerfile parse(String text) {
		Map<String, String> globalArgs = new LinkedHashMap<>();
		List<Stage> stages = new ArrayList<>();
		for (Instruction instruction : instructions(text)) {
			if (instruction.is("FROM")) {
				String[] words = instruction.arguments().split("\\s+");
				String image = substitute(words[0], globalArgs);
				String name = (words.length >= 3 && words[1].equalsIgnoreCase("AS")) ? words[2] : null;
				stages.add(new Stage(image, name, new ArrayList<>()));
			}
			else if (stages.isEmpty()) {
				if (!instruction.is("ARG")) {
					throw new IllegalArgumentException("Only ARG may come before FROM: " + instruction);
				}
				String[] declaration = instruction.arguments().split("=", 2);
				globalArgs.put(declaration[0].strip(), (declaration.length == 2) ? declaration[1].strip() : "");
			}
			else {
				stages.get(stages.size() - 1).instructions().add(instruction);
			}
		}
		return new Dockerfile(Map.copyOf(globalArgs), List.copyOf(stages));
	}

	/** Joins continued lines and drops comments and blank lines. */
	private static List<Instruction> instructions(String text) {
		List<Instruction> instructions = new ArrayList<>();
		StringBuilder current = null;
		int start = 0;
		String[] lines = text.split("\\R");
		for (int index = 0; index < lines.length; index++) {
			String line = lines[index].strip();
			if (line.startsWith("#") || (line.isEmpty() && current == null)) {
				continue;
			}
			if (current == null) {
				current = new StringBuilder();
				start = index + 1;
			}
			boolean continued = line.endsWith("\\");
			current.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
			if (!continued) {
				String[] parts = current.toString().strip().split("\\s+", 2);
				instructions.add(new Instruction(parts[0].toUpperCase(Locale.ROOT),
						(parts.length == 2) ? parts[1].replaceAll("\\s+", " ") : "", start));
				current = null;
			}
		}
		return instructions;
	}

	private static String substitute(String value, Map<String, String> args) {
		Matcher matcher = VARIABLE.matcher(value);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String replacement = args.get(matcher.group(1));
			if (replacement == null) {
				throw new IllegalArgumentException("Undeclared ARG " + matcher.group(1) + " in " + value);
			}
			matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
		}
		return matcher.appendTail(result).toString();
	}

	/**
	 * The stage that makes the image.
	 * @return the last stage
	 */
	Stage finalStage() {
		return this.stages.get(this.stages.size() - 1);
	}

	/**
	 * A stage by name.
	 * @param name the name after {@code AS}
	 * @return the stage
	 */
	Stage stage(String name) {
		return this.stages.stream()
			.filter((stage) -> name.equals(stage.name()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No stage " + name));
	}

	/**
	 * One build stage.
	 *
	 * @param image the base image, global ARGs substituted
	 * @param name the stage name, or {@code null}
	 * @param instructions the instructions after {@code FROM}
	 */
	record Stage(String image, String name, List<Instruction> instructions) {

		List<Instruction> all(String keyword) {
			return this.instructions.stream().filter((instruction) -> instruction.is(keyword)).toList();
		}

		Optional<Instruction> last(String keyword) {
			List<Instruction> matching = all(keyword);
			return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
		}

	}

	/**
	 * One instruction.
	 *
	 * @param keyword the upper-case keyword, such as {@code RUN}
	 * @param arguments the rest, continuation lines joined, white space collapsed
	 * @param line the line it starts on
	 */
	record Instruction(String keyword, String arguments, int line) {

		boolean is(String keyword) {
			return this.keyword.equals(keyword);
		}

		/**
		 * The arguments of an exec-form instruction ({@code ["java", "-jar", ...]}).
		 * @return the arguments, or empty for the shell form
		 */
		Optional<List<String>> execForm() {
			if (!this.arguments.startsWith("[")) {
				return Optional.empty();
			}
			return Optional.of(JsonMapper.shared().readValue(this.arguments, new TypeReference<List<String>>() {
			}));
		}

		@Override
		public String toString() {
			return "line " + this.line + ": " + this.keyword + " " + this.arguments;
		}

	}

}
