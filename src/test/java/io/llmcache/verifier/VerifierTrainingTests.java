package io.llmcache.verifier;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.llmcache.semantic.OnnxEmbedder;
import io.llmcache.semantic.OnnxModel;
import io.llmcache.semantic.UnitVectors;
import io.llmcache.semantic.eval.VerifierTraining;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The verifier's training pipeline, end to end on a few hundred pairs of its own making
 * (the real training reads QQP, which the repository does not carry): the training
 * command writes a model, term weights, a calibration and a model card that the service's
 * classes read, and the service's own evaluation of the trees agrees with XGBoost's.
 */
class VerifierTrainingTests {

	private static final List<String> TRAIN_TOPICS = List.of("Python", "guitar", "chess", "Spanish", "piano",
			"calculus", "swimming", "painting", "Java", "French", "photography", "cooking", "yoga", "German", "drawing",
			"knitting", "physics", "Rust", "surfing", "poker");

	private static final List<String> DEV_TOPICS = List.of("Go", "violin", "Italian", "skiing", "algebra", "tennis",
			"Kotlin", "sculpture", "Japanese", "boxing");

	private static final String[][] SAME = { { "How can I learn %s quickly?", "What is the fastest way to learn %s?" },
			{ "Is %s hard to learn?", "How difficult is it to learn %s?" },
			{ "Why is %s so popular?", "What makes %s so popular?" },
			{ "What are good books about %s?", "Which books about %s are good?" } };

	@TempDir
	static Path folder;

	static Path out;

	@BeforeAll
	static void train() throws Exception {
		Path data = Files.createDirectories(folder.resolve("data"));
		write(data.resolve("qqp-train.jsonl"), pairs(TRAIN_TOPICS));
		write(data.resolve("qqp-dev.jsonl"), pairs(DEV_TOPICS));
		out = folder.resolve("out");
		VerifierTraining.main(new String[] { "--data", data.toString(), "--out", out.toString(), "--results",
				folder.resolve("results").toString(), "--card", folder.resolve("card.md").toString(), "--rounds", "30",
				"--mine", "100" });
	}

	@Test
	void writesWhatTheServiceLoadsAndAModelCard() throws IOException {
		Verifier verifier = Verifier.load(out);
		assertThat(verifier.trees()).isEqualTo(30);
		VerifierCalibration calibration;
		try (var in = Files.newInputStream(out.resolve(VerifierCalibration.FILE))) {
			calibration = VerifierCalibration.read(in);
		}
		assertThat(calibration.embedder()).isEqualTo("all-minilm-l6-v2-q");
		assertThat(calibration.floor()).isEqualTo(0.6);
		assertThat(Files.readString(folder.resolve("card.md"))).contains("# Semantic verifier: model card")
			.contains("SHA-256")
			.contains("| qqp-dev | verifier, target 0.90 |");
	}

	@Test
	void ranksUnseenDuplicatesAboveUnseenDifferentQuestions() {
		Verifier verifier = Verifier.load(out);
		OnnxEmbedder embedder = new OnnxEmbedder(OnnxModel.DEFAULT, 1000);
		List<Double> duplicates = new ArrayList<>();
		List<Double> different = new ArrayList<>();
		for (String line : pairs(DEV_TOPICS)) {
			JsonNode pair = JsonMapper.builder().build().readTree(line);
			String q1 = pair.path("q1").asString();
			String q2 = pair.path("q2").asString();
			double score = verifier.score(q2, q1, UnitVectors.cosine(embedder.embed(q2), embedder.embed(q1)));
			(pair.path("duplicate").asBoolean() ? duplicates : different).add(score);
		}
		// The share of (duplicate, different) pairs ranked the right way round: 0.5 by
		// chance
		long rightWayRound = 0;
		for (double duplicate : duplicates) {
			rightWayRound += different.stream().filter((score) -> score < duplicate).count();
		}
		assertThat(rightWayRound / (double) (duplicates.size() * different.size())).isGreaterThan(0.75);
	}

	@Test
	void evaluatesTheTreesAsXgboostDoes() throws Exception {
		BoostedTrees trees;
		try (var in = Files.newInputStream(out.resolve(Verifier.MODEL))) {
			trees = BoostedTrees.read(in);
		}
		TermWeights weights;
		try (var in = Files.newInputStream(out.resolve(Verifier.TERMS))) {
			weights = TermWeights.read(in);
		}
		PairFeatures features = new PairFeatures(weights);
		List<float[]> rows = new ArrayList<>();
		for (String topic : DEV_TOPICS) {
			for (String[] same : SAME) {
				rows.add(features.of(String.format(Locale.ROOT, same[1], topic),
						String.format(Locale.ROOT, same[0], topic), 0.7 + topic.length() / 100.0));
			}
		}
		float[] flat = new float[rows.size() * PairFeatures.NAMES.size()];
		for (int i = 0; i < rows.size(); i++) {
			System.arraycopy(rows.get(i), 0, flat, i * PairFeatures.NAMES.size(), PairFeatures.NAMES.size());
		}
		Booster booster = XGBoost.loadModel(out.resolve(Verifier.MODEL).toString());
		float[][] expected = booster.predict(new DMatrix(flat, rows.size(), PairFeatures.NAMES.size(), Float.NaN));
		for (int i = 0; i < rows.size(); i++) {
			assertThat(trees.probability(rows.get(i))).isCloseTo(expected[i][0], within(1e-5));
		}
	}

	private static List<String> pairs(List<String> topics) {
		List<String> lines = new ArrayList<>();
		for (int t = 0; t < topics.size(); t++) {
			String topic = topics.get(t);
			String other = topics.get((t + 1) % topics.size());
			for (int s = 0; s < SAME.length; s++) {
				String[] same = SAME[s];
				lines.add(line(same[0], topic, same[1], topic, true));
				lines.add(line(same[0], topic, same[0], other, false));
				lines.add(line(same[0], topic, SAME[(s + 1) % SAME.length][1], topic, false));
			}
		}
		return lines;
	}

	private static String line(String q1, String topic1, String q2, String topic2, boolean duplicate) {
		return String.format(Locale.ROOT, "{\"q1\": \"%s\", \"q2\": \"%s\", \"duplicate\": %s}",
				String.format(Locale.ROOT, q1, topic1), String.format(Locale.ROOT, q2, topic2), duplicate);
	}

	private static void write(Path file, List<String> lines) throws IOException {
		Files.write(file, lines, StandardCharsets.UTF_8);
	}

}
