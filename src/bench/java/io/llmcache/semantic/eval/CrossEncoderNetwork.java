package io.llmcache.semantic.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;

/**
 * The first layers of a BERT encoder (MiniLM: 384 wide, 12 heads) with a one-logit head
 * over the mean of its last hidden states, written with DJL's array operations so that
 * autograd trains it. It computes what the ONNX export of the same weights computes (the
 * training checks that, {@link CrossEncoderTraining}), so the trained weights go back
 * into that graph unchanged.
 */
final class CrossEncoderNetwork implements AutoCloseable {

	static final int HIDDEN = 384;

	static final int HEADS = 12;

	private static final float LAYER_NORM_EPSILON = 1e-12f;

	private static final String[] LAYER_WEIGHTS = { "attention.self.query", "attention.self.key",
			"attention.self.value", "attention.output.dense", "intermediate.dense", "output.dense" };

	private static final String[] LAYER_NORMS = { "attention.output.LayerNorm", "output.LayerNorm" };

	private final NDManager manager;

	private final int layers;

	/** Trained parameters by their PyTorch name, MatMul weights as {@code [in, out]}. */
	final Map<String, NDArray> parameters = new LinkedHashMap<>();

	/** The word embeddings: kept as the embedder has them, not trained. */
	private final NDArray wordEmbeddings;

	CrossEncoderNetwork(NDManager manager, Map<String, OnnxGraph.Tensor> weights, int layers, long seed) {
		this.manager = manager;
		this.layers = layers;
		this.wordEmbeddings = array(weights.get("embeddings.word_embeddings.weight"));
		for (String name : List.of("embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight",
				"embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias")) {
			this.parameters.put(name, array(weights.get(name)));
		}
		for (int layer = 0; layer < layers; layer++) {
			String prefix = "encoder.layer." + layer + ".";
			for (String dense : LAYER_WEIGHTS) {
				this.parameters.put(prefix + dense + ".weight", array(weights.get(prefix + dense + ".weight")));
				this.parameters.put(prefix + dense + ".bias", array(weights.get(prefix + dense + ".bias")));
			}
			for (String norm : LAYER_NORMS) {
				this.parameters.put(prefix + norm + ".weight", array(weights.get(prefix + norm + ".weight")));
				this.parameters.put(prefix + norm + ".bias", array(weights.get(prefix + norm + ".bias")));
			}
		}
		java.util.Random random = new java.util.Random(seed);
		float[] head = new float[HIDDEN];
		for (int i = 0; i < HIDDEN; i++) {
			head[i] = (float) (random.nextGaussian() * 0.02);
		}
		this.parameters.put("head.weight", manager.create(head, new Shape(HIDDEN, 1)));
		this.parameters.put("head.bias", manager.create(new float[] { 0f }, new Shape(1)));
		this.parameters.values().forEach((parameter) -> parameter.setRequiresGradient(true));
	}

	private NDArray array(OnnxGraph.Tensor tensor) {
		return this.manager.create(tensor.values(), new Shape(tensor.dims()));
	}

	/**
	 * The logits of a batch of pairs.
	 * @param ids token ids, {@code [batch, length]} (int64)
	 * @param types token type ids, 0 for the query and 1 for the candidate
	 * @param mask 1 for tokens and 0 for padding
	 * @return {@code [batch]} logits
	 */
	NDArray logits(NDArray ids, NDArray types, NDArray mask) {
		NDArray hidden = hidden(ids, types, mask);
		NDArray weights = mask.toType(DataType.FLOAT32, false).expandDims(2);
		NDArray mean = hidden.mul(weights).sum(new int[] { 1 }).div(weights.sum(new int[] { 1 }));
		return mean.matMul(p("head.weight")).add(p("head.bias")).squeeze(1);
	}

	/**
	 * The last hidden states, {@code [batch, length, 384]}: what the ONNX graph outputs.
	 */
	NDArray hidden(NDArray ids, NDArray types, NDArray mask) {
		long batch = ids.getShape().get(0);
		long length = ids.getShape().get(1);
		// Results belong to the manager of their first operand: start from arrays of the
		// batch's manager, so that everything computed is freed with the batch
		NDManager batchScope = ids.getManager();
		NDArray positions = p("embeddings.position_embeddings.weight").get(batchScope, new NDIndex("0:{}", length));
		NDArray x = this.wordEmbeddings.get(batchScope, new NDIndex("{}", ids))
			.add(p("embeddings.token_type_embeddings.weight").get(batchScope, new NDIndex("{}", types)))
			.add(positions);
		x = norm(x, "embeddings.LayerNorm");
		// (1 - mask) * a large negative, added to the attention scores of padding
		NDArray padding = mask.toType(DataType.FLOAT32, false)
			.neg()
			.add(1f)
			.mul(-3.4028235e38f)
			.reshape(batch, 1, 1, length);
		int headSize = HIDDEN / HEADS;
		for (int layer = 0; layer < this.layers; layer++) {
			String prefix = "encoder.layer." + layer + ".";
			NDArray query = heads(dense(x, prefix + "attention.self.query"), batch, length, headSize);
			NDArray key = heads(dense(x, prefix + "attention.self.key"), batch, length, headSize);
			NDArray value = heads(dense(x, prefix + "attention.self.value"), batch, length, headSize);
			NDArray scores = query.matMul(key.transpose(0, 1, 3, 2)).div((float) Math.sqrt(headSize)).add(padding);
			NDArray context = scores.softmax(3).matMul(value).transpose(0, 2, 1, 3).reshape(batch, length, HIDDEN);
			x = norm(x.add(dense(context, prefix + "attention.output.dense")), prefix + "attention.output.LayerNorm");
			NDArray intermediate = gelu(dense(x, prefix + "intermediate.dense"));
			x = norm(x.add(dense(intermediate, prefix + "output.dense")), prefix + "output.LayerNorm");
		}
		return x;
	}

	private NDArray heads(NDArray x, long batch, long length, int headSize) {
		return x.reshape(batch, length, HEADS, headSize).transpose(0, 2, 1, 3);
	}

	private NDArray dense(NDArray x, String name) {
		return x.matMul(p(name + ".weight")).add(p(name + ".bias"));
	}

	private NDArray norm(NDArray x, String name) {
		return LayerNorm.layerNorm(x, new Shape(HIDDEN), p(name + ".weight"), p(name + ".bias"), LAYER_NORM_EPSILON)
			.singletonOrThrow();
	}

	/** The exact GELU of BERT: x · Φ(x). */
	private static NDArray gelu(NDArray x) {
		return x.mul(x.div((float) Math.sqrt(2)).erf().add(1f)).mul(0.5f);
	}

	private NDArray p(String name) {
		NDArray parameter = this.parameters.get(name);
		if (parameter == null) {
			throw new IllegalArgumentException("No parameter " + name);
		}
		return parameter;
	}

	/** The trained parameters as float arrays, by name. */
	Map<String, float[]> values() {
		Map<String, float[]> values = new LinkedHashMap<>();
		this.parameters.forEach((name, array) -> values.put(name, array.toFloatArray()));
		return values;
	}

	List<String> names() {
		return new ArrayList<>(this.parameters.keySet());
	}

	@Override
	public void close() {
		this.parameters.values().forEach(NDArray::close);
		this.wordEmbeddings.close();
	}

}
