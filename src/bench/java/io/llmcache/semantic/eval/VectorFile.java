package io.llmcache.semantic.eval;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmcache.semantic.Embedder;
import io.llmcache.system.Digests;

/**
 * The vectors of one model for the evaluation's texts, kept in a file under
 * {@code eval/results/vectors/} (SHA-256 of the text, then the floats), so that a rerun
 * (to tune guards or thresholds) embeds only texts it has not seen. Quality figures do
 * not depend on it; speed is measured afresh in every run.
 */
final class VectorFile {

	private static final int BATCH = 32;

	private final Path file;

	private final int dimensions;

	private final Map<String, float[]> vectors = new HashMap<>();

	private VectorFile(Path file, int dimensions) {
		this.file = file;
		this.dimensions = dimensions;
	}

	static VectorFile open(Path file, int dimensions) throws IOException {
		VectorFile vectors = new VectorFile(file, dimensions);
		if (Files.exists(file)) {
			try (DataInputStream in = new DataInputStream(
					new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
				vectors.readFrom(in);
			}
		}
		return vectors;
	}

	private void readFrom(InputStream stream) throws IOException {
		DataInputStream in = (DataInputStream) stream;
		while (true) {
			String key;
			try {
				key = in.readUTF();
			}
			catch (EOFException ex) {
				return;
			}
			float[] vector = new float[this.dimensions];
			try {
				for (int i = 0; i < vector.length; i++) {
					vector[i] = in.readFloat();
				}
			}
			catch (EOFException ex) {
				// A run stopped while writing: drop the partial record
				return;
			}
			this.vectors.put(key, vector);
		}
	}

	/**
	 * Embeds every text not in the file yet and appends it.
	 * @param embedder the model
	 * @param texts the texts
	 * @return how many texts were embedded
	 */
	int embedMissing(Embedder embedder, Set<String> texts) throws IOException {
		List<String> missing = new ArrayList<>();
		for (String text : new LinkedHashSet<>(texts)) {
			if (!this.vectors.containsKey(Digests.sha256Hex(text))) {
				missing.add(text);
			}
		}
		Files.createDirectories(this.file.getParent());
		try (OutputStream stream = Files.newOutputStream(this.file, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
				DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 20))) {
			for (int from = 0; from < missing.size(); from += BATCH) {
				List<String> batch = missing.subList(from, Math.min(missing.size(), from + BATCH));
				List<float[]> embedded = embedder.embedAll(batch);
				for (int i = 0; i < batch.size(); i++) {
					String key = Digests.sha256Hex(batch.get(i));
					out.writeUTF(key);
					for (float component : embedded.get(i)) {
						out.writeFloat(component);
					}
					this.vectors.put(key, embedded.get(i));
				}
				if ((from / BATCH) % 50 == 0) {
					System.err.printf("  %s: %d/%d texts embedded%n", embedder.name(), from + batch.size(),
							missing.size());
				}
			}
		}
		return missing.size();
	}

	float[] get(String text) {
		float[] vector = this.vectors.get(Digests.sha256Hex(text));
		if (vector == null) {
			throw new IllegalStateException("Not embedded: " + text);
		}
		return vector;
	}

}
