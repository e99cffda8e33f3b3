package io.llmcache.semantic.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnknownFieldSet;

/**
 * The parts of an ONNX model that the cross-encoder's training reads and rewrites, read
 * with protobuf's schema-less {@link UnknownFieldSet} (field numbers from
 * {@code onnx.proto}): the weights of a BERT encoder exported from Hugging Face, by their
 * PyTorch names, and the graph's nodes, so that a trained encoder can be written back
 * into the same graph.
 */
final class OnnxGraph {

	// ModelProto
	static final int MODEL_GRAPH = 7;

	// GraphProto
	static final int GRAPH_NODE = 1;

	static final int GRAPH_INITIALIZER = 5;

	static final int GRAPH_OUTPUT = 12;

	static final int GRAPH_VALUE_INFO = 13;

	// NodeProto
	static final int NODE_INPUT = 1;

	static final int NODE_OUTPUT = 2;

	static final int NODE_NAME = 3;

	static final int NODE_OP_TYPE = 4;

	static final int NODE_ATTRIBUTE = 5;

	// TensorProto
	static final int TENSOR_DIMS = 1;

	static final int TENSOR_DATA_TYPE = 2;

	static final int TENSOR_NAME = 8;

	static final int TENSOR_RAW_DATA = 9;

	static final int FLOAT = 1;

	static final int INT8 = 3;

	// ValueInfoProto
	static final int VALUE_INFO_NAME = 1;

	/**
	 * The MatMul weights of a Hugging Face export are named by the exporter
	 * ({@code onnx::MatMul_787}); the node that reads them says which they are.
	 */
	private static final Map<String, String> MATMUL_NODES = Map.of("/attention/self/query/MatMul",
			"attention.self.query.weight", "/attention/self/key/MatMul", "attention.self.key.weight",
			"/attention/self/value/MatMul", "attention.self.value.weight", "/attention/output/dense/MatMul",
			"attention.output.dense.weight", "/intermediate/dense/MatMul", "intermediate.dense.weight",
			"/output/dense/MatMul", "output.dense.weight");

	final UnknownFieldSet model;

	final UnknownFieldSet graph;

	private OnnxGraph(UnknownFieldSet model) throws IOException {
		this.model = model;
		this.graph = UnknownFieldSet.parseFrom(only(model, MODEL_GRAPH));
	}

	static OnnxGraph read(InputStream in) throws IOException {
		CodedInputStream coded = CodedInputStream.newInstance(in);
		coded.setSizeLimit(Integer.MAX_VALUE);
		return new OnnxGraph(UnknownFieldSet.newBuilder().mergeFrom(coded).build());
	}

	/**
	 * The graph with its encoder cut to its first layers, its weights replaced by trained
	 * ones and a head added: the mean of the last hidden states over the attention mask,
	 * a dense layer to one logit and a sigmoid, output as {@code score}
	 * ({@code [batch, 1]}). The word embeddings, which the training keeps as they are,
	 * are stored as int8 with a scale per row (a quarter of their size), so the file
	 * stays small.
	 * @param trained the trained parameters by PyTorch name (MatMul weights
	 * {@code [in, out]}, the head as {@code head.weight} {@code [384, 1]} and
	 * {@code head.bias})
	 * @param layers how many encoder layers to keep
	 * @return the ONNX model
	 */
	byte[] crossEncoder(Map<String, float[]> trained, int layers) throws IOException {
		Map<String, String> pytorchNames = new LinkedHashMap<>();
		weights().forEach((name, tensor) -> pytorchNames.put(tensor.onnxName(), name));
		UnknownFieldSet.Builder graph = this.graph.toBuilder();
		graph.clearField(GRAPH_NODE).clearField(GRAPH_INITIALIZER).clearField(GRAPH_OUTPUT);
		String lastNode = "/encoder/layer." + (layers - 1) + "/output/LayerNorm/Add_1";
		String last = nodes().stream()
			.filter((node) -> string(node, NODE_NAME).equals(lastNode))
			.map((node) -> strings(node, NODE_OUTPUT).get(0))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No node " + lastNode + ": not a BERT export"));
		String words = "/embeddings/word_embeddings/Gather";
		for (UnknownFieldSet node : nodes()) {
			String name = string(node, NODE_NAME);
			if (removedLayer(name, layers)) {
				continue;
			}
			if (name.equals(words)) {
				String ids = strings(node, NODE_INPUT).get(1);
				add(graph, GRAPH_NODE, node(words + "_q", "Gather", List.of("word_embeddings.int8", ids),
						List.of(words + "_q_output_0")));
				add(graph, GRAPH_NODE, node(words + "_cast", "Cast", List.of(words + "_q_output_0"),
						List.of(words + "_cast_output_0"), intAttribute("to", FLOAT)));
				add(graph, GRAPH_NODE, node(words + "_scale", "Gather", List.of("word_embeddings.scale", ids),
						List.of(words + "_scale_output_0")));
				add(graph, GRAPH_NODE, node(words + "_dequantized", "Mul",
						List.of(words + "_cast_output_0", words + "_scale_output_0"), strings(node, NODE_OUTPUT)));
				continue;
			}
			add(graph, GRAPH_NODE, node.toByteString());
		}
		add(graph, GRAPH_NODE, node("/head/Unsqueeze", "Unsqueeze", List.of("attention_mask"), List.of("/head/mask"),
				intsAttribute("axes", 2)));
		add(graph, GRAPH_NODE, node("/head/Cast", "Cast", List.of("/head/mask"), List.of("/head/mask_float"),
				intAttribute("to", FLOAT)));
		add(graph, GRAPH_NODE, node("/head/Mul", "Mul", List.of(last, "/head/mask_float"), List.of("/head/masked")));
		add(graph, GRAPH_NODE, node("/head/ReduceSum", "ReduceSum", List.of("/head/masked"), List.of("/head/sum"),
				intsAttribute("axes", 1), intAttribute("keepdims", 0)));
		add(graph, GRAPH_NODE, node("/head/ReduceSum_1", "ReduceSum", List.of("/head/mask_float"),
				List.of("/head/count"), intsAttribute("axes", 1), intAttribute("keepdims", 0)));
		add(graph, GRAPH_NODE, node("/head/Div", "Div", List.of("/head/sum", "/head/count"), List.of("/head/mean")));
		add(graph, GRAPH_NODE,
				node("/head/MatMul", "MatMul", List.of("/head/mean", "head.weight"), List.of("/head/dense")));
		add(graph, GRAPH_NODE, node("/head/Add", "Add", List.of("/head/dense", "head.bias"), List.of("/head/logit")));
		add(graph, GRAPH_NODE, node("/head/Sigmoid", "Sigmoid", List.of("/head/logit"), List.of("score")));

		for (UnknownFieldSet tensor : messages(this.graph, GRAPH_INITIALIZER)) {
			String onnxName = string(tensor, TENSOR_NAME);
			String name = pytorchNames.getOrDefault(onnxName, onnxName);
			if (name.startsWith("encoder.layer.") && Integer.parseInt(name.split("\\.")[2]) >= layers) {
				continue;
			}
			if (name.equals("embeddings.word_embeddings.weight")) {
				addQuantizedRows(graph, tensor);
				continue;
			}
			float[] values = trained.get(name);
			if (values == null) {
				add(graph, GRAPH_INITIALIZER, tensor.toByteString());
				continue;
			}
			UnknownFieldSet.Builder replaced = tensor.toBuilder().clearField(TENSOR_RAW_DATA);
			replaced.mergeField(TENSOR_RAW_DATA,
					UnknownFieldSet.Field.newBuilder().addLengthDelimited(floats(values)).build());
			add(graph, GRAPH_INITIALIZER, replaced.build().toByteString());
		}
		add(graph, GRAPH_INITIALIZER, tensor("head.weight", FLOAT, floats(trained.get("head.weight")), 384, 1));
		add(graph, GRAPH_INITIALIZER, tensor("head.bias", FLOAT, floats(trained.get("head.bias")), 1));
		add(graph, GRAPH_OUTPUT, floatOutput("score"));
		UnknownFieldSet.Builder model = this.model.toBuilder().clearField(MODEL_GRAPH);
		add(model, MODEL_GRAPH, graph.build().toByteString());
		return model.build().toByteArray();
	}

	private static boolean removedLayer(String nodeName, int layers) {
		if (!nodeName.startsWith("/encoder/layer.")) {
			return false;
		}
		int layer = Integer.parseInt(nodeName.substring("/encoder/layer.".length(), nodeName.indexOf('/', 15)));
		return layer >= layers;
	}

	private static void addQuantizedRows(UnknownFieldSet.Builder graph, UnknownFieldSet tensor) {
		List<Long> dims = tensor.getField(TENSOR_DIMS).getVarintList();
		int rows = dims.get(0).intValue();
		int columns = dims.get(1).intValue();
		java.nio.FloatBuffer values = only(tensor, TENSOR_RAW_DATA).asReadOnlyByteBuffer()
			.order(ByteOrder.LITTLE_ENDIAN)
			.asFloatBuffer();
		byte[] quantized = new byte[rows * columns];
		float[] scales = new float[rows];
		for (int row = 0; row < rows; row++) {
			float max = 0;
			for (int column = 0; column < columns; column++) {
				max = Math.max(max, Math.abs(values.get(row * columns + column)));
			}
			scales[row] = (max == 0) ? 1 : max / 127;
			for (int column = 0; column < columns; column++) {
				quantized[row * columns + column] = (byte) Math.round(values.get(row * columns + column) / scales[row]);
			}
		}
		add(graph, GRAPH_INITIALIZER,
				tensor("word_embeddings.int8", INT8, ByteString.copyFrom(quantized), rows, columns));
		add(graph, GRAPH_INITIALIZER, tensor("word_embeddings.scale", FLOAT, floats(scales), rows, 1));
	}

	private static void add(UnknownFieldSet.Builder message, int field, ByteString value) {
		message.mergeField(field, UnknownFieldSet.Field.newBuilder().addLengthDelimited(value).build());
	}

	private static void varint(UnknownFieldSet.Builder message, int field, long value) {
		message.mergeField(field, UnknownFieldSet.Field.newBuilder().addVarint(value).build());
	}

	private static ByteString node(String name, String op, List<String> inputs, List<String> outputs,
			ByteString... attributes) {
		UnknownFieldSet.Builder node = UnknownFieldSet.newBuilder();
		inputs.forEach((input) -> add(node, NODE_INPUT, ByteString.copyFromUtf8(input)));
		outputs.forEach((output) -> add(node, NODE_OUTPUT, ByteString.copyFromUtf8(output)));
		add(node, NODE_NAME, ByteString.copyFromUtf8(name));
		add(node, NODE_OP_TYPE, ByteString.copyFromUtf8(op));
		for (ByteString attribute : attributes) {
			add(node, NODE_ATTRIBUTE, attribute);
		}
		return node.build().toByteString();
	}

	// AttributeProto: name 1, i 3, ints 8, type 20 (INT 2, INTS 7)
	private static ByteString intAttribute(String name, long value) {
		UnknownFieldSet.Builder attribute = UnknownFieldSet.newBuilder();
		add(attribute, 1, ByteString.copyFromUtf8(name));
		varint(attribute, 3, value);
		varint(attribute, 20, 2);
		return attribute.build().toByteString();
	}

	private static ByteString intsAttribute(String name, long... values) {
		UnknownFieldSet.Builder attribute = UnknownFieldSet.newBuilder();
		add(attribute, 1, ByteString.copyFromUtf8(name));
		for (long value : values) {
			varint(attribute, 8, value);
		}
		varint(attribute, 20, 7);
		return attribute.build().toByteString();
	}

	private static ByteString tensor(String name, int dataType, ByteString raw, long... dims) {
		UnknownFieldSet.Builder tensor = UnknownFieldSet.newBuilder();
		for (long dim : dims) {
			varint(tensor, TENSOR_DIMS, dim);
		}
		varint(tensor, TENSOR_DATA_TYPE, dataType);
		add(tensor, TENSOR_NAME, ByteString.copyFromUtf8(name));
		add(tensor, TENSOR_RAW_DATA, raw);
		return tensor.build().toByteString();
	}

	// ValueInfoProto { name 1, type 2: TypeProto { tensor_type 1: { elem_type 1 } } }
	private static ByteString floatOutput(String name) {
		UnknownFieldSet.Builder tensorType = UnknownFieldSet.newBuilder();
		varint(tensorType, 1, FLOAT);
		UnknownFieldSet.Builder type = UnknownFieldSet.newBuilder();
		add(type, 1, tensorType.build().toByteString());
		UnknownFieldSet.Builder valueInfo = UnknownFieldSet.newBuilder();
		add(valueInfo, VALUE_INFO_NAME, ByteString.copyFromUtf8(name));
		add(valueInfo, 2, type.build().toByteString());
		return valueInfo.build().toByteString();
	}

	/**
	 * Every float weight by its PyTorch name
	 * ({@code encoder.layer.0.attention.self.query.weight} and so on), each as stored:
	 * MatMul weights are {@code [in, out]}.
	 * @return the weights and their shapes
	 */
	Map<String, Tensor> weights() throws IOException {
		Map<String, String> renamed = new LinkedHashMap<>();
		for (UnknownFieldSet node : nodes()) {
			String name = string(node, NODE_NAME);
			if (!"MatMul".equals(string(node, NODE_OP_TYPE)) || !name.startsWith("/encoder/layer.")) {
				continue;
			}
			int slash = name.indexOf('/', "/encoder/layer.".length());
			String layer = name.substring("/encoder/".length(), slash);
			String role = MATMUL_NODES.get(name.substring(slash));
			if (role != null) {
				renamed.put(strings(node, NODE_INPUT).get(1), "encoder." + layer + "." + role);
			}
		}
		Map<String, Tensor> weights = new LinkedHashMap<>();
		for (UnknownFieldSet tensor : messages(this.graph, GRAPH_INITIALIZER)) {
			if (tensor.getField(TENSOR_DATA_TYPE).getVarintList().get(0) != FLOAT) {
				continue;
			}
			String name = string(tensor, TENSOR_NAME);
			long[] dims = tensor.getField(TENSOR_DIMS).getVarintList().stream().mapToLong(Long::longValue).toArray();
			float[] values = new float[only(tensor, TENSOR_RAW_DATA).size() / Float.BYTES];
			only(tensor, TENSOR_RAW_DATA).asReadOnlyByteBuffer()
				.order(ByteOrder.LITTLE_ENDIAN)
				.asFloatBuffer()
				.get(values);
			weights.put(renamed.getOrDefault(name, name), new Tensor(name, dims, values));
		}
		return weights;
	}

	List<UnknownFieldSet> nodes() throws IOException {
		return messages(this.graph, GRAPH_NODE);
	}

	static List<UnknownFieldSet> messages(UnknownFieldSet message, int field) throws IOException {
		List<UnknownFieldSet> all = new ArrayList<>();
		if (message.hasField(field)) {
			for (ByteString bytes : message.getField(field).getLengthDelimitedList()) {
				all.add(UnknownFieldSet.parseFrom(bytes));
			}
		}
		return all;
	}

	static ByteString only(UnknownFieldSet message, int field) {
		return message.getField(field).getLengthDelimitedList().get(0);
	}

	static String string(UnknownFieldSet message, int field) {
		return message.hasField(field) ? only(message, field).toStringUtf8() : "";
	}

	static List<String> strings(UnknownFieldSet message, int field) {
		return message.hasField(field)
				? message.getField(field).getLengthDelimitedList().stream().map(ByteString::toStringUtf8).toList()
				: List.of();
	}

	static ByteString floats(float[] values) {
		ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		buffer.asFloatBuffer().put(values);
		return ByteString.copyFrom(buffer.array());
	}

	/** A float weight as the graph stores it. */
	record Tensor(String onnxName, long[] dims, float[] values) {

	}

}
