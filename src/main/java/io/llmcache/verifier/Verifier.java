package io.llmcache.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The trained verifier: how likely one cached answer serves both a query and a semantic
 * candidate, from {@link PairFeatures} through {@link BoostedTrees}. Loaded from the
 * artifacts {@code verifier/train.sh} writes; immutable and thread-safe.
 */
public final class Verifier {

	static final String MODEL = "verifier-model.json";

	static final String TERMS = "verifier-terms.tsv";

	private final BoostedTrees trees;

	private final PairFeatures features;

	Verifier(BoostedTrees trees, TermWeights weights) {
		if (trees.features() != PairFeatures.NAMES.size()) {
			throw new IllegalStateException("The verifier model reads " + trees.features()
					+ " features, this build computes " + PairFeatures.NAMES.size() + ": train it again");
		}
		this.trees = trees;
		this.features = new PairFeatures(weights);
	}

	/**
	 * The verifier written to a folder (by the training, before it is shipped).
	 * @param folder the folder with the model and the term weights
	 * @return the verifier
	 */
	public static Verifier load(Path folder) {
		try (InputStream model = Files.newInputStream(folder.resolve(MODEL));
				InputStream terms = Files.newInputStream(folder.resolve(TERMS))) {
			return new Verifier(BoostedTrees.read(model), TermWeights.read(terms));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the verifier in " + folder, ex);
		}
	}

	/**
	 * The verifier shipped in the service's class path, if the build has one.
	 * @return the verifier, or empty
	 */
	public static Optional<Verifier> shipped() {
		try (InputStream model = Verifier.class.getResourceAsStream(MODEL);
				InputStream terms = Verifier.class.getResourceAsStream(TERMS)) {
			if (model == null || terms == null) {
				return Optional.empty();
			}
			return Optional.of(new Verifier(BoostedTrees.read(model), TermWeights.read(terms)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the shipped verifier", ex);
		}
	}

	/**
	 * How likely one cached answer serves both texts.
	 * @param query the text looked up
	 * @param candidate the text stored
	 * @param cosine the similarity of their embeddings
	 * @return a score from 0 to 1
	 */
	public double score(String query, String candidate, double cosine) {
		return this.trees.probability(this.features.of(query, candidate, cosine));
	}

	/**
	 * The number of trees, for the model card.
	 * @return the trees
	 */
	public int trees() {
		return this.trees.size();
	}

}
