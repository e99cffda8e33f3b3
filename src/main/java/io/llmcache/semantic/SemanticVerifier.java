package io.llmcache.semantic;

import java.util.Optional;

import io.llmcache.verifier.Verifier;
import io.llmcache.verifier.VerifierCalibration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The trained verifier shipped with the service, when it fits the embedder in use: its
 * scores read the embedder's similarity, and its calibration was measured with it, so
 * another embedder (a remote one, say) leaves namespaces on similarity thresholds and
 * guards.
 */
@Component
class SemanticVerifier {

	private static final Logger logger = LoggerFactory.getLogger(SemanticVerifier.class);

	private final Optional<Verifier> verifier;

	private final Optional<VerifierCalibration> calibration;

	@Autowired
	SemanticVerifier(Embedder embedder) {
		this(embedder.name(), Verifier.shipped(), VerifierCalibration.shipped());
	}

	SemanticVerifier(String embedder, Optional<Verifier> verifier, Optional<VerifierCalibration> calibration) {
		boolean fits = verifier.isPresent() && calibration.isPresent() && calibration.get().embedder().equals(embedder);
		if (!fits && calibration.isPresent()) {
			logger.info("The semantic verifier was trained with the embedder {}, not {}: semantic candidates are "
					+ "judged by similarity thresholds and guards", calibration.get().embedder(), embedder);
		}
		this.verifier = fits ? verifier : Optional.empty();
		this.calibration = fits ? calibration : Optional.empty();
	}

	/**
	 * The verifier's calibration, if the verifier can be used.
	 * @return the calibration, or empty
	 */
	Optional<VerifierCalibration> calibration() {
		return this.calibration;
	}

	/**
	 * The verifier's score of a candidate.
	 * @param query the text looked up
	 * @param candidate the text stored
	 * @param similarity their similarity
	 * @return the score, from 0 to 1
	 * @throws IllegalStateException if there is no verifier ({@link #calibration} empty)
	 */
	double score(String query, String candidate, double similarity) {
		return this.verifier.orElseThrow(() -> new IllegalStateException("No semantic verifier"))
			.score(query, candidate, similarity);
	}

}
