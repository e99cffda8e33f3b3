package io.llmcache.semantic.eval;

import io.llmcache.guard.SemanticGuards;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.llmcache.semantic.SemanticCalibration;

import static io.llmcache.semantic.eval.SemanticEvaluation.format;

/**
 * The evaluation's Markdown report: speed, the QQP curve with and without guards, each
 * model's setting for the target precision beside plain cosine at equal recall, every
 * file at that setting, and what each guard does on its own.
 */
final class Report {

	private final double target;

	private final List<EvalData> files;

	private final List<ModelResult> results = new ArrayList<>();

	Report(double target, List<EvalData> files) {
		this.target = target;
		this.files = files;
	}

	void add(String model, SemanticEvaluation.Speed speed, Map<String, CacheSimulation> simulations,
			CacheSimulation unrestricted, SemanticCalibration calibration) {
		this.results.add(new ModelResult(model, speed, simulations, unrestricted, calibration));
	}

	String markdown() {
		StringBuilder out = new StringBuilder();
		int all = CacheSimulation.mask(SemanticGuards.DEFAULT_NAMES);
		out.append("# Semantic matching evaluation\n\n");
		out.append(String.format(Locale.ROOT,
				"Run of %s, %d cores, Java %s. Each file used as a cache: every q1 stored (after its context), "
						+ "every q2 looked up among the entries with the same context, exact nearest neighbours. "
						+ "A hit is the nearest candidate at or above the threshold (plain cosine), or, with guards "
						+ "(%s), the nearest of the %d nearest at or above it that every guard accepts. "
						+ "P = hit precision, R = recall, FHR = false hits per lookup.%n%n",
				java.time.LocalDate.now(), Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.version"), String.join(", ", SemanticGuards.DEFAULT_NAMES),
				CacheSimulation.TOP_K));

		out.append(
				"## Speed\n\n| model | load ms | ms/text, one per call | ms/text, 32 per call |\n|---|---:|---:|---:|\n");
		for (ModelResult result : this.results) {
			out.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f |%n", result.model,
					result.speed.loadMillis(), result.speed.singleMillis(), result.speed.batchedMillis()));
		}

		EvalData qqp = this.files.get(0);
		out.append(String.format(Locale.ROOT, "%n## %s as a cache (%,d lookups, %,d duplicates)%n%n", qqp.name(),
				qqp.pairs().size(), qqp.duplicates()));
		out.append("| model | threshold | plain P | plain R | plain FHR | guards P | guards R | guards FHR |\n");
		out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (ModelResult result : this.results) {
			CacheSimulation simulation = result.simulations.get(qqp.name());
			for (double threshold : SemanticEvaluation.reportedThresholds()) {
				CacheSimulation.Score plain = simulation.score(threshold, 0);
				CacheSimulation.Score guarded = simulation.score(threshold, all);
				out.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %s | %s | %s | %s | %s |%n", result.model,
						threshold, format(plain.precision()), format(plain.recall()), format(plain.falseHitRate()),
						format(guarded.precision()), format(guarded.recall()), format(guarded.falseHitRate())));
			}
		}

		out.append(String.format(Locale.ROOT,
				"%n## Setting for target precision %.2f (calibrated on %s), beside plain cosine at equal recall%n%n",
				this.target, qqp.name()));
		out.append("| model | with guards | P | R | FHR | plain cosine for the same recall | plain P | plain R "
				+ "| plain cosine for the same precision | plain R |\n");
		out.append("|---|---|---:|---:|---:|---|---:|---:|---|---:|\n");
		for (ModelResult result : this.results) {
			SemanticCalibration.Threshold setting = result.calibration.thresholdFor(this.target, true);
			CacheSimulation simulation = result.simulations.get(qqp.name());
			CacheSimulation.Score guarded = simulation.score(setting.similarity(), all);
			CacheSimulation.Score sameRecall = plainAtRecall(simulation, guarded.recall());
			CacheSimulation.Score samePrecision = plainAtPrecision(simulation, guarded.precision());
			out.append(String.format(
					Locale.ROOT, "| %s | ≥ %.2f%s | %s | %s | %s | ≥ %.3f | %s | %s | %s | %s |%n", result.model,
					setting.similarity(), setting.reached() ? "" : " (target not reached)", format(guarded.precision()),
					format(guarded.recall()), format(guarded.falseHitRate()), sameRecall.threshold(),
					format(sameRecall.precision()), format(sameRecall.recall()), (samePrecision != null)
							? String.format(Locale.ROOT, "≥ %.3f", samePrecision.threshold()) : "not reached",
					(samePrecision != null) ? format(samePrecision.recall()) : "–"));
		}

		out.append("\n## Every file at each model's setting\n\n");
		out.append("| file | model | threshold | plain P | plain R | plain FHR | guards P | guards R | guards FHR "
				+ "| follow-ups hitting another context |\n");
		out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
		for (EvalData file : this.files) {
			for (ModelResult result : this.results) {
				double threshold = result.calibration.thresholdFor(this.target, true).similarity();
				CacheSimulation simulation = result.simulations.get(file.name());
				CacheSimulation.Score plain = simulation.score(threshold, 0);
				CacheSimulation.Score guarded = simulation.score(threshold, all);
				String cross = "–";
				if (file.pairs().stream().anyMatch(EvalPair::contextual)) {
					CacheSimulation.Score open = result.unrestricted.score(threshold, all);
					cross = String.format(Locale.ROOT, "%d (without the context restriction: %d)",
							guarded.crossContext(), open.crossContext());
				}
				out.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %s | %s | %s | %s | %s | %s | %s |%n",
						file.name(), result.model, threshold, format(plain.precision()), format(plain.recall()),
						format(plain.falseHitRate()), format(guarded.precision()), format(guarded.recall()),
						format(guarded.falseHitRate()), cross));
			}
		}

		out.append("\n## What the false hits on " + qqp.name() + " are, at each model's setting with guards\n\n");
		out.append("| model | false hits | query stored verbatim as another pair's q1 | another pair's entry "
				+ "| the pair's own entry, pair not a duplicate |\n|---|---:|---:|---:|---:|\n");
		for (ModelResult result : this.results) {
			double threshold = result.calibration.thresholdFor(this.target, true).similarity();
			List<EvalPair> pairs = qqp.pairs();
			long verbatim = 0;
			long other = 0;
			long own = 0;
			for (CacheSimulation.Hit hit : result.simulations.get(qqp.name()).hits(threshold, all)) {
				if (hit.right()) {
					continue;
				}
				if (pairs.get(hit.entry()).q1().equals(pairs.get(hit.pair()).q2())) {
					verbatim++;
				}
				else if (hit.entry() != hit.pair()) {
					other++;
				}
				else {
					own++;
				}
			}
			out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d |%n", result.model, verbatim + other + own,
					verbatim, other, own));
		}

		out.append("\n## Each guard alone on " + qqp.name() + ", at each model's setting\n\n");
		out.append(
				"| model | guard | false hits stopped | correct hits lost | P | R |\n|---|---|---:|---:|---:|---:|\n");
		for (ModelResult result : this.results) {
			double threshold = result.calibration.thresholdFor(this.target, true).similarity();
			CacheSimulation simulation = result.simulations.get(qqp.name());
			CacheSimulation.Score plain = simulation.score(threshold, 0);
			for (String guard : SemanticGuards.NAMES) {
				CacheSimulation.Score alone = simulation.score(threshold, CacheSimulation.mask(List.of(guard)));
				out.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %s |%n", result.model, guard,
						plain.wrong() - alone.wrong(), plain.correct() - alone.correct(), format(alone.precision()),
						format(alone.recall())));
			}
		}
		return out.toString();
	}

	/** Plain cosine at the highest threshold whose recall is at least the given one. */
	private static CacheSimulation.Score plainAtRecall(CacheSimulation simulation, double recall) {
		CacheSimulation.Score best = simulation.score(0.5, 0);
		for (int t = 500; t <= 1000; t++) {
			CacheSimulation.Score score = simulation.score(t / 1000.0, 0);
			if (score.recall() >= recall) {
				best = score;
			}
		}
		return best;
	}

	/** Plain cosine at the lowest threshold whose precision is at least the given one. */
	private static CacheSimulation.Score plainAtPrecision(CacheSimulation simulation, double precision) {
		for (int t = 500; t <= 1000; t++) {
			CacheSimulation.Score score = simulation.score(t / 1000.0, 0);
			if (score.correct() + score.wrong() >= SemanticCalibrationLimits.MIN_HITS
					&& score.precision() >= precision) {
				return score;
			}
		}
		return null;
	}

	private record ModelResult(String model, SemanticEvaluation.Speed speed, Map<String, CacheSimulation> simulations,
			CacheSimulation unrestricted, SemanticCalibration calibration) {

	}

	/** The least hits a measured point needs, as in the calibration. */
	private static final class SemanticCalibrationLimits {

		static final int MIN_HITS = 30;

	}

}
