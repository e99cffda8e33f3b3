package io.llmcache.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The chart under {@code helm/llm-cache}, linted and rendered by Helm itself (embedded as
 * a native library by helm-java, so the build needs no {@code helm} binary). Renders are
 * cached: Helm is deterministic for the same values.
 */
final class HelmChart {

	/**
	 * The chart directory, relative to the project directory (Maven's working directory).
	 */
	static final Path DIRECTORY = Path.of("helm", "llm-cache");

	/** The production-like values that CI checks. */
	static final Path PRODUCTION_VALUES = DIRECTORY.resolve("ci").resolve("production-values.yaml");

	/**
	 * The Kubernetes version renders are made for (Helm's own default, 1.20, is older
	 * than the chart's {@code kubeVersion}).
	 */
	static final String KUBERNETES_VERSION = "v1.31.0";

	/** The namespace every render is made for. */
	static final String NAMESPACE = "llm-cache-test";

	private static final Map<String, Rendered> renders = new ConcurrentHashMap<>();

	private HelmChart() {
	}

	/**
	 * Renders the chart as {@code helm template} does. helm-java leaves out hooks, such
	 * as the {@code helm test} pod: see {@link #renderTestHooks}.
	 * @param release the release name
	 * @param valuesFiles values files, later ones winning; none for the defaults
	 * @return the rendered manifests, parsed strictly
	 */
	static Rendered render(String release, Path... valuesFiles) {
		String key = release + Arrays.toString(valuesFiles);
		return renders.computeIfAbsent(key, (ignored) -> parse(template(DIRECTORY, release, NAMESPACE, valuesFiles)));
	}

	/**
	 * Renders the {@code helm test} hooks as plain manifests: from a copy of the chart
	 * whose test templates have their {@code helm.sh/hook*} annotations removed.
	 * @param workDirectory a directory for the copy
	 * @param release the release name
	 * @param valuesFiles values files
	 * @return the rendered manifests, the test hooks among them
	 */
	static Rendered renderTestHooks(Path workDirectory, String release, Path... valuesFiles) {
		Path copy = copy(workDirectory);
		try (Stream<Path> tests = Files.list(copy.resolve("templates").resolve("tests"))) {
			for (Path test : (Iterable<Path>) tests::iterator) {
				String unhooked = Files.readString(test).replaceAll("(?m)^\\s*helm\\.sh/hook[-a-z]*:.*\\n", "");
				Files.writeString(test, unhooked);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return parse(template(copy, release, NAMESPACE, valuesFiles));
	}

	/**
	 * Runs {@code helm template} without parsing what it prints.
	 * @param release the release name
	 * @param valuesFiles values files
	 * @return the manifests as Helm printed them
	 * @throws IllegalStateException when Helm fails, for example on values that break
	 * {@code values.schema.json}
	 */
	static String template(String release, Path... valuesFiles) {
		return template(DIRECTORY, release, NAMESPACE, valuesFiles);
	}

	/**
	 * Runs {@code helm template} for a namespace of one's choice, as {@link RenderChart}
	 * does for review and {@code kubectl apply --dry-run}.
	 * @param release the release name
	 * @param namespace the release namespace
	 * @param valuesFiles values files, later ones winning; none for the defaults
	 * @return the manifests as Helm printed them
	 * @throws IllegalStateException when Helm fails
	 */
	static String template(String release, String namespace, Path... valuesFiles) {
		return template(DIRECTORY, release, namespace, valuesFiles);
	}

	/**
	 * The notes {@code helm install} prints, from a client-only dry run.
	 * @param release the release name
	 * @param valuesFiles values files
	 * @return what Helm prints after installing, the rendered NOTES.txt included
	 */
	static String installNotes(String release, Path... valuesFiles) {
		InstallCommand command = new Helm(DIRECTORY).install()
			.withName(release)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBERNETES_VERSION)
			.clientOnly()
			.dryRun();
		for (Path valuesFile : valuesFiles) {
			command = command.withValuesFile(valuesFile);
		}
		return command.call().getOutput();
	}

	private static String template(Path chart, String release, String namespace, Path... valuesFiles) {
		TemplateCommand command = new Helm(chart).template()
			.withName(release)
			.withNamespace(namespace)
			.withKubeVersion(KUBERNETES_VERSION);
		for (Path valuesFile : valuesFiles) {
			command = command.withValuesFile(valuesFile);
		}
		return command.call();
	}

	private static Rendered parse(String yaml) {
		return new Rendered(yaml, KubernetesManifests.parse(yaml));
	}

	/**
	 * Runs {@code helm lint --strict} (warnings fail too) on the chart with its default
	 * values, or with values files merged over them. helm-java's lint takes no values
	 * files, so for those it lints a copy of the chart whose {@code values.yaml} is the
	 * defaults with the values files merged in, as Helm would merge them.
	 * @param workDirectory a directory for the copy
	 * @param valuesFiles values files; none for the defaults
	 * @return the lint result
	 */
	static LintResult lint(Path workDirectory, Path... valuesFiles) {
		Path chart = DIRECTORY;
		if (valuesFiles.length != 0) {
			chart = copy(workDirectory);
			YAMLMapper yaml = YAMLMapper.builder().build();
			ObjectNode values = (ObjectNode) yaml.readTree(DIRECTORY.resolve("values.yaml").toFile());
			for (Path valuesFile : valuesFiles) {
				merge(values, (ObjectNode) yaml.readTree(valuesFile.toFile()));
			}
			yaml.writeValue(chart.resolve("values.yaml").toFile(), values);
		}
		return new Helm(chart).lint().strict().call();
	}

	private static Path copy(Path workDirectory) {
		Path copy = workDirectory.resolve("llm-cache");
		try (Stream<Path> files = Files.walk(DIRECTORY)) {
			for (Path source : (Iterable<Path>) files::iterator) {
				Path target = copy.resolve(DIRECTORY.relativize(source).toString());
				if (Files.isDirectory(source)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(source, target);
				}
			}
			return copy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Helm's merge: maps merge key by key, anything else (lists too) replaces. */
	private static void merge(ObjectNode target, ObjectNode overrides) {
		for (Map.Entry<String, JsonNode> entry : overrides.properties()) {
			JsonNode existing = target.get(entry.getKey());
			if (existing instanceof ObjectNode existingObject && entry.getValue() instanceof ObjectNode override) {
				merge(existingObject, override);
			}
			else {
				target.set(entry.getKey(), entry.getValue());
			}
		}
	}

	/**
	 * A rendered chart.
	 *
	 * @param yaml the manifests as Helm printed them
	 * @param objects the parsed objects, in order
	 */
	record Rendered(String yaml, List<Object> objects) {

		/**
		 * The objects of one kind.
		 * @param <T> the model type
		 * @param type the model class
		 * @return the objects of that class, in order
		 */
		<T> List<T> all(Class<T> type) {
			return this.objects.stream().filter(type::isInstance).map(type::cast).toList();
		}

		/**
		 * The one object of a kind.
		 * @param <T> the model type
		 * @param type the model class
		 * @return the object
		 * @throws AssertionError unless there is exactly one
		 */
		<T> T one(Class<T> type) {
			List<T> matching = all(type);
			if (matching.size() != 1) {
				throw new AssertionError("Expected one " + type.getSimpleName() + " but got " + matching.size());
			}
			return matching.get(0);
		}

		/**
		 * The object of a kind with a name.
		 * @param <T> the model type
		 * @param type the model class
		 * @param name the object's name
		 * @return the object
		 * @throws AssertionError when there is none
		 */
		<T> T named(Class<T> type, String name) {
			return all(type).stream()
				.filter((object) -> name.equals(KubernetesManifests.metadata(object).getName()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No " + type.getSimpleName() + " named " + name));
		}

	}

}
