package io.llmcache.semantic.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import io.llmcache.guard.SemanticGuards;
import io.llmcache.semantic.OnnxEmbedder;
import io.llmcache.semantic.OnnxModel;
import io.llmcache.semantic.UnitVectors;
import io.llmcache.verifier.PairFeatures;
import io.llmcache.verifier.TermWeights;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains the semantic verifier: {@code bash verifier/train.sh}. Reads
 * {@code qqp-train.jsonl} only (plus pairs it makes from it, {@link TrainingPairs}),
 * trains boosted trees over {@link PairFeatures}, and writes what the service loads (the
 * trees, the term weights, the calibration measured on {@code qqp-dev.jsonl} as a cache)
 * and the model card. Fixed seeds: the same data gives the same model.
 * <p>
 * Options: {@code --data DIR} ({@code ../shared/eval}), {@code --out DIR} (the service's
 * resources), {@code --results DIR} ({@code eval/results}), {@code --card FILE},
 * {@code --rounds N}, {@code --depth N}, {@code --limit N} (use only the first N training
 * and dev pairs: the pipeline test), {@code --mine N} (lookups mined for hard negatives).
 */
public final class VerifierTraining {

	static final OnnxModel EMBEDDER = OnnxModel.DEFAULT;

	/** The retrieval floor: candidates below it are never verified. */
	static final double FLOOR = 0.60;

	static final long SEED = 7;

	private VerifierTraining() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		Instant started = Instant.now();
		Path data = Path.of(options.getOrDefault("data", "../shared/eval"));
		Path out = Path.of(options.getOrDefault("out", "src/main/resources/io/llmcache/verifier"));
		Path results = Path.of(options.getOrDefault("results", "eval/results"));
		Path card = Path.of(options.getOrDefault("card", "docs/verifier-model-card.md"));
		int limit = Integer.parseInt(options.getOrDefault("limit", "0"));
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "400"));
		int depth = Integer.parseInt(options.getOrDefault("depth", "6"));
		int mine = Integer.parseInt(options.getOrDefault("mine", "12000"));

		EvalData train = limited(EvalData.read(data.resolve("qqp-train.jsonl")), limit);
		EvalData dev = limited(EvalData.read(data.resolve("qqp-dev.jsonl")), limit);
		List<EvalData> others = new ArrayList<>();
		for (String name : List.of("paraphrase-positives", "llm-paraphrases-with-context", "stsb-dev")) {
			Path file = data.resolve(name + ".jsonl");
			if (Files.exists(file)) {
				others.add(limited(EvalData.read(file), limit));
			}
			else {
				System.err.println("No " + file + ": not scored");
			}
		}
		Set<String> questions = new LinkedHashSet<>();
		train.pairs().forEach((pair) -> {
			questions.add(pair.q1());
			questions.add(pair.q2());
		});
		TermWeights weights = TermWeights.of(questions);
		PairFeatures features = new PairFeatures(weights);

		TrainingPairs.Made madePairs = TrainingPairs.make(questions, weights::weightOf, SEED);
		List<EvalPair> made = madePairs.made();
		List<EvalPair> heldSwaps = madePairs.heldBackSwaps();
		EvalData swaps = new EvalData("word-swaps-held-back", heldSwaps);
		System.err.printf("%,d training pairs, %,d made from them (swaps and rephrasings), %,d held-back swaps%n",
				train.pairs().size(), made.size(), heldSwaps.size());

		VectorFile vectors = VectorFile.open(results.resolve("vectors").resolve(EMBEDDER.modelName() + ".bin"),
				EMBEDDER.dimensions());
		Set<String> texts = new LinkedHashSet<>(questions);
		for (EvalData file : concat(List.of(dev, swaps, new EvalData("made", made)), others)) {
			file.pairs().forEach((pair) -> {
				texts.add(pair.q1());
				texts.add(pair.q2());
			});
		}
		vectors.embedMissing(new OnnxEmbedder(EMBEDDER, Integer.MAX_VALUE), texts);

		List<EvalPair> mined = mineNegatives(train, vectors, mine);
		System.err.printf("%,d unlabelled near neighbours mined as negatives%n", mined.size());

		Examples examples = new Examples(features, vectors);
		examples.addAll(train.pairs(), 1f, "labelled pairs");
		examples.addAll(made, 1f, "made pairs");
		examples.addAll(mined, 0.5f, "mined negatives");
		Examples devExamples = new Examples(features, vectors);
		devExamples.addAll(dev.pairs(), 1f, "dev pairs");

		Booster booster = train(examples, devExamples, rounds, depth);
		Files.createDirectories(out);
		booster.saveModel(out.resolve("verifier-model.json").toString());
		Files.writeString(out.resolve("verifier-terms.tsv"), weights.write(), StandardCharsets.UTF_8);
		Duration trainingTime = Duration.between(started, Instant.now());

		VerifierReport report = new VerifierReport(EMBEDDER.modelName(), FLOOR);
		io.llmcache.verifier.Verifier verifier = io.llmcache.verifier.Verifier.load(out);
		VerifiedCache.Scorer verified = verifier::score;
		VerifiedCache.Scorer cosine = (query, candidate, similarity) -> similarity;
		// The guards are among the verifier's features; whether they still add precision
		// as a veto beside it is measured, not assumed
		SemanticGuards guards = SemanticGuards.defaults();
		VerifiedCache.Scorer guarded = (query, candidate, similarity) -> guards.check(query, candidate).accepted()
				? verifier.score(query, candidate, similarity) : 0;
		for (EvalData file : concat(List.of(dev, swaps), others)) {
			System.err.println("Scoring " + file.name() + " as a cache");
			report.add(file.name(), VerifiedCache.run(file, vectors, FLOOR, verified),
					VerifiedCache.run(file, vectors, FLOOR, guarded), VerifiedCache.run(file, vectors, FLOOR, cosine));
		}
		Files.createDirectories(results);
		report.writeCalibration(out.resolve("verifier-calibration.json"), dev.name());
		writeJsonl(results.resolve("word-swaps-held-back.jsonl"), heldSwaps);
		String markdown = report.card(sha256(data.resolve("qqp-train.jsonl")), train.pairs().size(), made.size(),
				mined.size(), examples.size(), rounds, depth, trainingTime, verifier);
		Files.createDirectories(card.toAbsolutePath().getParent());
		Files.writeString(card, markdown, StandardCharsets.UTF_8);
		Files.writeString(results.resolve("verifier-latest.md"), markdown, StandardCharsets.UTF_8);
		System.out.println(markdown);
	}

	static EvalData limited(EvalData data, int limit) {
		return (limit <= 0 || data.pairs().size() <= limit) ? data
				: new EvalData(data.name(), data.pairs().subList(0, limit));
	}

	static <T> List<T> concat(List<T> a, List<T> b) {
		List<T> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

	/**
	 * Near neighbours the cache would propose that no label calls duplicate: for a sample
	 * of training questions, the nearest stored questions above the floor that are
	 * neither the same question nor in its duplicate cluster. Most are different
	 * questions; as negatives they teach the trees what retrieval brings, not only what
	 * QQP labels.
	 */
	static List<EvalPair> mineNegatives(EvalData train, VectorFile vectors, int sample) {
		LabelGraph labels = new LabelGraph(train.pairs());
		List<String> stored = train.pairs().stream().map(EvalPair::q1).distinct().toList();
		float[][] storedVectors = stored.stream().map(vectors::get).toArray(float[][]::new);
		List<String> queries = new ArrayList<>(train.pairs().stream().map(EvalPair::q2).distinct().toList());
		java.util.Collections.shuffle(queries, new Random(SEED));
		List<String> sampled = queries.subList(0, Math.min(sample, queries.size()));
		Progress progress = new Progress("mining near neighbours", sampled.size());
		List<List<EvalPair>> found = IntStream.range(0, sampled.size()).parallel().mapToObj((i) -> {
			String query = sampled.get(i);
			float[] vector = vectors.get(query);
			List<double[]> near = new ArrayList<>();
			for (int s = 0; s < storedVectors.length; s++) {
				double cosine = UnitVectors.cosine(vector, storedVectors[s]);
				if (cosine >= FLOOR) {
					near.add(new double[] { cosine, s });
				}
			}
			near.sort((a, b) -> Double.compare(b[0], a[0]));
			List<EvalPair> negatives = new ArrayList<>();
			for (double[] candidate : near.subList(0, Math.min(VerifiedCache.CANDIDATES, near.size()))) {
				String entry = stored.get((int) candidate[1]);
				if (labels.judge(LabelGraph.node("", query),
						LabelGraph.node("", entry)) == LabelGraph.Verdict.UNJUDGED) {
					negatives.add(new EvalPair(entry, query, false, "", false));
				}
			}
			progress.step();
			return negatives;
		}).toList();
		progress.done();
		return found.stream().flatMap(List::stream).toList();
	}

	private static Booster train(Examples examples, Examples dev, int rounds, int depth) throws XGBoostError {
		DMatrix training = examples.matrix();
		DMatrix validation = dev.matrix();
		Map<String, Object> parameters = new HashMap<>();
		parameters.put("objective", "binary:logistic");
		parameters.put("eval_metric", "logloss");
		parameters.put("max_depth", depth);
		parameters.put("eta", 0.05);
		parameters.put("subsample", 0.8);
		parameters.put("colsample_bytree", 0.8);
		parameters.put("min_child_weight", 2);
		parameters.put("tree_method", "hist");
		parameters.put("nthread", 2);
		parameters.put("seed", (int) SEED);
		Map<String, DMatrix> watches = new LinkedHashMap<>();
		Booster booster = XGBoost.train(training, parameters, 0, watches, null, null);
		Progress progress = new Progress("training " + rounds + " rounds", rounds);
		for (int round = 0; round < rounds; round++) {
			booster.update(training, round);
			progress.step();
			if ((round + 1) % 100 == 0 || round + 1 == rounds) {
				System.err.println("  " + booster.evalSet(new DMatrix[] { training, validation },
						new String[] { "train", "qqp-dev" }, round));
			}
		}
		progress.done();
		return booster;
	}

	static void writeJsonl(Path file, List<EvalPair> pairs) throws IOException {
		tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
		StringBuilder lines = new StringBuilder();
		for (EvalPair pair : pairs) {
			lines
				.append(json
					.writeValueAsString(Map.of("q1", pair.q1(), "q2", pair.q2(), "duplicate", pair.duplicate())))
				.append('\n');
		}
		Files.writeString(file, lines, StandardCharsets.UTF_8);
	}

	static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
	}

	/**
	 * The training examples: features, labels and weights, computed in parallel.
	 */
	private static final class Examples {

		private final PairFeatures features;

		private final VectorFile vectors;

		private final List<float[]> rows = new ArrayList<>();

		private final List<Float> labels = new ArrayList<>();

		private final List<Float> weights = new ArrayList<>();

		Examples(PairFeatures features, VectorFile vectors) {
			this.features = features;
			this.vectors = vectors;
		}

		void addAll(List<EvalPair> pairs, float weight, String what) {
			Progress progress = new Progress("features of " + what, pairs.size());
			List<float[]> computed = IntStream.range(0, pairs.size()).parallel().mapToObj((i) -> {
				EvalPair pair = pairs.get(i);
				double cosine = Math.min(1.0,
						UnitVectors.cosine(this.vectors.get(pair.q2()), this.vectors.get(pair.q1())));
				progress.step();
				return this.features.of(pair.q2(), pair.q1(), cosine);
			}).toList();
			progress.done();
			for (int i = 0; i < pairs.size(); i++) {
				this.rows.add(computed.get(i));
				this.labels.add(pairs.get(i).duplicate() ? 1f : 0f);
				this.weights.add(weight);
			}
		}

		int size() {
			return this.rows.size();
		}

		DMatrix matrix() throws XGBoostError {
			int columns = PairFeatures.NAMES.size();
			float[] flat = new float[this.rows.size() * columns];
			float[] label = new float[this.rows.size()];
			float[] weight = new float[this.rows.size()];
			for (int i = 0; i < this.rows.size(); i++) {
				System.arraycopy(this.rows.get(i), 0, flat, i * columns, columns);
				label[i] = this.labels.get(i);
				weight[i] = this.weights.get(i);
			}
			DMatrix matrix = new DMatrix(flat, this.rows.size(), columns, Float.NaN);
			matrix.setLabel(label);
			matrix.setWeight(weight);
			return matrix;
		}

	}

	/**
	 * A progress bar on standard error, redrawn at each whole per cent.
	 */
	static final class Progress {

		private final String what;

		private final int total;

		private final java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();

		private final long started = System.nanoTime();

		Progress(String what, int total) {
			this.what = what;
			this.total = Math.max(1, total);
		}

		void step() {
			int now = this.done.incrementAndGet();
			if (now * 100L / this.total != (now - 1) * 100L / this.total) {
				draw(now);
			}
		}

		void done() {
			draw(this.total);
			System.err.println();
		}

		private void draw(int now) {
			int percent = (int) (now * 100L / this.total);
			double seconds = (System.nanoTime() - this.started) / 1e9;
			String bar = "=".repeat(percent / 4) + " ".repeat(25 - percent / 4);
			System.err.printf(Locale.ROOT, "\r  %-40s [%s] %3d%% %,d/%,d %.0fs", this.what, bar, percent,
					Math.min(now, this.total), this.total, seconds);
		}

	}

}
