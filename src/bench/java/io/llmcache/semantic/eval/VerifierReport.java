package io.llmcache.semantic.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.llmcache.verifier.PairFeatures;
import io.llmcache.verifier.Verifier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The verifier's figures, every file used as a cache beside plain cosine similarity in
 * the same run: the calibration the service reads, and the model card.
 */
final class VerifierReport {

	/** Fewer hits than this at a threshold are too few to promise a precision. */
	static final int MIN_HITS = 100;

	static final double[] TARGETS = { 0.85, 0.9, 0.95, 0.97 };

	private final String embedder;

	private final double floor;

	private final Map<String, VerifiedCache> verified = new LinkedHashMap<>();

	private final Map<String, VerifiedCache> guarded = new LinkedHashMap<>();

	private final Map<String, VerifiedCache> cosine = new LinkedHashMap<>();

	VerifierReport(String embedder, double floor) {
		this.embedder = embedder;
		this.floor = floor;
	}

	void add(String file, VerifiedCache withVerifier, VerifiedCache withGuards, VerifiedCache withCosine) {
		this.verified.put(file, withVerifier);
		this.guarded.put(file, withGuards);
		this.cosine.put(file, withCosine);
	}

	/**
	 * The lowest verifier threshold from which on every threshold with enough hits
	 * reached the target judged precision on a file, or 1 if none did.
	 */
	static double thresholdFor(VerifiedCache cache, double target) {
		double lowest = 1.0;
		for (int t = 99; t >= 0; t--) {
			VerifiedCache.Score score = cache.score(t / 100.0, 0);
			if (score.correct() + score.wrong() < MIN_HITS) {
				continue;
			}
			if (score.judgedPrecision() < target) {
				break;
			}
			lowest = t / 100.0;
		}
		return lowest;
	}

	void writeCalibration(Path file, String dataset) throws IOException {
		VerifiedCache cache = this.verified.get(dataset);
		JsonMapper json = JsonMapper.builder().build();
		ObjectNode root = json.createObjectNode();
		root.put("embedder", this.embedder);
		root.put("dataset", dataset);
		root.put("floor", this.floor);
		root.put("candidatesPerLookup", VerifiedCache.CANDIDATES);
		root.put("generatedBy", "bash verifier/train.sh");
		ArrayNode points = root.putArray("points");
		for (int t = 0; t <= 99; t++) {
			VerifiedCache.Score score = cache.score(t / 100.0, 0);
			ObjectNode point = points.addObject();
			point.put("threshold", t / 100.0);
			point.put("judgedPrecision", round(score.judgedPrecision()));
			point.put("strictPrecision", round(score.strictPrecision()));
			point.put("recall", round(score.recall()));
			point.put("falseHitRate", round(score.falseHitRate()));
			point.put("hits", score.hits());
			point.put("judgedHits", score.correct() + score.wrong());
		}
		Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
				StandardCharsets.UTF_8);
	}

	String card(String dataHash, int labelled, int made, int mined, int examples, int rounds, int depth,
			Duration trainingTime, Verifier verifier) {
		StringBuilder out = new StringBuilder();
		VerifiedCache dev = this.verified.values().iterator().next();
		out.append("# Semantic verifier: model card\n\n")
			.append("Written by `bash verifier/train.sh` on ")
			.append(LocalDate.now())
			.append("; do not edit by hand. How the verifier works: [semantic matching](semantic.md#the-verifier).\n\n")
			.append("## Model\n\n")
			.append("- Gradient-boosted trees (XGBoost, `binary:logistic`): ")
			.append(verifier.trees())
			.append(" trees of depth ≤ ")
			.append(depth)
			.append(", over ")
			.append(PairFeatures.NAMES.size())
			.append(" features of both texts: ")
			.append(String.join(", ", PairFeatures.NAMES))
			.append(".\n")
			.append("- Candidates: the ")
			.append(VerifiedCache.CANDIDATES)
			.append(" nearest entries with cosine ≥ ")
			.append(this.floor)
			.append(" (embedder `")
			.append(this.embedder)
			.append("`); the hit is the most similar candidate whose score reaches the threshold.\n\n")
			.append("## Training data\n\n")
			.append(String.format(Locale.ROOT,
					"- `qqp-train.jsonl`, SHA-256 `%s`: %,d labelled pairs.%n"
							+ "- %,d pairs made from its questions: word swaps (not duplicate) and rephrasings such as "
							+ "\"What is X?\" / \"Explain X.\" (duplicate). Questions whose SHA-256 ends in 0 are held "
							+ "back: their swaps are the word-swap test set below.%n"
							+ "- %,d unlabelled near neighbours (cosine ≥ %.2f) mined as negatives at half weight.%n"
							+ "- %,d examples in all; %d rounds; training took %s on this machine.%n%n",
					dataHash, labelled, made, mined, this.floor, examples, rounds, format(trainingTime)));
		out.append("## Calibration on qqp-dev (as a cache)\n\n")
			.append("`targetPrecision` picks the lowest verifier threshold from which on every threshold with ≥ ")
			.append(MIN_HITS)
			.append(" judged hits reached that judged precision on qqp-dev.\n\n")
			.append("| targetPrecision | threshold | judged precision | strict precision | recall | false-hit rate |\n")
			.append("|---:|---:|---:|---:|---:|---:|\n");
		for (double target : TARGETS) {
			double threshold = thresholdFor(dev, target);
			VerifiedCache.Score score = dev.score(threshold, 0);
			out.append(String.format(Locale.ROOT, "| %.2f | %.2f | %s | %s | %s | %s |%n", target, threshold,
					f(score.judgedPrecision()), f(score.strictPrecision()), f(score.recall()),
					f(score.falseHitRate())));
		}
		out.append("\n## Every file as a cache, beside plain cosine in the same run\n\n")
			.append("Verifier at each targetPrecision's threshold from qqp-dev; cosine at fixed thresholds, no guards.\n\n")
			.append("| file | setting | judged precision | strict precision | recall | false-hit rate | hits |\n")
			.append("|---|---|---:|---:|---:|---:|---:|\n");
		for (String file : this.verified.keySet()) {
			for (double target : TARGETS) {
				row(out, file, String.format(Locale.ROOT, "verifier, target %.2f", target),
						this.verified.get(file).score(thresholdFor(dev, target), 0));
			}
			VerifiedCache guardedDev = this.guarded.values().iterator().next();
			for (double target : new double[] { 0.9, 0.95 }) {
				row(out, file, String.format(Locale.ROOT, "verifier + guards veto, target %.2f", target),
						this.guarded.get(file).score(thresholdFor(guardedDev, target), 0));
			}
			for (double threshold : new double[] { 0.85, 0.9, 0.95 }) {
				row(out, file, String.format(Locale.ROOT, "cosine ≥ %.2f", threshold),
						this.cosine.get(file).score(threshold, 0));
			}
		}
		return out.toString();
	}

	List<String> hits(String file, double threshold) {
		return this.verified.get(file).hits(threshold);
	}

	private static void row(StringBuilder out, String file, String setting, VerifiedCache.Score score) {
		out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %,d |%n", file, setting,
				f(score.judgedPrecision()), f(score.strictPrecision()), f(score.recall()), f(score.falseHitRate()),
				score.hits()));
	}

	private static String f(double value) {
		return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.3f", value);
	}

	private static double round(double value) {
		return Double.isNaN(value) ? 0 : Math.round(value * 10_000) / 10_000.0;
	}

	private static String format(Duration duration) {
		return String.format(Locale.ROOT, "%d min %02d s", duration.toMinutes(), duration.toSecondsPart());
	}

}
