package io.llmcache.semantic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What similarity threshold gives a namespace the precision it asks for, as measured by
 * the evaluation command ({@code bash eval/semantic.sh}) on the QQP dev pairs used as a
 * cache: for each threshold, the share of hits that were right (precision), of duplicates
 * that hit (recall) and of lookups that hit wrongly, with and without the guards. One
 * resource per model: {@code calibration-<model>.json} beside this class.
 * <p>
 * The threshold for a target precision is the lowest one from which on every measured
 * threshold reached it: precision does not rise strictly with the threshold, and a
 * threshold just inside a dip would promise what the figures do not show. Thresholds with
 * fewer than {@value #MIN_HITS} hits are too few to measure and are not counted.
 */
public final class SemanticCalibration {

	static final int MIN_HITS = 30;

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String model;

	private final String dataset;

	private final List<Point> points;

	SemanticCalibration(String model, String dataset, List<Point> points) {
		this.model = model;
		this.dataset = dataset;
		this.points = points.stream().sorted(Comparator.comparingDouble(Point::threshold)).toList();
	}

	/**
	 * The calibration of a model, if the evaluation measured it.
	 * @param model the embedder's name, such as {@code all-minilm-l6-v2-q}
	 * @return its calibration, or empty (a remote model, or one never evaluated)
	 */
	public static Optional<SemanticCalibration> forModel(String model) {
		if (!model.matches("[a-z0-9.-]+")) {
			return Optional.empty();
		}
		try (InputStream in = SemanticCalibration.class.getResourceAsStream("calibration-" + model + ".json")) {
			return (in != null) ? Optional.of(read(in)) : Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The calibration for an embedder: the one in a file when one is configured (the
	 * evaluation command measures a remote model the same way and writes it there), else
	 * the one shipped for the model, if any.
	 * @param model the embedder's name
	 * @param file the configured calibration file, or {@code null}
	 * @return the calibration, or empty
	 * @throws IllegalStateException if the file cannot be read, has no usable point or
	 * was measured for another model: its thresholds would mean nothing for this one
	 */
	public static Optional<SemanticCalibration> forEmbedder(String model, Path file) {
		if (file == null) {
			return forModel(model);
		}
		SemanticCalibration calibration;
		try (InputStream in = Files.newInputStream(file)) {
			calibration = read(in);
		}
		catch (IOException | JacksonException ex) {
			throw new IllegalStateException("Cannot read the calibration file " + file + ": " + ex.getMessage(), ex);
		}
		if (!model.equals(calibration.model)) {
			throw new IllegalStateException("The calibration file " + file + " was measured for " + calibration.model
					+ ", but the embedder is " + model);
		}
		if (calibration.points.stream().noneMatch((point) -> point.guarded().hasEnoughHits())) {
			throw new IllegalStateException(
					"The calibration file " + file + " has no threshold with at least " + MIN_HITS + " hits");
		}
		return Optional.of(calibration);
	}

	/**
	 * Reads a calibration as the evaluation writes it.
	 * @param in the JSON
	 * @return the calibration
	 */
	public static SemanticCalibration read(InputStream in) {
		JsonNode root = json.readTree(in);
		List<Point> points = new ArrayList<>();
		for (JsonNode point : root.path("points")) {
			points.add(new Point(point.path("threshold").asDouble(), measure(point.path("plain")),
					measure(point.path("guarded"))));
		}
		return new SemanticCalibration(root.path("model").asString(), root.path("dataset").asString(), points);
	}

	private static Measure measure(JsonNode node) {
		return new Measure(node.path("precision").asDouble(Double.NaN), node.path("recall").asDouble(),
				node.path("falseHitRate").asDouble(), node.path("hits").asLong());
	}

	/**
	 * The model measured.
	 * @return the embedder's name
	 */
	public String model() {
		return this.model;
	}

	/**
	 * The threshold for a target precision with the guards on.
	 * @param targetPrecision the share of semantic hits that should be right
	 * @return the threshold and what was measured there
	 */
	public Threshold thresholdFor(double targetPrecision) {
		return thresholdFor(targetPrecision, true);
	}

	/**
	 * The threshold for a target precision.
	 * @param targetPrecision the share of semantic hits that should be right
	 * @param guards whether the guards are on
	 * @return the threshold and what was measured there; if no threshold reached the
	 * target, the one with the best measured precision, marked as not reached
	 */
	public Threshold thresholdFor(double targetPrecision, boolean guards) {
		Point chosen = null;
		// From the strictest threshold down, for as long as the target holds
		for (int i = this.points.size() - 1; i >= 0; i--) {
			Measure measure = this.points.get(i).of(guards);
			if (!measure.hasEnoughHits()) {
				continue;
			}
			if (!(measure.precision() >= targetPrecision)) {
				break;
			}
			chosen = this.points.get(i);
		}
		if (chosen != null) {
			return threshold(targetPrecision, chosen, guards, true);
		}
		Point best = this.points.stream()
			.filter((point) -> point.of(guards).hasEnoughHits())
			.max(Comparator.comparingDouble((Point point) -> point.of(guards).precision()))
			.orElseThrow(() -> new IllegalStateException("Calibration of " + this.model + " has no usable point"));
		return threshold(targetPrecision, best, guards, false);
	}

	private Threshold threshold(double target, Point point, boolean guards, boolean reached) {
		Measure measure = point.of(guards);
		return new Threshold(target, point.threshold(), guards, measure.precision(), measure.recall(),
				measure.falseHitRate(), reached, this.model, this.dataset);
	}

	/**
	 * A similarity threshold and what the evaluation measured at it.
	 *
	 * @param targetPrecision the precision asked for
	 * @param similarity the least cosine similarity of a hit
	 * @param guards whether the guards were on
	 * @param precision the share of hits that were right
	 * @param recall the share of duplicates that hit
	 * @param falseHitRate the share of lookups that hit wrongly
	 * @param reached whether the measured precision reached the target
	 * @param model the embedder measured
	 * @param dataset the data measured on
	 */
	public record Threshold(double targetPrecision, double similarity, boolean guards, double precision, double recall,
			double falseHitRate, boolean reached, String model, String dataset) {

		/**
		 * For explain, e.g. {@code 0.90 → similarity ≥ 0.87 with guards: measured
		 * precision 0.93 at recall 0.44 on qqp-dev (all-minilm-l6-v2-q)}.
		 * @return the description
		 */
		public String describe() {
			String measured = String.format(Locale.ROOT, "precision %.2f at recall %.2f on %s (%s)", this.precision,
					this.recall, this.dataset, this.model);
			String setting = String.format(Locale.ROOT, "%.2f → similarity ≥ %.2f %s", this.targetPrecision,
					this.similarity, this.guards ? "with guards" : "without guards");
			return this.reached ? setting + ": measured " + measured
					: setting + ": target not reached, best measured " + measured;
		}

	}

	/**
	 * The figures at one threshold.
	 */
	record Point(double threshold, Measure plain, Measure guarded) {

		Measure of(boolean guards) {
			return guards ? this.guarded : this.plain;
		}

	}

	/**
	 * Precision, recall and false-hit rate, and the number of hits they come from.
	 */
	record Measure(double precision, double recall, double falseHitRate, long hits) {

		/** Whether there are hits enough to count the point (see {@link #MIN_HITS}). */
		boolean hasEnoughHits() {
			return this.hits >= MIN_HITS;
		}

	}

}
