package io.llmcache.semantic.eval;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import io.llmcache.semantic.OnnxEmbedder;
import io.llmcache.verifier.TermWeights;
import io.llmcache.verifier.Verifier;

/**
 * Trains a cross-encoder verifier, the alternative to the boosted trees that issue 16
 * asked to be measured: the first layers of the embedder's own MiniLM, reading query and
 * candidate together ({@code [CLS] query [SEP] candidate [SEP]}), fine-tuned with DJL on
 * PyTorch (CPU) on the same pairs as the trees, then scored as a cache on the same files
 * beside the trees and plain cosine: {@code bash verifier/train-cross-encoder.sh}.
 * <p>
 * Options: {@code --data DIR}, {@code --results DIR} ({@code eval/results}),
 * {@code --layers N} (3), {@code --epochs N} (1), {@code --batch N} (32), {@code --lr X}
 * (5e-5), {@code --mine N} (6000 lookups mined for hard negatives), {@code --limit N}
 * (only the first N pairs of each file).
 */
public final class CrossEncoderTraining {

	static final String MODEL = "/all-minilm-l6-v2.onnx";

	static final String TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";

	static final int MAX_TOKENS = 64;

	private static final double HEAD_LEARNING_RATE = 1e-3;

	private CrossEncoderTraining() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		Instant started = Instant.now();
		Path data = Path.of(options.getOrDefault("data", "../shared/eval"));
		Path results = Path.of(options.getOrDefault("results", "eval/results"));
		int limit = Integer.parseInt(options.getOrDefault("limit", "0"));
		int layers = Integer.parseInt(options.getOrDefault("layers", "3"));
		int epochs = Integer.parseInt(options.getOrDefault("epochs", "1"));
		int batch = Integer.parseInt(options.getOrDefault("batch", "32"));
		float learningRate = Float.parseFloat(options.getOrDefault("lr", "5e-5"));
		int mine = Integer.parseInt(options.getOrDefault("mine", "6000"));

		EvalData train = VerifierTraining.limited(EvalData.read(data.resolve("qqp-train.jsonl")), limit);
		EvalData dev = VerifierTraining.limited(EvalData.read(data.resolve("qqp-dev.jsonl")), limit);
		List<EvalData> others = new ArrayList<>();
		for (String name : List.of("paraphrase-positives", "llm-paraphrases-with-context")) {
			Path file = data.resolve(name + ".jsonl");
			if (Files.exists(file)) {
				others.add(VerifierTraining.limited(EvalData.read(file), limit));
			}
		}
		Set<String> questions = new LinkedHashSet<>();
		train.pairs().forEach((pair) -> {
			questions.add(pair.q1());
			questions.add(pair.q2());
		});
		TermWeights weights = TermWeights.of(questions);
		TrainingPairs.Made made = TrainingPairs.make(questions, weights::weightOf, VerifierTraining.SEED);
		EvalData swaps = new EvalData("word-swaps-held-back", made.heldBackSwaps());

		VectorFile vectors = VectorFile.open(
				results.resolve("vectors").resolve(VerifierTraining.EMBEDDER.modelName() + ".bin"),
				VerifierTraining.EMBEDDER.dimensions());
		Set<String> texts = new LinkedHashSet<>(questions);
		for (EvalData file : VerifierTraining.concat(List.of(dev, swaps, new EvalData("made", made.made())), others)) {
			file.pairs().forEach((pair) -> {
				texts.add(pair.q1());
				texts.add(pair.q2());
			});
		}
		vectors.embedMissing(new OnnxEmbedder(VerifierTraining.EMBEDDER, Integer.MAX_VALUE), texts);
		List<EvalPair> mined = VerifierTraining.mineNegatives(train, vectors, mine);

		List<Example> examples = new ArrayList<>();
		train.pairs().forEach((pair) -> examples.add(new Example(pair, 1f)));
		made.made().forEach((pair) -> examples.add(new Example(pair, 1f)));
		mined.forEach((pair) -> examples.add(new Example(pair, 0.5f)));
		System.err.printf("%,d labelled, %,d made, %,d mined: %,d examples%n", train.pairs().size(), made.made().size(),
				mined.size(), examples.size());

		System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
		System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
		Engine.getEngine("PyTorch").setRandomSeed((int) VerifierTraining.SEED);
		Map<String, OnnxGraph.Tensor> pretrained;
		try (InputStream in = CrossEncoderTraining.class.getResourceAsStream(MODEL)) {
			pretrained = OnnxGraph.read(in).weights();
		}
		try (HuggingFaceTokenizer tokenizer = tokenizer(); NDManager manager = NDManager.newBaseManager()) {
			CrossEncoderNetwork network = new CrossEncoderNetwork(manager, pretrained, layers, VerifierTraining.SEED);
			train(network, manager, tokenizer, examples, epochs, batch, learningRate);
			Duration trainingTime = Duration.between(started, Instant.now());
			Files.createDirectories(results);
			Path weightsFile = results.resolve("cross-encoder-" + layers + "-layers.bin");
			writeWeights(weightsFile, network.values());
			System.err.println("Wrote " + weightsFile);

			Verifier trees = Verifier.shipped().orElseThrow();
			StringBuilder report = new StringBuilder();
			report.append(String.format(Locale.ROOT,
					"# Cross-encoder (%d MiniLM layers) beside the boosted trees%n%n"
							+ "Trained on %,d examples (%,d labelled, %,d made, %,d mined at weight 0.5), %d epoch(s), "
							+ "batch %d, learning rate %s, in %s. Scored as `cache_eval.py` scores a cache "
							+ "(floor %.2f, %d candidates); thresholds from qqp-dev.%n%n",
					layers, examples.size(), train.pairs().size(), made.made().size(), mined.size(), epochs, batch,
					learningRate, format(trainingTime), VerifierTraining.FLOOR, VerifiedCache.CANDIDATES));
			report.append(
					"| file | verifier | target precision or recall | threshold | judged P | strict P | recall | false-hit rate |\n");
			report.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
			Map<String, Map<Double, Double>> thresholds = new HashMap<>();
			for (EvalData file : VerifierTraining.concat(List.of(dev, swaps), others)) {
				System.err.println("Scoring " + file.name() + " as a cache");
				Map<String, VerifiedCache> runs = new LinkedHashMap<>();
				runs.put("cross-encoder", crossEncoderRun(file, vectors, network, manager, tokenizer));
				runs.put("boosted trees", VerifiedCache.run(file, vectors, VerifierTraining.FLOOR, trees::score));
				for (Map.Entry<String, VerifiedCache> run : runs.entrySet()) {
					for (double target : new double[] { 0.9, 0.95 }) {
						Map<Double, Double> byTarget = thresholds.computeIfAbsent(run.getKey(),
								(key) -> new HashMap<>());
						if (file == dev) {
							byTarget.put(target, VerifierReport.thresholdFor(run.getValue(), target));
						}
						VerifiedCache.Score score = run.getValue().score(byTarget.get(target), VerifierTraining.FLOOR);
						row(report, file.name(), run.getKey(), String.format(Locale.ROOT, "%.2f", target), score);
					}
					if (file == dev) {
						for (double recall : new double[] { 0.4, 0.5, 0.6, 0.7 }) {
							row(report, file.name(), run.getKey(), String.format(Locale.ROOT, "R ≥ %.1f", recall),
									atRecall(run.getValue(), recall));
						}
					}
				}
			}
			report.append(latency(network, manager, tokenizer, dev));
			Files.writeString(results.resolve("cross-encoder-" + layers + "-layers.md"), report,
					StandardCharsets.UTF_8);
			System.out.println(report);
			network.close();
		}
	}

	private static void row(StringBuilder report, String file, String verifier, String setting,
			VerifiedCache.Score score) {
		report.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.4f | %.4f | %.4f | %.4f |%n", file,
				verifier, setting, score.threshold(), score.judgedPrecision(), score.strictPrecision(), score.recall(),
				score.falseHitRate()));
	}

	/**
	 * The highest threshold (in steps of 0.001) at which the recall reaches the given
	 * one.
	 */
	private static VerifiedCache.Score atRecall(VerifiedCache cache, double recall) {
		VerifiedCache.Score score = cache.score(0, VerifierTraining.FLOOR);
		for (int step = 999; step >= 0; step--) {
			VerifiedCache.Score candidate = cache.score(step / 1000.0, VerifierTraining.FLOOR);
			if (candidate.recall() >= recall) {
				return candidate;
			}
		}
		return score;
	}

	static HuggingFaceTokenizer tokenizer() throws IOException {
		try (InputStream in = CrossEncoderTraining.class.getResourceAsStream(TOKENIZER)) {
			return HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "true", "maxLength",
					String.valueOf(MAX_TOKENS), "addSpecialTokens", "true"));
		}
	}

	private static void train(CrossEncoderNetwork network, NDManager manager, HuggingFaceTokenizer tokenizer,
			List<Example> examples, int epochs, int batch, float learningRate) {
		List<Encoding> encoded = new ArrayList<>(examples.size());
		VerifierTraining.Progress tokenizing = new VerifierTraining.Progress("tokenizing", examples.size());
		for (Example example : examples) {
			encoded.add(tokenizer.encode(example.pair().q2(), example.pair().q1()));
			tokenizing.step();
		}
		tokenizing.done();
		List<List<Integer>> batches = new ArrayList<>();
		Random random = new Random(VerifierTraining.SEED);
		for (int epoch = 0; epoch < epochs; epoch++) {
			batches.addAll(batches(encoded, batch, random));
		}
		int total = batches.size();
		int warmUp = Math.max(1, total / 20);
		// Linear warm-up over the first 5%, then linear decay to zero
		Tracker schedule = (update) -> learningRate
				* Math.min((float) (update + 1) / warmUp, Math.max(0f, (float) (total - update) / (total - warmUp)));
		Tracker headSchedule = (update) -> (float) (schedule.getNewValue(update) * HEAD_LEARNING_RATE / learningRate);
		Optimizer encoder = Optimizer.adamW().optLearningRateTracker(schedule).optWeightDecays(0.01f).build();
		Optimizer head = Optimizer.adamW().optLearningRateTracker(headSchedule).optWeightDecays(0f).build();
		VerifierTraining.Progress progress = new VerifierTraining.Progress("training", total);
		double runningLoss = Double.NaN;
		for (int step = 0; step < total; step++) {
			List<Integer> rows = batches.get(step);
			try (NDManager scope = manager.newSubManager()) {
				Batch input = Batch.of(scope, rows.stream().map(encoded::get).toList());
				float[] labels = new float[rows.size()];
				float[] weights = new float[rows.size()];
				for (int i = 0; i < rows.size(); i++) {
					labels[i] = examples.get(rows.get(i)).pair().duplicate() ? 1f : 0f;
					weights[i] = examples.get(rows.get(i)).weight();
				}
				NDArray y = scope.create(labels);
				NDArray w = scope.create(weights);
				try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
					NDArray z = network.logits(input.ids(), input.types(), input.mask());
					// Binary cross-entropy on logits, stable form: max(z,0) - zy + log(1
					// + e^-|z|)
					NDArray loss = z.maximum(0f).sub(z.mul(y)).add(z.abs().neg().exp().add(1f).log());
					NDArray weighted = loss.mul(w).sum().div(w.sum());
					collector.backward(weighted);
					float value = weighted.getFloat();
					if (!Float.isFinite(value)) {
						// One infinite gradient turns every weight into NaN within steps
						// (a 6-layer run did at step 2,100 of 2,381): stop, do not write
						// a
						// model that scores NaN
						throw new IllegalStateException("The loss is " + value + " at step " + (step + 1)
								+ "; the weights are lost. Train again with a lower --lr.");
					}
					runningLoss = Double.isNaN(runningLoss) ? value : 0.98 * runningLoss + 0.02 * value;
				}
				for (Map.Entry<String, NDArray> parameter : network.parameters.entrySet()) {
					Optimizer optimizer = parameter.getKey().startsWith("head.") ? head : encoder;
					try (NDArray gradient = parameter.getValue().getGradient()) {
						optimizer.update(parameter.getKey(), parameter.getValue(), gradient);
						gradient.subi(gradient);
					}
				}
			}
			progress.step();
			if ((step + 1) % 200 == 0) {
				System.err.printf(Locale.ROOT, "  step %d/%d loss %.4f%n", step + 1, total, runningLoss);
			}
		}
		progress.done();
	}

	/**
	 * Batches of similar length (less padding): the examples shuffled, cut into runs of
	 * 50 batches, each run sorted by length and cut into batches, the batches shuffled.
	 */
	private static List<List<Integer>> batches(List<Encoding> encoded, int batch, Random random) {
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < encoded.size(); i++) {
			order.add(i);
		}
		Collections.shuffle(order, random);
		List<List<Integer>> batches = new ArrayList<>();
		int run = batch * 50;
		for (int start = 0; start < order.size(); start += run) {
			List<Integer> chunk = new ArrayList<>(order.subList(start, Math.min(order.size(), start + run)));
			chunk.sort((a, b) -> Integer.compare(encoded.get(a).getIds().length, encoded.get(b).getIds().length));
			for (int from = 0; from < chunk.size(); from += batch) {
				batches.add(chunk.subList(from, Math.min(chunk.size(), from + batch)));
			}
		}
		Collections.shuffle(batches, random);
		return batches;
	}

	/**
	 * The file as a cache with the cross-encoder as its verifier: the pairs it needs are
	 * found by a first run that records them, scored in batches, then read back.
	 */
	private static VerifiedCache crossEncoderRun(EvalData file, VectorFile vectors, CrossEncoderNetwork network,
			NDManager manager, HuggingFaceTokenizer tokenizer) {
		Set<List<String>> needed = Collections.synchronizedSet(new LinkedHashSet<>());
		VerifiedCache.run(file, vectors, VerifierTraining.FLOOR, (query, candidate, cosine) -> {
			needed.add(List.of(query, candidate));
			return 0;
		});
		List<List<String>> pairs = new ArrayList<>(needed);
		Map<List<String>, Double> scores = new HashMap<>();
		VerifierTraining.Progress progress = new VerifierTraining.Progress("cross-encoding " + file.name(),
				pairs.size());
		int batch = 64;
		for (int from = 0; from < pairs.size(); from += batch) {
			List<List<String>> slice = pairs.subList(from, Math.min(pairs.size(), from + batch));
			float[] probabilities = probabilities(network, manager, tokenizer, slice);
			for (int i = 0; i < slice.size(); i++) {
				scores.put(slice.get(i), (double) probabilities[i]);
				progress.step();
			}
		}
		progress.done();
		return VerifiedCache.run(file, vectors, VerifierTraining.FLOOR,
				(query, candidate, cosine) -> scores.get(List.of(query, candidate)));
	}

	static float[] probabilities(CrossEncoderNetwork network, NDManager manager, HuggingFaceTokenizer tokenizer,
			List<List<String>> pairs) {
		try (NDManager scope = manager.newSubManager()) {
			List<Encoding> encoded = pairs.stream().map((pair) -> tokenizer.encode(pair.get(0), pair.get(1))).toList();
			Batch input = Batch.of(scope, encoded);
			return network.logits(input.ids(), input.types(), input.mask()).neg().exp().add(1f).pow(-1f).toFloatArray();
		}
	}

	/** What five candidates cost to verify in one batch, beside one, in this engine. */
	private static String latency(CrossEncoderNetwork network, NDManager manager, HuggingFaceTokenizer tokenizer,
			EvalData dev) {
		List<List<String>> five = dev.pairs()
			.subList(0, 5)
			.stream()
			.map((pair) -> List.of(pair.q2(), pair.q1()))
			.toList();
		for (int i = 0; i < 50; i++) {
			probabilities(network, manager, tokenizer, five);
		}
		long[] single = new long[200];
		long[] batch = new long[200];
		for (int i = 0; i < 200; i++) {
			long start = System.nanoTime();
			probabilities(network, manager, tokenizer, five.subList(0, 1));
			single[i] = System.nanoTime() - start;
			start = System.nanoTime();
			probabilities(network, manager, tokenizer, five);
			batch[i] = System.nanoTime() - start;
		}
		java.util.Arrays.sort(single);
		java.util.Arrays.sort(batch);
		return String.format(Locale.ROOT,
				"%nDJL (PyTorch, training engine) p50: one pair %.2f ms, five pairs %.2f ms.%n", single[100] / 1e6,
				batch[100] / 1e6);
	}

	static void writeWeights(Path file, Map<String, float[]> values) throws IOException {
		try (DataOutputStream out = new DataOutputStream(
				new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
			out.writeInt(values.size());
			for (Map.Entry<String, float[]> value : values.entrySet()) {
				out.writeUTF(value.getKey());
				out.writeInt(value.getValue().length);
				for (float f : value.getValue()) {
					out.writeFloat(f);
				}
			}
		}
	}

	static Map<String, float[]> readWeights(Path file) throws IOException {
		Map<String, float[]> values = new LinkedHashMap<>();
		try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
			int count = in.readInt();
			for (int i = 0; i < count; i++) {
				String name = in.readUTF();
				float[] array = new float[in.readInt()];
				for (int j = 0; j < array.length; j++) {
					array[j] = in.readFloat();
				}
				values.put(name, array);
			}
		}
		return values;
	}

	private static String format(Duration duration) {
		return String.format(Locale.ROOT, "%d min %02d s", duration.toMinutes(), duration.toSecondsPart());
	}

	private record Example(EvalPair pair, float weight) {

	}

	/** Token ids, type ids and mask of a batch, padded to its longest pair. */
	record Batch(NDArray ids, NDArray types, NDArray mask) {

		static Batch of(NDManager manager, List<Encoding> encodings) {
			int length = encodings.stream().mapToInt((encoding) -> encoding.getIds().length).max().orElse(1);
			long[] ids = new long[encodings.size() * length];
			long[] types = new long[ids.length];
			long[] mask = new long[ids.length];
			for (int row = 0; row < encodings.size(); row++) {
				Encoding encoding = encodings.get(row);
				System.arraycopy(encoding.getIds(), 0, ids, row * length, encoding.getIds().length);
				System.arraycopy(encoding.getTypeIds(), 0, types, row * length, encoding.getTypeIds().length);
				System.arraycopy(encoding.getAttentionMask(), 0, mask, row * length,
						encoding.getAttentionMask().length);
			}
			Shape shape = new Shape(encodings.size(), length);
			return new Batch(manager.create(ids, shape), manager.create(types, shape), manager.create(mask, shape));
		}

	}

}
