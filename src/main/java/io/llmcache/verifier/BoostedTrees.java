package io.llmcache.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A binary classifier of gradient-boosted trees, read from XGBoost's JSON model format
 * and evaluated here, so that the service needs neither XGBoost nor its native library:
 * the sum of one leaf per tree plus the base margin, through the logistic function.
 * Immutable and thread-safe.
 */
final class BoostedTrees {

	private final Tree[] trees;

	private final double baseMargin;

	private final int features;

	private BoostedTrees(Tree[] trees, double baseMargin, int features) {
		this.trees = trees;
		this.baseMargin = baseMargin;
		this.features = features;
	}

	/**
	 * Reads a model saved by XGBoost as JSON ({@code Booster.saveModel("x.json")}), with
	 * the {@code binary:logistic} objective.
	 * @param json the model
	 * @return the trees
	 */
	static BoostedTrees read(InputStream json) {
		JsonNode learner;
		try (json) {
			learner = JsonMapper.builder().build().readTree(json).path("learner");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unreadable verifier model", ex);
		}
		String objective = learner.path("objective").path("name").asString();
		if (!"binary:logistic".equals(objective)) {
			throw new IllegalArgumentException("The verifier model must be binary:logistic, not " + objective);
		}
		JsonNode parameters = learner.path("learner_model_param");
		// XGBoost 3 writes the base score as "[5E-1]", older versions as "5E-1"
		double baseScore = Double.parseDouble(parameters.path("base_score").asString().replaceAll("[\\[\\]]", ""));
		int features = Integer.parseInt(parameters.path("num_feature").asString());
		JsonNode treeNodes = learner.path("gradient_booster").path("model").path("trees");
		Tree[] trees = new Tree[treeNodes.size()];
		for (int t = 0; t < trees.length; t++) {
			trees[t] = Tree.read(treeNodes.get(t));
		}
		return new BoostedTrees(trees, Math.log(baseScore / (1 - baseScore)), features);
	}

	/**
	 * The probability of the positive class.
	 * @param x one value per feature
	 * @return a probability
	 */
	double probability(float[] x) {
		if (x.length != this.features) {
			throw new IllegalArgumentException("Expected " + this.features + " features, got " + x.length);
		}
		double margin = this.baseMargin;
		for (Tree tree : this.trees) {
			margin += tree.leaf(x);
		}
		return 1 / (1 + Math.exp(-margin));
	}

	int features() {
		return this.features;
	}

	int size() {
		return this.trees.length;
	}

	/**
	 * One tree in XGBoost's array layout: node {@code i} splits on feature
	 * {@code split[i]} at {@code condition[i]} (below goes left), or is a leaf
	 * ({@code left[i] == -1}) whose value is {@code condition[i]}.
	 */
	private record Tree(int[] left, int[] right, int[] split, float[] condition, boolean[] defaultLeft) {

		static Tree read(JsonNode tree) {
			int size = tree.path("left_children").size();
			int[] left = new int[size];
			int[] right = new int[size];
			int[] split = new int[size];
			float[] condition = new float[size];
			boolean[] defaultLeft = new boolean[size];
			for (int i = 0; i < size; i++) {
				left[i] = tree.path("left_children").get(i).asInt();
				right[i] = tree.path("right_children").get(i).asInt();
				split[i] = tree.path("split_indices").get(i).asInt();
				condition[i] = (float) tree.path("split_conditions").get(i).asDouble();
				defaultLeft[i] = tree.path("default_left").get(i).asInt() != 0;
			}
			return new Tree(left, right, split, condition, defaultLeft);
		}

		double leaf(float[] x) {
			int node = 0;
			while (this.left[node] != -1) {
				float value = x[this.split[node]];
				if (Float.isNaN(value)) {
					node = this.defaultLeft[node] ? this.left[node] : this.right[node];
				}
				else {
					node = (value < this.condition[node]) ? this.left[node] : this.right[node];
				}
			}
			return this.condition[node];
		}

	}

}
