package io.llmcache.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the chart to plain manifests without a cluster or a {@code helm} binary, for
 * review and for {@code kubectl apply --dry-run}: the same as {@code helm template}, by
 * the Helm that helm-java embeds (the one {@link HelmChartTests} lints and renders with).
 * Run by {@code helm/render.sh}, from the project directory:
 *
 * <pre>
 * RenderChart [--release NAME] [--namespace NAMESPACE] [--output FILE] [VALUES_FILE...]
 * </pre>
 *
 * Release and namespace default to {@code llm-cache}, as in the chart's README; values
 * files are merged in order over the chart's defaults, as {@code helm template -f} does.
 * The manifests go to standard output unless {@code --output} names a file.
 */
final class RenderChart {

	/**
	 * The release name and namespace used when none is given, as in the chart's guide.
	 */
	static final String DEFAULT_RELEASE = "llm-cache";

	private static final String USAGE = "Usage: RenderChart [--release NAME] [--namespace NAMESPACE] "
			+ "[--output FILE] [VALUES_FILE...]";

	private RenderChart() {
	}

	/**
	 * Renders the chart as the arguments say.
	 * @param args the command line
	 * @throws IOException when the output file cannot be written
	 */
	public static void main(String[] args) throws IOException {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(USAGE);
			System.exit(2);
			return;
		}
		String manifests;
		try {
			manifests = render(options);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// Values that break the schema, a template error: Helm's message says which
			System.err.println(ex.getMessage());
			System.exit(1);
			return;
		}
		if (options.output() != null) {
			Files.writeString(options.output(), manifests);
		}
		else {
			System.out.print(manifests);
			System.out.flush();
		}
	}

	/**
	 * The manifests for a release.
	 * @param options what to render
	 * @return the manifests as Helm prints them
	 */
	static String render(Options options) {
		for (Path valuesFile : options.valuesFiles()) {
			// Helm's own message for a missing file names a path inside its temporary
			// copy; this one names the file the caller gave
			if (!Files.isRegularFile(valuesFile)) {
				throw new IllegalArgumentException("No values file " + valuesFile);
			}
		}
		return HelmChart.template(options.release(), options.namespace(), options.valuesFiles().toArray(Path[]::new));
	}

	/**
	 * What to render.
	 *
	 * @param release the release name
	 * @param namespace the release namespace
	 * @param output the file to write, or {@code null} for standard output
	 * @param valuesFiles values files, later ones winning
	 */
	record Options(String release, String namespace, Path output, List<Path> valuesFiles) {

		static Options parse(String... args) {
			String release = DEFAULT_RELEASE;
			String namespace = DEFAULT_RELEASE;
			Path output = null;
			List<Path> valuesFiles = new ArrayList<>();
			for (int i = 0; i < args.length; i++) {
				switch (args[i]) {
					case "--release" -> release = value(args, ++i);
					case "--namespace", "-n" -> namespace = value(args, ++i);
					case "--output", "-o" -> output = Path.of(value(args, ++i));
					case "--help", "-h" ->
						throw new IllegalArgumentException("Renders helm/llm-cache as helm template does");
					default -> {
						if (args[i].startsWith("-")) {
							throw new IllegalArgumentException("Unknown option " + args[i]);
						}
						valuesFiles.add(Path.of(args[i]));
					}
				}
			}
			return new Options(release, namespace, output, List.copyOf(valuesFiles));
		}

		private static String value(String[] args, int index) {
			if (index >= args.length || args[index].isBlank()) {
				throw new IllegalArgumentException(args[index - 1] + " needs a value");
			}
			return args[index];
		}

	}

}
