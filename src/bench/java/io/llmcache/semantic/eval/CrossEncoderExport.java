package io.llmcache.semantic.eval;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * Writes a trained cross-encoder ({@link CrossEncoderTraining}) into the embedder's ONNX
 * graph ({@link OnnxGraph#crossEncoder}), checks that ONNX Runtime scores pairs as DJL
 * did, and measures what verifying one and five candidates costs in ONNX Runtime, the
 * engine the service runs:
 * {@code eval/run-java.sh 6g io.llmcache.semantic.eval.CrossEncoderExport
 * qqp-dev.jsonl --layers 3}.
 */
public final class CrossEncoderExport {

	private CrossEncoderExport() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		Path data = Path.of(options.getOrDefault("data", "../shared/eval"));
		Path results = Path.of(options.getOrDefault("results", "eval/results"));
		int layers = Integer.parseInt(options.getOrDefault("layers", "3"));
		// --timing-only true: the embedder's own weights and an untrained head, for the
		// latency alone (which the weights' values do not change), without a training run
		boolean timingOnly = Boolean.parseBoolean(options.getOrDefault("timing-only", "false"));
		Map<String, float[]> trained = timingOnly
				? Map.of("head.weight", new float[CrossEncoderNetwork.HIDDEN], "head.bias", new float[1])
				: CrossEncoderTraining.readWeights(results.resolve("cross-encoder-" + layers + "-layers.bin"));
		OnnxGraph graph;
		try (InputStream in = CrossEncoderExport.class.getResourceAsStream(CrossEncoderTraining.MODEL)) {
			graph = OnnxGraph.read(in);
		}
		byte[] model = graph.crossEncoder(trained, layers);
		Path file = results.resolve("cross-encoder-" + layers + "-layers.onnx");
		Files.write(file, model);
		System.out.printf(Locale.ROOT, "Wrote %s (%.1f MB)%n", file, model.length / 1e6);

		EvalData dev = EvalData.read(data.resolve("qqp-dev.jsonl"));
		List<List<String>> pairs = new ArrayList<>();
		for (EvalPair pair : dev.pairs().subList(0, 200)) {
			pairs.add(List.of(pair.q2(), pair.q1()));
		}
		try (HuggingFaceTokenizer tokenizer = CrossEncoderTraining.tokenizer()) {
			OrtEnvironment environment = OrtEnvironment.getEnvironment();
			OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions();
			sessionOptions.setIntraOpNumThreads(Integer.parseInt(options.getOrDefault("threads", "1")));
			sessionOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
			try (OrtSession session = environment.createSession(model, sessionOptions)) {
				if (!timingOnly) {
					compare(environment, session, tokenizer, graph, trained, layers, pairs);
				}
				for (int size : new int[] { 1, 5 }) {
					long[] times = new long[300];
					for (int i = 0; i < 100; i++) {
						score(environment, session, tokenizer, pairs.subList(i, i + size));
					}
					for (int i = 0; i < times.length; i++) {
						List<List<String>> batch = pairs.subList(i % 190, i % 190 + size);
						long start = System.nanoTime();
						score(environment, session, tokenizer, batch);
						times[i] = System.nanoTime() - start;
					}
					Arrays.sort(times);
					System.out.printf(Locale.ROOT,
							"ONNX Runtime, %d pair(s) in one call, %s thread(s): p50 %.2f ms, p99 %.2f ms%n", size,
							options.getOrDefault("threads", "1"), times[150] / 1e6, times[297] / 1e6);
				}
			}
		}
	}

	/** Scores from ONNX Runtime against DJL's, on the same trained weights. */
	private static void compare(OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer,
			OnnxGraph graph, Map<String, float[]> trained, int layers, List<List<String>> pairs) throws Exception {
		float[] onnx = new float[pairs.size()];
		for (int i = 0; i < pairs.size(); i++) {
			onnx[i] = score(environment, session, tokenizer, pairs.subList(i, i + 1))[0];
		}
		float[] djl = new float[pairs.size()];
		try (NDManager manager = NDManager.newBaseManager()) {
			Map<String, OnnxGraph.Tensor> pretrained = graph.weights();
			CrossEncoderNetwork network = new CrossEncoderNetwork(manager, pretrained, layers, 0);
			network.parameters.forEach((name, array) -> array.set(trained.get(name)));
			for (int i = 0; i < pairs.size(); i++) {
				djl[i] = CrossEncoderTraining.probabilities(network, manager, tokenizer, pairs.subList(i, i + 1))[0];
			}
		}
		double maxDifference = 0;
		for (int i = 0; i < pairs.size(); i++) {
			maxDifference = Math.max(maxDifference, Math.abs(onnx[i] - djl[i]));
		}
		System.out.printf(Locale.ROOT, "ONNX Runtime against DJL on %d qqp-dev pairs: max |Δ score| %.5f%n",
				pairs.size(), maxDifference);
	}

	/**
	 * The embedder's ONNX graph with trained weights, cut to its first layers, with the
	 * cross-encoder's head ({@link OnnxGraph#crossEncoder}).
	 * @param base the embedder's ONNX model (all-MiniLM-L6-v2, float32)
	 * @param trained trained parameters by PyTorch name; those missing keep the base's
	 * @param layers how many layers to keep
	 * @return the cross-encoder's ONNX model, whose output {@code score} is
	 * {@code [batch, 1]}
	 */
	public static byte[] export(InputStream base, Map<String, float[]> trained, int layers) throws java.io.IOException {
		return OnnxGraph.read(base).crossEncoder(trained, layers);
	}

	static float[] score(OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer,
			List<List<String>> pairs) throws Exception {
		List<Encoding> encodings = pairs.stream().map((pair) -> tokenizer.encode(pair.get(0), pair.get(1))).toList();
		int length = encodings.stream().mapToInt((encoding) -> encoding.getIds().length).max().orElse(1);
		long[][] ids = new long[pairs.size()][length];
		long[][] types = new long[pairs.size()][length];
		long[][] mask = new long[pairs.size()][length];
		for (int row = 0; row < pairs.size(); row++) {
			Encoding encoding = encodings.get(row);
			System.arraycopy(encoding.getIds(), 0, ids[row], 0, encoding.getIds().length);
			System.arraycopy(encoding.getTypeIds(), 0, types[row], 0, encoding.getTypeIds().length);
			System.arraycopy(encoding.getAttentionMask(), 0, mask[row], 0, encoding.getAttentionMask().length);
		}
		try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, ids);
				OnnxTensor typeTensor = OnnxTensor.createTensor(environment, types);
				OnnxTensor maskTensor = OnnxTensor.createTensor(environment, mask);
				OrtSession.Result result = session
					.run(Map.of("input_ids", idTensor, "token_type_ids", typeTensor, "attention_mask", maskTensor))) {
			float[][] scores = (float[][]) result.get(0).getValue();
			float[] flat = new float[scores.length];
			for (int i = 0; i < scores.length; i++) {
				flat[i] = scores[i][0];
			}
			return flat;
		}
	}

}
