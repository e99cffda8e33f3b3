package io.llmcache.deploy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.llmcache.deploy.Dockerfile.Instruction;
import io.llmcache.deploy.HelmChart.Rendered;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What {@code docker build} and the Helm chart would do, done on the packaged jar without
 * a Docker engine: the Dockerfile's own layer extraction command, the layers copied over
 * one directory in the Dockerfile's order, and the image's entry point started there with
 * the environment and files the chart's Deployment gives the container. The application
 * stops right after its context is refreshed ({@code spring.context.exit=onRefresh}), so
 * no Redis is needed: what is checked is that the image layout starts and that the
 * configuration the chart renders binds and validates in the real application.
 */
class DockerImageLayoutIntegrationTests {

	private static final Dockerfile dockerfile = Dockerfile.read();

	private static Path jar;

	@TempDir
	static Path workspace;

	@TempDir
	static Path extracted;

	@TempDir
	static Path image;

	@BeforeAll
	static void extractLayersAsTheDockerfileDoes() throws Exception {
		jar = packagedJar();
		assumeTrue(jar != null, "target/llm-cache-*.jar is built by the package phase, before Failsafe runs this");
		// RUN java -Djarmode=tools -jar app.jar extract --layers --destination extracted
		Instruction extract = dockerfile.stage("extract").all("RUN").get(0);
		List<String> command = new ArrayList<>(List.of(extract.arguments().split(" ")));
		command.set(0, javaExecutable());
		// COPY ${JAR_FILE} app.jar: the extracted application jar keeps that name
		Files.copy(jar, workspace.resolve("app.jar"), StandardCopyOption.REPLACE_EXISTING);
		command.set(command.indexOf("app.jar"), workspace.resolve("app.jar").toString());
		command.set(command.indexOf("--destination") + 1, extracted.toString());
		assertThat(run(command, Path.of("."), Map.of()).exitCode()).isZero();
		// COPY --from=extract /workspace/extracted/<layer>/ ./ in the Dockerfile's order
		for (Instruction copy : dockerfile.finalStage().all("COPY")) {
			String source = copy.arguments().split(" ")[1];
			copyTree(extracted.resolve(source.replace("/workspace/extracted/", "")), image);
		}
	}

	@Test
	void extractsEveryLayerTheDockerfileCopies() {
		for (Instruction copy : dockerfile.finalStage().all("COPY")) {
			String source = copy.arguments().split(" ")[1];
			assertThat(extracted.resolve(source.replace("/workspace/extracted/", ""))).as(copy.toString())
				.isDirectory();
		}
		assertThat(extracted).isDirectoryContaining("glob:**/dependencies")
			.isDirectoryContaining("glob:**/spring-boot-loader")
			.isDirectoryContaining("glob:**/snapshot-dependencies")
			.isDirectoryContaining("glob:**/application");
		assertThat(extracted.resolve("dependencies/lib")).isDirectoryContaining("glob:**/spring-boot-4.*.jar")
			.isDirectoryContaining("glob:**/lettuce-core-*.jar");
		// Plain jars on the class path, as the AOT cache needs them: no Boot launcher
		assertThat(extracted.resolve("spring-boot-loader")).isEmptyDirectory();
		assertThat(extracted.resolve("application/app.jar")).isRegularFile();
		// The application layer holds no dependency: a code change ships only the small
		// layer
		assertThat(extracted.resolve("application")).isDirectoryNotContaining("glob:**/lib");
	}

	@Test
	void layersDoNotOverlap() throws IOException {
		Map<Path, String> owners = new HashMap<>();
		for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
			Path root = extracted.resolve(layer);
			try (Stream<Path> files = Files.walk(root)) {
				files.filter(Files::isRegularFile).forEach((file) -> {
					String previous = owners.put(root.relativize(file), layer);
					assertThat(previous).as("%s is in %s and %s", root.relativize(file), previous, layer).isNull();
				});
			}
		}
	}

	@Test
	void startsFromTheImageLayoutWithTheProductionChartConfiguration(@TempDir Path container) throws Exception {
		Rendered production = HelmChart.render("llm-cache", HelmChart.PRODUCTION_VALUES);
		// The Secrets production names exist outside the chart; these stand in for them
		Map<String, Map<String, String>> existingSecrets = Map
			.of("llm-cache-api-keys", Map.of("api-keys.properties", "llmcache.api-keys[0].id=support-admin\n"
					+ "llmcache.api-keys[0].sha256=b5a238dccd8a7926f16204cd3243eabc2be374efa2d23d5dad3ecd867c49d41a\n"
					+ "llmcache.api-keys[0].tenant=support\n" + "llmcache.api-keys[0].roles=read,write,admin\n"),
					"redis-ca", Map.of("ca.crt", selfSignedCertificate(container)));
		Result result = startEntrypoint(production, container, existingSecrets);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("Starting LlmCacheApplication").doesNotContain("APPLICATION FAILED");
	}

	@Test
	void startsFromTheImageLayoutWithChartMadeSecretsAndSentinel(@TempDir Path container) throws Exception {
		Rendered secrets = HelmChart.render("cache", testResource("secrets-values.yaml"));
		Result result = startEntrypoint(secrets, container, Map.of());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("Starting LlmCacheApplication");
	}

	@Test
	void refusesToStartWhenTheChartConfigurationIsInconsistent(@TempDir Path container) throws Exception {
		// The schema allows it, the application does not: a maximum TTL below the default
		// one. That the start fails shows that the ConfigMap's policy is what it reads.
		Path values = Files.writeString(container.resolve("values.yaml"),
				"policy: {namespaces: {too-short: {maxTtl: 1h}}}\n");
		Rendered rendered = HelmChart.render("demo", values);
		Result result = startEntrypoint(rendered, container.resolve("root"), Map.of());
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("too-short");
	}

	/**
	 * Starts the image's entry point in the image layout with what the Deployment gives
	 * the container: its environment, and its ConfigMap and Secret volumes written as the
	 * kubelet would, under {@code root} instead of {@code /}.
	 */
	private static Result startEntrypoint(Rendered rendered, Path root,
			Map<String, Map<String, String>> existingSecrets) throws Exception {
		PodSpec pod = rendered.one(Deployment.class).getSpec().getTemplate().getSpec();
		Container container = pod.getContainers().get(0);
		for (VolumeMount mount : container.getVolumeMounts()) {
			if (mount.getMountPath().equals("/tmp")) {
				continue;
			}
			Path directory = Files.createDirectories(inContainer(root, mount.getMountPath()));
			for (Map.Entry<String, String> file : volumeFiles(rendered, volume(pod, mount.getName()), existingSecrets)
				.entrySet()) {
				Files.writeString(directory.resolve(file.getKey()), file.getValue());
			}
		}
		Map<String, String> environment = new HashMap<>();
		for (EnvVar variable : container.getEnv()) {
			// Secret values are stand-ins; paths move under root
			String value = (variable.getValue() != null) ? variable.getValue().replace("file:/", "file:" + root + "/")
					: "from-secret-" + variable.getValueFrom().getSecretKeyRef().getName();
			environment.put(variable.getName(), value);
		}
		// Mount paths inside the configuration move under root as well
		Path configuration = inContainer(root, "/config/app/application.yaml");
		Files.writeString(configuration,
				Files.readString(configuration).replace("file:/config/", "file:" + root + "/config/"));
		List<String> entrypoint = new ArrayList<>(
				dockerfile.finalStage().last("ENTRYPOINT").orElseThrow().execForm().orElseThrow());
		entrypoint.set(0, javaExecutable());
		if (Runtime.version().feature() < 25) {
			// The image's Java reads the AOT cache; older ones do not know the option
			entrypoint.removeIf((option) -> option.startsWith("-XX:AOTCache"));
		}
		// Stop once the context is refreshed, before Tomcat listens
		entrypoint.add(entrypoint.size() - 1, "-Dspring.context.exit=onRefresh");
		// A start that ends at the refreshed context runs little code often enough for
		// the
		// optimising compiler to pay off; without it the start takes a third less time on
		// two cores, and means the same
		entrypoint.add(1, "-XX:TieredStopAtLevel=1");
		return run(entrypoint, image, environment);
	}

	private static Map<String, String> volumeFiles(Rendered rendered, Volume volume,
			Map<String, Map<String, String>> existingSecrets) {
		if (volume.getConfigMap() != null) {
			return rendered.named(ConfigMap.class, volume.getConfigMap().getName()).getData();
		}
		String name = volume.getSecret().getSecretName();
		Map<String, String> files = new HashMap<>(existingSecrets.getOrDefault(name, Map.of()));
		rendered.all(Secret.class)
			.stream()
			.filter((secret) -> secret.getMetadata().getName().equals(name))
			.forEach((secret) -> {
				if (secret.getStringData() != null) {
					files.putAll(secret.getStringData());
				}
				if (secret.getData() != null) {
					secret.getData()
						.forEach((key, value) -> files.put(key,
								new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
				}
			});
		assertThat(files).as("contents of Secret %s", name).isNotEmpty();
		if (volume.getSecret().getItems() != null) {
			Map<String, String> selected = new HashMap<>();
			volume.getSecret().getItems().forEach((item) -> selected.put(item.getPath(), files.get(item.getKey())));
			return selected;
		}
		return files;
	}

	private static Volume volume(PodSpec pod, String name) {
		return pod.getVolumes().stream().filter((volume) -> volume.getName().equals(name)).findFirst().orElseThrow();
	}

	private static Path inContainer(Path root, String absolutePath) {
		return root.resolve(absolutePath.substring(1));
	}

	/** A CA certificate in PEM, made with the JDK's keytool. */
	private static String selfSignedCertificate(Path directory) throws Exception {
		Path keyStore = directory.resolve("ca.p12");
		Path certificate = directory.resolve("ca.crt");
		String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		assertThat(run(
				List.of(keytool, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=Test Redis CA", "-ext",
						"bc:c", "-validity", "2", "-keystore", keyStore.toString(), "-storepass", "changeit"),
				directory, Map.of())
			.exitCode()).isZero();
		assertThat(run(List.of(keytool, "-exportcert", "-rfc", "-alias", "ca", "-keystore", keyStore.toString(),
				"-storepass", "changeit", "-file", certificate.toString()), directory, Map.of())
			.exitCode()).isZero();
		return Files.readString(certificate);
	}

	private static Result run(List<String> command, Path directory, Map<String, String> environment)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
		// Only what the container would get: no Redis or API key settings of this build
		builder.environment()
			.keySet()
			.removeIf((name) -> name.startsWith("SPRING_") || name.startsWith("LLMCACHE_")
					|| name.startsWith("JAVA_TOOL_OPTIONS") || name.startsWith("JDK_JAVA_OPTIONS"));
		builder.environment().putAll(environment);
		Path log = Files.createTempFile("llm-cache-run", ".log");
		builder.redirectOutput(log.toFile());
		Process process = builder.start();
		try {
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				throw new AssertionError("Timed out: " + command + "\n" + Files.readString(log));
			}
			return new Result(process.exitValue(), Files.readString(log));
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	private static void copyTree(Path source, Path target) throws IOException {
		try (Stream<Path> files = Files.walk(source)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Path destination = target.resolve(source.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(destination);
				}
				else {
					Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
	}

	private static Path packagedJar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((file) -> file.getFileName().toString().matches("llm-cache-.*\\.jar"))
				.findFirst()
				.orElse(null);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static Path testResource(String name) {
		try {
			return Path.of(DockerImageLayoutIntegrationTests.class.getResource(name).toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Result(int exitCode, String output) {

	}

}
