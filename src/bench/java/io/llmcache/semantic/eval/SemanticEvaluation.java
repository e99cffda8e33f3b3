package io.llmcache.semantic.eval;

import io.llmcache.guard.SemanticGuards;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.llmcache.semantic.Embedder;
import io.llmcache.semantic.OnnxEmbedder;
import io.llmcache.semantic.OnnxModel;
import io.llmcache.semantic.OpenAiEmbedder;
import io.llmcache.semantic.SemanticCalibration;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The semantic matching evaluation: every evaluation file used as a cache (see
 * {@link CacheSimulation}), for each candidate model, at thresholds from 0.70 to 0.99,
 * with and without guards, beside plain cosine in the same run, and each model's
 * embedding speed measured in the same run. Writes a Markdown report to
 * {@code eval/results/} and prints it, and writes each model's calibration (its QQP
 * figures) to {@code src/main/resources/io/llmcache/semantic/}.
 * <p>
 * Run by {@code bash eval/semantic.sh}; options: {@code --data DIR} (default
 * {@code ../shared/eval}), {@code --models a,b} (default: all), {@code --target 0.9}.
 * <p>
 * A remote OpenAI-compatible embedding model is measured the same way with
 * {@code --openai-url URL} (up to and including the version, as
 * {@code llmcache.semantic.openai.base-url}), {@code --openai-model NAME} and
 * {@code --openai-dimensions N}, the API key in the environment variable
 * {@value #OPENAI_API_KEY_VARIABLE}. Only that model is then measured (unless
 * {@code --models} names others too), and its calibration is written to
 * {@code eval/results/}, for {@code llmcache.semantic.calibration-file}.
 */
public final class SemanticEvaluation {

	static final List<String> FILES = List.of("qqp-dev", "stsb-dev", "paraphrase-positives",
			"llm-paraphrases-with-context");

	static final String CALIBRATION_DATA = "qqp-dev";

	private static final double[] REPORTED = { 0.80, 0.84, 0.86, 0.88, 0.90, 0.92, 0.94, 0.96 };

	private static final int SPEED_TEXTS = 300;

	private static final int SPEED_WARMUP = 30;

	static final String OPENAI_API_KEY_VARIABLE = "LLMCACHE_EVAL_OPENAI_API_KEY";

	private SemanticEvaluation() {
	}

	public static void main(String[] args) throws IOException {
		Map<String, String> options = options(args);
		Path data = Path.of(options.getOrDefault("data", "../shared/eval"));
		Path results = Path.of(options.getOrDefault("results", "eval/results"));
		Path calibrations = Path.of(options.getOrDefault("calibrations", "src/main/resources/io/llmcache/semantic"));
		double target = Double.parseDouble(options.getOrDefault("target", "0.9"));
		List<EvaluatedModel> models = models(options, calibrations, results);

		List<EvalData> files = new ArrayList<>();
		for (String name : FILES) {
			files.add(EvalData.read(data.resolve(name + ".jsonl")));
		}
		Report report = new Report(target, files);
		for (EvaluatedModel model : models) {
			Embedder embedder = model.embedder();
			System.err.println("Model " + embedder.name());
			Speed speed = measureSpeed(embedder, files.get(0));
			VectorFile vectors = VectorFile.open(results.resolve("vectors").resolve(model.fileName() + ".bin"),
					embedder.dimensions());
			vectors.embedMissing(embedder, texts(files));
			Map<String, CacheSimulation> simulations = new LinkedHashMap<>();
			for (EvalData file : files) {
				simulations.put(file.name(), CacheSimulation.run(file, vectors, true));
			}
			CacheSimulation unrestricted = CacheSimulation.run(files.get(3), vectors, false);
			writeCalibration(embedder.name(), simulations.get(CALIBRATION_DATA), model.calibration());
			SemanticCalibration calibrated;
			try (var in = Files.newInputStream(model.calibration())) {
				calibrated = SemanticCalibration.read(in);
			}
			report.add(embedder.name(), speed, simulations, unrestricted, calibrated);
			writeHits(simulations.get(CALIBRATION_DATA), calibrated.thresholdFor(target).similarity(),
					results.resolve("hits-" + model.fileName() + ".tsv"));
			if (!model.shipped()) {
				System.err.println("Calibration of " + embedder.name() + " written to " + model.calibration()
						+ ": point llmcache.semantic.calibration-file at it");
			}
		}
		String markdown = report.markdown();
		Files.createDirectories(results);
		Files.writeString(results.resolve("semantic-" + LocalDate.now() + ".md"), markdown, StandardCharsets.UTF_8);
		Files.writeString(results.resolve("latest.md"), markdown, StandardCharsets.UTF_8);
		System.out.println(markdown);
	}

	/**
	 * The models to measure: the in-process ones named by {@code --models} (all of them
	 * if neither that nor a remote model is given), then the remote one, if any.
	 */
	private static List<EvaluatedModel> models(Map<String, String> options, Path calibrations, Path results) {
		List<EvaluatedModel> models = new ArrayList<>();
		String remoteUrl = options.get("openai-url");
		List<OnnxModel> local = options.containsKey("models")
				? Arrays.stream(options.get("models").split(",")).map(OnnxModel::named).toList()
				: (remoteUrl != null) ? List.of() : List.of(OnnxModel.values());
		for (OnnxModel model : local) {
			models.add(new EvaluatedModel(new OnnxEmbedder(model, Integer.MAX_VALUE), model.modelName(),
					calibrations.resolve("calibration-" + model.modelName() + ".json"), true));
		}
		if (remoteUrl != null) {
			String name = options.getOrDefault("openai-model", "text-embedding-3-small");
			int dimensions = Integer.parseInt(options.getOrDefault("openai-dimensions", "1536"));
			OpenAiEmbedder.Settings settings = new OpenAiEmbedder.Settings(URI.create(remoteUrl),
					System.getenv(OPENAI_API_KEY_VARIABLE), name, dimensions, Duration.ofSeconds(60),
					Duration.ofSeconds(10), 64);
			Embedder embedder = new OpenAiEmbedder(settings, Integer.MAX_VALUE);
			// The embedder's name has a colon ("openai:<model>"): not in file names
			String fileName = embedder.name().replaceAll("[^A-Za-z0-9.-]", "-");
			models.add(new EvaluatedModel(embedder, fileName, results.resolve("calibration-" + fileName + ".json"),
					false));
		}
		return models;
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("Expected --option value, got " + args[i]);
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		return options;
	}

	private static Set<String> texts(List<EvalData> files) {
		Set<String> texts = new LinkedHashSet<>();
		for (EvalData file : files) {
			for (EvalPair pair : file.pairs()) {
				texts.add(pair.q1());
				texts.add(pair.q2());
			}
		}
		return texts;
	}

	/**
	 * Loading time, and milliseconds per text embedded one at a time (as a lookup does)
	 * and in batches (as a bulk import would), on the first distinct QQP queries, after a
	 * warm-up.
	 */
	private static Speed measureSpeed(Embedder embedder, EvalData qqp) {
		long started = System.nanoTime();
		if (embedder instanceof OnnxEmbedder onnx) {
			onnx.load();
		}
		double loadMillis = (System.nanoTime() - started) / 1e6;
		List<String> texts = qqp.pairs().stream().map(EvalPair::q2).distinct().limit(SPEED_TEXTS).toList();
		for (String text : texts.subList(0, SPEED_WARMUP)) {
			embedder.embed(text);
		}
		started = System.nanoTime();
		for (String text : texts) {
			embedder.embed(text);
		}
		double single = (System.nanoTime() - started) / 1e6 / texts.size();
		started = System.nanoTime();
		for (int from = 0; from < texts.size(); from += 32) {
			embedder.embedAll(texts.subList(from, Math.min(texts.size(), from + 32)));
		}
		double batched = (System.nanoTime() - started) / 1e6 / texts.size();
		return new Speed(loadMillis, single, batched);
	}

	private static void writeCalibration(String model, CacheSimulation qqp, Path file) throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		ObjectNode root = json.createObjectNode();
		root.put("model", model);
		root.put("dataset", qqp.data().name());
		root.put("pairs", qqp.data().pairs().size());
		root.put("duplicates", qqp.data().duplicates());
		root.put("candidatesPerLookup", CacheSimulation.TOP_K);
		ArrayNode guards = root.putArray("guards");
		SemanticGuards.DEFAULT_NAMES.forEach(guards::add);
		root.put("generatedBy", "bash eval/semantic.sh");
		ArrayNode points = root.putArray("points");
		int all = CacheSimulation.mask(SemanticGuards.DEFAULT_NAMES);
		for (int t = 70; t <= 99; t++) {
			double threshold = t / 100.0;
			ObjectNode point = points.addObject();
			point.put("threshold", threshold);
			measure(point.putObject("plain"), qqp.score(threshold, 0));
			measure(point.putObject("guarded"), qqp.score(threshold, all));
		}
		Files.createDirectories(file.getParent());
		Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
				StandardCharsets.UTF_8);
	}

	/**
	 * Every plain-cosine hit at the setting's threshold, with the guards' verdicts, to
	 * read what goes wrong: similarity, right or false, the pair's label, the query, the
	 * text served, and the pair's own q1.
	 */
	private static void writeHits(CacheSimulation simulation, double threshold, Path file) throws IOException {
		StringBuilder out = new StringBuilder(
				"similarity\tright\tduplicate\town\trejected by\tq2\tserved q1\tpair q1\n");
		List<EvalPair> pairs = simulation.data().pairs();
		for (CacheSimulation.Hit hit : simulation.hits(threshold, 0)) {
			EvalPair pair = pairs.get(hit.pair());
			List<String> rejectedBy = new ArrayList<>();
			for (int g = 0; g < SemanticGuards.NAMES.size(); g++) {
				if ((hit.rejectedBy() & (1 << g)) != 0) {
					rejectedBy.add(SemanticGuards.NAMES.get(g));
				}
			}
			out.append(String.format(Locale.ROOT, "%.3f\t%s\t%s\t%s\t%s\t%s\t%s\t%s%n", hit.similarity(), hit.right(),
					pair.duplicate(), hit.pair() == hit.entry(), String.join(",", rejectedBy), pair.q2(),
					pairs.get(hit.entry()).q1(), pair.q1()));
		}
		Files.writeString(file, out, StandardCharsets.UTF_8);
	}

	private static void measure(ObjectNode node, CacheSimulation.Score score) {
		if (Double.isNaN(score.precision())) {
			node.putNull("precision");
		}
		else {
			node.put("precision", round(score.precision()));
		}
		node.put("recall", round(score.recall()));
		node.put("falseHitRate", round(score.falseHitRate()));
		node.put("hits", score.correct() + score.wrong());
	}

	private static double round(double value) {
		return Math.round(value * 10_000) / 10_000.0;
	}

	static String format(double value) {
		return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.3f", value);
	}

	static double[] reportedThresholds() {
		return REPORTED.clone();
	}

	/**
	 * A model to measure.
	 *
	 * @param embedder its embedder
	 * @param fileName its name in file names
	 * @param calibration where its calibration is written
	 * @param shipped whether the calibration ships with the service (an in-process model)
	 */
	record EvaluatedModel(Embedder embedder, String fileName, Path calibration, boolean shipped) {

	}

	/**
	 * A model's speed.
	 *
	 * @param loadMillis milliseconds to load the model
	 * @param singleMillis milliseconds per text, one text per call
	 * @param batchedMillis milliseconds per text, 32 texts per call
	 */
	record Speed(double loadMillis, double singleMillis, double batchedMillis) {

	}

}
