package io.llmcache.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.llmcache.deploy.Dockerfile.Instruction;
import io.llmcache.deploy.Dockerfile.Stage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The {@code Dockerfile}, checked as text since no Docker engine runs here.
 * {@link DockerImageLayoutIntegrationTests} runs its layer extraction and entry point on
 * the packaged jar.
 */
class DockerfileTests {

	/** An Eclipse Temurin JRE pinned to a release: {@code 25.0.2_10-jre-noble}. */
	private static final Pattern PINNED_TEMURIN_JRE = Pattern
		.compile("eclipse-temurin:\\d+\\.\\d+\\.\\d+(\\.\\d+)?_\\d+-jre(-[a-z]+)?(@sha256:[0-9a-f]{64})?");

	private static final List<String> LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies",
			"application");

	private final Dockerfile dockerfile = Dockerfile.read();

	@Test
	void buildsInStagesFromPinnedTemurinJre() {
		assertThat(this.dockerfile.stages()).hasSizeGreaterThanOrEqualTo(2);
		for (Stage stage : this.dockerfile.stages()) {
			assertThat(stage.image()).as("base image of every stage").matches(PINNED_TEMURIN_JRE);
			assertThat(stage.image()).doesNotContain(":latest");
		}
		// The final image runs Java 25 (the classes are compiled for 17)
		assertThat(this.dockerfile.finalStage().image()).startsWith("eclipse-temurin:25.");
	}

	@Test
	void extractsTheJarBuiltOutsideTheImage() {
		Stage extract = this.dockerfile.stage("extract");
		assertThat(extract.all("COPY")).singleElement()
			.satisfies((copy) -> assertThat(copy.arguments()).matches("\\$\\{JAR_FILE} app\\.jar"));
		assertThat(extract.all("ARG")).extracting(Instruction::arguments).contains("JAR_FILE=target/llm-cache-*.jar");
		assertThat(extract.all("RUN")).singleElement()
			.satisfies((run) -> assertThat(run.arguments())
				.startsWith("java -Djarmode=tools -jar app.jar extract --layers --destination "));
		// Nothing is compiled in the image: the deployment guide builds the jar first
		for (Stage stage : this.dockerfile.stages()) {
			assertThat(stage.all("RUN")).extracting(Instruction::arguments)
				.noneMatch((command) -> command.matches(".*\\b(mvnw?|gradlew?|javac)\\b.*"));
		}
	}

	@Test
	void copiesEachLayerSeparatelyFromLeastToMostOftenChanged() {
		List<Instruction> copies = this.dockerfile.finalStage().all("COPY");
		assertThat(copies).hasSize(LAYERS.size());
		for (int index = 0; index < LAYERS.size(); index++) {
			assertThat(copies.get(index).arguments())
				.isEqualTo("--from=extract " + extractedLayer(LAYERS.get(index)) + " ./");
		}
		assertThat(this.dockerfile.finalStage().last("WORKDIR")).get()
			.extracting(Instruction::arguments)
			.isEqualTo("/app");
	}

	@Test
	void runsAsNumericNonRootUserCreatedInTheImage() {
		Stage image = this.dockerfile.finalStage();
		String user = image.last("USER").orElseThrow().arguments();
		assertThat(user).matches("\\d+(:\\d+)?");
		String uid = user.split(":")[0];
		assertThat(Integer.parseInt(uid)).isGreaterThanOrEqualTo(10000);
		assertThat(image.all("RUN")).extracting(Instruction::arguments)
			.anyMatch((command) -> command.matches(".*\\buseradd\\b.*--uid " + uid + "\\b.*"));
		// USER comes after every RUN, so nothing after it runs as root
		int userLine = image.last("USER").orElseThrow().line();
		assertThat(image.all("RUN")).allSatisfy((run) -> assertThat(run.line()).isLessThan(userLine));
	}

	@Test
	void installsNoToolsInTheImage() {
		for (Instruction instruction : this.dockerfile.finalStage().instructions()) {
			assertThat(instruction.arguments()).as(instruction.toString())
				.doesNotContainPattern("\\b(curl|wget|apt-get|apt|apk|dnf|yum|microdnf|pip)\\b");
			assertThat(instruction.keyword()).isNotIn("ADD", "HEALTHCHECK");
		}
	}

	@Test
	void startsTheExtractedJarInExecFormWithContainerJvmOptions() {
		Stage image = this.dockerfile.finalStage();
		// The API, and Actuator on a port of its own
		assertThat(image.last("EXPOSE")).get().extracting(Instruction::arguments).isEqualTo("8080 9090");
		List<String> entrypoint = image.last("ENTRYPOINT").orElseThrow().execForm().orElseThrow();
		assertThat(entrypoint.get(0)).isEqualTo("java");
		assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
				"-Djava.io.tmpdir=/tmp");
		// Lucene compares vectors with the Vector API up to the Java the image runs: a
		// newer JRE needs the property raised with it
		String javaVersion = image.image().replaceFirst("^eclipse-temurin:(\\d+)\\..*", "$1");
		assertThat(entrypoint).contains("--add-modules=ALL-SYSTEM",
				"-Dorg.apache.lucene.vectorization.upperJavaFeatureVersion=" + javaVersion);
		assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size())).containsExactly("-jar", "app.jar");
		assertThat(entrypoint.get(1)).isEqualTo("-XX:AOTCache=app.aot");
		// A CMD would be appended to the entry point as arguments
		assertThat(image.all("CMD")).isEmpty();
	}

	@Test
	void trainsTheAotCacheWithTheJvmOptionsOfTheEntryPoint() {
		Stage image = this.dockerfile.finalStage();
		List<String> entrypoint = image.last("ENTRYPOINT").orElseThrow().execForm().orElseThrow();
		List<String> training = image.all("RUN")
			.stream()
			.map((run) -> List.of(run.arguments().split("\\s+")))
			.filter((command) -> command.contains("-XX:AOTCacheOutput=app.aot"))
			.findFirst()
			.orElseThrow();
		// The cache is refused when the options that shape it differ, so the training run
		// starts the application exactly as the entry point does, ending once the context
		// is refreshed
		List<String> expected = new ArrayList<>(entrypoint);
		expected.set(expected.indexOf("-XX:AOTCache=app.aot"), "-XX:AOTCacheOutput=app.aot");
		expected.add(expected.indexOf("-jar"), "-Dspring.context.exit=onRefresh");
		assertThat(training).containsExactlyElementsOf(expected);
		// It runs before USER, in the directory the layers were copied to
		assertThat(image.all("RUN").stream().filter((run) -> run.arguments().contains("AOTCacheOutput")))
			.allSatisfy((run) -> assertThat(run.line()).isGreaterThan(image.all("COPY").get(3).line()));
	}

	@Test
	void sendsOnlyTheJarToTheBuild() throws IOException {
		List<String> patterns = Files.readAllLines(Path.of(".dockerignore"))
			.stream()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		assertThat(patterns).containsExactly("*", "!target/llm-cache-*.jar");
	}

	@Test
	void readsContinuationLinesCommentsAndGlobalArguments() {
		Dockerfile parsed = Dockerfile.parse("""
				# syntax=docker/dockerfile:1
				ARG BASE=eclipse-temurin:25.0.2_10-jre-noble
				FROM ${BASE} AS first
				RUN one \\
				    # a comment inside a continued instruction
				    two
				FROM $BASE
				ENTRYPOINT ["java", "-version"]
				""");
		assertThat(parsed.stages()).extracting(Stage::image)
			.containsExactly("eclipse-temurin:25.0.2_10-jre-noble", "eclipse-temurin:25.0.2_10-jre-noble");
		assertThat(parsed.stage("first").all("RUN")).singleElement()
			.satisfies((run) -> assertThat(run.arguments()).isEqualTo("one two"));
		assertThat(parsed.finalStage().last("ENTRYPOINT").orElseThrow().execForm())
			.contains(List.of("java", "-version"));
		assertThatIllegalArgumentException().isThrownBy(() -> Dockerfile.parse("FROM ${UNDECLARED}"));
	}

	static String extractedLayer(String layer) {
		return "/workspace/extracted/" + layer + "/";
	}

}
