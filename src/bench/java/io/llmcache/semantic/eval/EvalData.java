package io.llmcache.semantic.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A file of the evaluation data: JSON lines of {@code {"q1", "q2", "duplicate"}}, with
 * {@code context} and {@code contextual} where a pair has them. Read from
 * {@code ../shared/eval/}, never copied into the repository.
 *
 * @param name the file's name without {@code .jsonl}
 * @param pairs its pairs, in file order
 */
record EvalData(String name, List<EvalPair> pairs) {

	private static final JsonMapper json = JsonMapper.builder().build();

	static EvalData read(Path file) throws IOException {
		List<EvalPair> pairs = new ArrayList<>();
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			if (line.isBlank()) {
				continue;
			}
			JsonNode node = json.readTree(line);
			pairs.add(new EvalPair(node.path("q1").asString(), node.path("q2").asString(),
					node.path("duplicate").asBoolean(), node.path("context").asString(""),
					node.path("contextual").asBoolean(false)));
		}
		String name = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
		return new EvalData(name, List.copyOf(pairs));
	}

	long duplicates() {
		return this.pairs.stream().filter(EvalPair::duplicate).count();
	}

}
