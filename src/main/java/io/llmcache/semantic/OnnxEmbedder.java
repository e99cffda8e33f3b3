package io.llmcache.semantic;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds texts in process with an ONNX model shipped inside a Maven artifact
 * (LangChain4j's in-process embedding models: ONNX Runtime and the model's Hugging Face
 * tokenizer).
 * <p>
 * The model is loaded on first use, not when the bean is created: loading takes about a
 * second and some hundred megabytes of memory, which a service whose namespaces do not
 * match semantically, and every test that starts the application, should not pay.
 * {@link #load()} loads it ahead of the first lookup where that matters.
 */
public final class OnnxEmbedder implements Embedder {

	private static final Logger logger = LoggerFactory.getLogger(OnnxEmbedder.class);

	private final OnnxModel model;

	private final int maxInputChars;

	private volatile EmbeddingModel loaded;

	/**
	 * Creates an embedder; the model is loaded on first use.
	 * @param model the model
	 * @param maxInputChars the longest text accepted, in characters
	 */
	public OnnxEmbedder(OnnxModel model, int maxInputChars) {
		this.model = model;
		this.maxInputChars = maxInputChars;
	}

	@Override
	public String name() {
		return this.model.modelName();
	}

	@Override
	public int dimensions() {
		return this.model.dimensions();
	}

	@Override
	public float[] embed(String text) {
		checkLength(text);
		try {
			Embedding embedding = load().embed(this.model.prefix() + text).content();
			return UnitVectors.normalize(embedding.vector());
		}
		catch (RuntimeException ex) {
			throw failed(ex);
		}
	}

	@Override
	public List<float[]> embedAll(List<String> texts) {
		List<TextSegment> segments = new ArrayList<>(texts.size());
		for (String text : texts) {
			checkLength(text);
			segments.add(TextSegment.from(this.model.prefix() + text));
		}
		List<Embedding> embeddings;
		try {
			embeddings = load().embedAll(segments).content();
		}
		catch (RuntimeException ex) {
			throw failed(ex);
		}
		List<float[]> vectors = new ArrayList<>(embeddings.size());
		for (Embedding embedding : embeddings) {
			vectors.add(UnitVectors.normalize(embedding.vector()));
		}
		return vectors;
	}

	/**
	 * Loads the model now, if it is not loaded yet.
	 * @return the loaded model
	 * @throws EmbeddingException if the model's artifact is not on the class path or the
	 * model cannot be loaded
	 */
	public EmbeddingModel load() {
		EmbeddingModel current = this.loaded;
		if (current == null) {
			synchronized (this) {
				current = this.loaded;
				if (current == null) {
					current = instantiate();
					this.loaded = current;
				}
			}
		}
		return current;
	}

	private EmbeddingModel instantiate() {
		keepNativeLibrariesLocal();
		long started = System.nanoTime();
		try {
			// By name: only the configured model's artifact needs to be on the class
			// path.
			// Its class loads the ONNX file and tokenizer from the artifact in a static
			// initializer.
			EmbeddingModel instance = (EmbeddingModel) Class.forName(this.model.className())
				.getDeclaredConstructor()
				.newInstance();
			logger.info("Loaded embedding model {} in {} ms", this.model.modelName(),
					(System.nanoTime() - started) / 1_000_000);
			return instance;
		}
		catch (ClassNotFoundException ex) {
			throw new EmbeddingException("Embedding model " + this.model.modelName() + " needs the artifact "
					+ this.model.artifact() + " on the class path", ex);
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			Throwable cause = (ex instanceof InvocationTargetException) ? ex.getCause() : ex;
			throw new EmbeddingException("Embedding model " + this.model.modelName() + " could not be loaded", cause);
		}
	}

	/**
	 * The tokenizer's native library is inside its jar (for Linux and macOS on x86-64 and
	 * ARM, and Windows); DJL extracts it to {@code ~/.djl.ai} and would download it for
	 * another platform. In the container the home directory is not writable and nothing
	 * may be downloaded, so unless configured otherwise DJL extracts to the temporary
	 * directory and stays offline.
	 */
	private static void keepNativeLibrariesLocal() {
		if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
			System.setProperty("DJL_CACHE_DIR", System.getProperty("java.io.tmpdir") + File.separator + "djl.ai");
		}
		if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
			System.setProperty("ai.djl.offline", "true");
		}
	}

	private void checkLength(String text) {
		if (text.length() > this.maxInputChars) {
			throw new EmbeddingException(
					"Text of " + text.length() + " characters is longer than " + this.maxInputChars + " characters");
		}
	}

	private EmbeddingException failed(RuntimeException ex) {
		return (ex instanceof EmbeddingException embedding) ? embedding
				: new EmbeddingException("Embedding with " + this.model.modelName() + " failed", ex);
	}

}
