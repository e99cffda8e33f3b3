package io.llmcache.verifier;

import java.io.InputStream;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.llmcache.semantic.eval.CrossEncoderExport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The cross-encoder's export into ONNX, which rewrites the embedder's graph by hand: with
 * the embedder's own weights and a head that reads one hidden dimension, every layer
 * kept, the exported graph must compute what the embedder computes (up to its int8 word
 * embeddings), and a graph cut to fewer layers must still run. The training itself needs
 * the PyTorch engine and is not run here (verifier/train-cross-encoder.sh).
 */
class CrossEncoderExportTests {

	private static final String MODEL = "/all-minilm-l6-v2.onnx";

	// "[CLS] how do i learn python ? [SEP] what is the best way to learn python ? [SEP]"
	private static final long[][] IDS = { { 101, 2129, 2079, 1045, 4553, 18750, 1029, 102, 2054, 2003, 1996, 2190, 2126,
			2000, 4553, 18750, 1029, 102, 0, 0 } };

	private static final long[][] TYPES = { { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 } };

	private static final long[][] MASK = { { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 } };

	private static final int DIMENSION = 7;

	/** A head that reads one dimension of the pooled embedding, plus 0.25. */
	private static final Map<String, float[]> HEAD = head();

	/** The six-layer export, made once: each export reads and writes the whole graph. */
	private static byte[] sixLayers;

	@BeforeAll
	static void exportAllSixLayers() throws Exception {
		try (InputStream in = CrossEncoderExportTests.class.getResourceAsStream(MODEL)) {
			sixLayers = CrossEncoderExport.export(in, HEAD, 6);
		}
	}

	@Test
	void withTheEmbeddersWeightsTheExportComputesWhatTheEmbedderComputes() throws Exception {
		byte[] exported = sixLayers;
		byte[] original;
		try (InputStream in = getClass().getResourceAsStream(MODEL)) {
			original = in.readAllBytes();
		}
		OrtEnvironment environment = OrtEnvironment.getEnvironment();
		float[][][] hidden = (float[][][]) output(environment, original, "last_hidden_state");
		double mean = 0;
		for (int token = 0; token < 18; token++) {
			mean += hidden[0][token][DIMENSION] / 18.0;
		}
		float score = ((float[][]) output(environment, exported, "score"))[0][0];
		assertThat((double) score).isCloseTo(1 / (1 + Math.exp(-(mean + 0.25))), within(2e-3));
		// Int8 word embeddings: a quarter of their 47 MB as floats
		assertThat(exported.length).isLessThan(original.length - 30_000_000);
	}

	@Test
	void aGraphCutToFewerLayersRunsAndIsSmaller() throws Exception {
		byte[] six = sixLayers;
		byte[] two;
		try (InputStream in = getClass().getResourceAsStream(MODEL)) {
			two = CrossEncoderExport.export(in, HEAD, 2);
		}
		OrtEnvironment environment = OrtEnvironment.getEnvironment();
		float score = ((float[][]) output(environment, two, "score"))[0][0];
		float full = ((float[][]) output(environment, six, "score"))[0][0];
		assertThat(score).isBetween(0f, 1f).isNotEqualTo(full);
		// Four layers of 1.77 million float weights each are gone
		assertThat(six.length - two.length).isGreaterThan(4 * 7_000_000);
	}

	private static Map<String, float[]> head() {
		float[] weight = new float[384];
		weight[DIMENSION] = 1;
		return Map.of("head.weight", weight, "head.bias", new float[] { 0.25f });
	}

	private static Object output(OrtEnvironment environment, byte[] model, String name) throws Exception {
		try (OrtSession session = environment.createSession(model, new OrtSession.SessionOptions());
				OnnxTensor ids = OnnxTensor.createTensor(environment, IDS);
				OnnxTensor types = OnnxTensor.createTensor(environment, TYPES);
				OnnxTensor mask = OnnxTensor.createTensor(environment, MASK)) {
			try (OrtSession.Result result = session
				.run(Map.of("input_ids", ids, "token_type_ids", types, "attention_mask", mask))) {
				return result.get(name).orElseThrow().getValue();
			}
		}
	}

}
