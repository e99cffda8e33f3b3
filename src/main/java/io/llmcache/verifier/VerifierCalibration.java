package io.llmcache.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What verifier threshold gives a namespace the precision it asks for, measured by the
 * training on the QQP dev pairs used as a cache ({@code verifier-calibration.json}): the
 * embedder and retrieval floor it was measured with, and for each threshold the judged
 * precision, strict precision, recall and false-hit rate.
 * <p>
 * The threshold for a target is the lowest one from which on every threshold with at
 * least {@value #MIN_JUDGED_HITS} judged hits reached it, as the training's model card
 * reports it: precision does not rise strictly with the threshold, and a threshold inside
 * a dip would promise what the figures do not show.
 */
public final class VerifierCalibration {

	static final String FILE = "verifier-calibration.json";

	static final int MIN_JUDGED_HITS = 100;

	private final String embedder;

	private final double floor;

	private final List<Point> points;

	/**
	 * A calibration.
	 * @param embedder the embedder it was measured with
	 * @param floor the retrieval floor it was measured with
	 * @param points the measured thresholds
	 */
	public VerifierCalibration(String embedder, double floor, List<Point> points) {
		this.embedder = embedder;
		this.floor = floor;
		this.points = points.stream().sorted(Comparator.comparingDouble(Point::threshold)).toList();
	}

	/**
	 * The calibration shipped in the class path, if the build has one.
	 * @return the calibration, or empty
	 */
	public static Optional<VerifierCalibration> shipped() {
		try (InputStream in = VerifierCalibration.class.getResourceAsStream(FILE)) {
			return (in != null) ? Optional.of(read(in)) : Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the verifier calibration", ex);
		}
	}

	static VerifierCalibration read(InputStream in) {
		JsonNode root = JsonMapper.builder().build().readTree(in);
		List<Point> points = new ArrayList<>();
		for (JsonNode point : root.path("points")) {
			points.add(new Point(point.path("threshold").asDouble(), point.path("judgedPrecision").asDouble(),
					point.path("strictPrecision").asDouble(), point.path("recall").asDouble(),
					point.path("falseHitRate").asDouble(), point.path("judgedHits").asLong()));
		}
		return new VerifierCalibration(root.path("embedder").asString(), root.path("floor").asDouble(), points);
	}

	/**
	 * The embedder whose similarities the verifier was trained and measured with.
	 * @return its name
	 */
	public String embedder() {
		return this.embedder;
	}

	/**
	 * The least similarity of a candidate the verifier reads.
	 * @return the retrieval floor
	 */
	public double floor() {
		return this.floor;
	}

	/**
	 * The threshold for a target precision, with what was measured there.
	 * @param targetPrecision the share of hits that should be right
	 * @return the point, or empty if no threshold reached the target
	 */
	public Optional<Point> thresholdFor(double targetPrecision) {
		Point lowest = null;
		for (int i = this.points.size() - 1; i >= 0; i--) {
			Point point = this.points.get(i);
			if (point.judgedHits() < MIN_JUDGED_HITS) {
				continue;
			}
			if (point.judgedPrecision() < targetPrecision) {
				break;
			}
			lowest = point;
		}
		return Optional.ofNullable(lowest);
	}

	/**
	 * One measured threshold.
	 *
	 * @param threshold the least verifier score of a hit
	 * @param judgedPrecision correct hits among correct and false ones
	 * @param strictPrecision correct hits among all hits
	 * @param recall correct hits among lookups that had a duplicate stored
	 * @param falseHitRate false hits among all lookups
	 * @param judgedHits correct and false hits
	 */
	public record Point(double threshold, double judgedPrecision, double strictPrecision, double recall,
			double falseHitRate, long judgedHits) {

	}

}
