package io.llmcache.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.llmcache.IntegrationTest;
import io.llmcache.system.Digests;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's curl walk-through, run as it stands with bash and curl against the whole
 * service and a real Redis, as a reader runs it against the development run: the same
 * {@code dev} tenant and key, only the port differs ({@code LLMCACHE_URL}). Every answer
 * the README shows beside a command must be what the service prints. The {@code dev} key
 * replaces the test keys (a list comes whole from one property source).
 */
@IntegrationTest
@TestPropertySource(properties = { "llmcache.api-keys[0].id=dev",
		"llmcache.api-keys[0].sha256=" + ReadmeWalkthroughIntegrationTests.DEV_KEY_SHA256,
		"llmcache.api-keys[0].tenant=dev", "llmcache.api-keys[0].roles=read,write,admin" })
class ReadmeWalkthroughIntegrationTests {

	private static final String DEV_KEY = "dev-readme-walkthrough";

	/** The digest of {@link #DEV_KEY}, checked in {@link #runsTheReadmeWalkthrough()}. */
	static final String DEV_KEY_SHA256 = "1c2b2932d24c1d8693312ae32a2d4fc0998619d8e5fd067dd0c01fed97dafa51";

	/** Marks the walk-through's block; text after the marker may change. */
	private static final String MARKER = "<!-- walk-through:";

	/** A comment that shows an answer: JSON, or a status code. */
	private static final Pattern ANSWER = Pattern.compile("# [{\\[0-9].*");

	/** Printed between the steps of the block, to tell their outputs apart. */
	private static final String SEPARATOR = "--- next step of the walk-through ---";

	@LocalServerPort
	private int port;

	@Test
	void runsTheReadmeWalkthrough() throws Exception {
		assertThat(Digests.sha256Hex(DEV_KEY)).isEqualTo(DEV_KEY_SHA256);
		List<Step> steps = steps(walkthrough());
		assertThat(steps).filteredOn((step) -> step.answer() != null).hasSizeGreaterThanOrEqualTo(10);
		List<String> outputs = run(steps);
		List<String> differences = new ArrayList<>();
		for (int i = 0; i < steps.size(); i++) {
			Step step = steps.get(i);
			if (step.answer() != null) {
				String output = (i < outputs.size()) ? outputs.get(i) : "";
				step.answer()
					.differences(output)
					.forEach((difference) -> differences.add(step.firstLine() + "\n    " + difference));
			}
		}
		assertThat(differences).as("where the README's answers and the service disagree").isEmpty();
	}

	/** The lines of the shell block after the marker. */
	private static List<String> walkthrough() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
		int marker = -1;
		for (int i = 0; i < lines.size() && marker < 0; i++) {
			if (lines.get(i).startsWith(MARKER)) {
				marker = i;
			}
		}
		assertThat(marker).as("the walk-through's marker in README.md").isNotNegative();
		int start = marker + 1;
		while (!lines.get(start).startsWith("```")) {
			start++;
		}
		int end = start + 1;
		while (!lines.get(end).startsWith("```")) {
			end++;
		}
		return lines.subList(start + 1, end);
	}

	/**
	 * The block in steps: a step ends with an answer or a blank line, and the answer that
	 * ends it shows what its commands print.
	 */
	private static List<Step> steps(List<String> lines) {
		List<Step> steps = new ArrayList<>();
		List<String> script = new ArrayList<>();
		for (String line : lines) {
			boolean answer = ANSWER.matcher(line).matches();
			if (answer || line.isBlank()) {
				if (!script.isEmpty()) {
					steps.add(new Step(List.copyOf(script), answer ? new DocumentedAnswer(line.substring(2)) : null));
				}
				script.clear();
			}
			else {
				script.add(line);
			}
		}
		if (!script.isEmpty()) {
			steps.add(new Step(List.copyOf(script), null));
		}
		return steps;
	}

	/** Runs the steps in one bash, as the reader's shell would, and splits the output. */
	private List<String> run(List<Step> steps) throws IOException, InterruptedException {
		StringBuilder script = new StringBuilder();
		for (Step step : steps) {
			step.lines().forEach((line) -> script.append(line).append('\n'));
			script.append("echo '").append(SEPARATOR).append("'\n");
		}
		ProcessBuilder bash = new ProcessBuilder("bash", "-c", script.toString()).redirectErrorStream(true);
		bash.environment().put("LLMCACHE_URL", "http://127.0.0.1:" + this.port);
		bash.environment().put("LLMCACHE_KEY", DEV_KEY);
		Process process = bash.start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as("exit status of the walk-through, which printed:\n" + output).isZero();
		return List.of(output.split(Pattern.quote(SEPARATOR + "\n"), -1));
	}

	private record Step(List<String> lines, DocumentedAnswer answer) {

		String firstLine() {
			return this.lines.stream().filter((line) -> !line.startsWith("#")).findFirst().orElse(this.lines.get(0));
		}

	}

}
