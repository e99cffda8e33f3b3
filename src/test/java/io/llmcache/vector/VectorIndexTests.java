package io.llmcache.vector;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The in-process index: nearest neighbours by cosine within a scope and never outside it,
 * replacement, removal, expiry, and the text form of vectors.
 */
class VectorIndexTests {

	private static final long FAR_FUTURE = Long.MAX_VALUE / 2;

	/** A compaction runs on a thread of its own: its outcome is polled for. */
	private static final Duration POLL = Duration.ofMillis(20);

	private final VectorIndex index = new VectorIndex();

	private final Random random = new Random(42);

	@AfterEach
	void close() throws Exception {
		this.index.close();
	}

	@Test
	void findsTheNearestVectorsOfAScopeWithTheirCosine() {
		VectorScope scope = new VectorScope("acme", "support", "ctx-1");
		float[] query = unit(1, 0, 0);
		this.index.put(new StoredVector(scope, "near", unit(0.9f, 0.1f, 0), FAR_FUTURE));
		this.index.put(new StoredVector(scope, "far", unit(0, 1, 0), FAR_FUTURE));
		this.index.put(new StoredVector(scope, "opposite", unit(-1, 0, 0), FAR_FUTURE));
		this.index.refresh();

		List<Neighbour> nearest = this.index.nearest(scope, query, 3);

		assertThat(nearest).extracting(Neighbour::entryDigest).containsExactly("near", "far", "opposite");
		assertThat(nearest.get(0).similarity()).isCloseTo(0.9f / Math.sqrt(0.82), within(1e-5));
		assertThat(nearest.get(1).similarity()).isCloseTo(0.0, within(1e-5));
		assertThat(nearest.get(2).similarity()).isCloseTo(-1.0, within(1e-5));
	}

	@Test
	void neverProposesAVectorOfAnotherTenantNamespaceOrContext() {
		float[] vector = unit(1, 0, 0);
		this.index
			.put(new StoredVector(new VectorScope("globex", "support", "ctx"), "other-tenant", vector, FAR_FUTURE));
		this.index
			.put(new StoredVector(new VectorScope("acme", "sales", "ctx"), "other-namespace", vector, FAR_FUTURE));
		this.index
			.put(new StoredVector(new VectorScope("acme", "support", "ctx-2"), "other-context", vector, FAR_FUTURE));
		VectorScope scope = new VectorScope("acme", "support", "ctx");
		this.index.refresh();

		assertThat(this.index.nearest(scope, vector, 10)).isEmpty();
		assertThat(this.index.mayHaveVectors(scope)).isFalse();
		assertThat(this.index.mayHaveVectors(new VectorScope("acme", "sales", "ctx"))).isTrue();
	}

	@Test
	void replacesRemovesAndExpires() {
		VectorScope scope = new VectorScope("acme", "support", "ctx");
		this.index.put(new StoredVector(scope, "a", unit(1, 0, 0), FAR_FUTURE));
		this.index.put(new StoredVector(scope, "a", unit(0, 1, 0), FAR_FUTURE));
		this.index.put(new StoredVector(scope, "b", unit(0, 0, 1), FAR_FUTURE));
		this.index.put(new StoredVector(scope, "old", unit(0, 1, 0), 1_000));
		this.index.refresh();
		assertThat(this.index.size()).isEqualTo(3);
		assertThat(this.index.nearest(scope, unit(0, 1, 0), 1).get(0).entryDigest()).isIn("a", "old");

		this.index.removeExpired(2_000);
		this.index.remove("acme", "support", "b");
		this.index.refresh();

		assertThat(this.index.nearest(scope, unit(0, 1, 0), 10)).extracting(Neighbour::entryDigest)
			.containsExactly("a");
	}

	@Test
	void approximateSearchAgreesWithExactSearchOnALargeScope() {
		VectorScope scope = new VectorScope("acme", "big", "ctx");
		int count = 5_000;
		float[][] vectors = new float[count][];
		for (int i = 0; i < count; i++) {
			vectors[i] = randomUnit(64);
			this.index.put(new StoredVector(scope, "e" + i, vectors[i], FAR_FUTURE));
		}
		this.index.refresh();
		int agreed = 0;
		int queries = 100;
		for (int q = 0; q < queries; q++) {
			float[] query = randomUnit(64);
			int best = 0;
			for (int i = 1; i < count; i++) {
				if (dot(vectors[i], query) > dot(vectors[best], query)) {
					best = i;
				}
			}
			if (this.index.nearest(scope, query, 4).get(0).entryDigest().equals("e" + best)) {
				agreed++;
			}
		}
		assertThat(agreed).as("recall@1 against exact search").isGreaterThanOrEqualTo(95);
	}

	@Test
	void aScopeSearchedBeforeSeesLaterDeletionsAndAdditions() {
		VectorScope scope = new VectorScope("acme", "support", "ctx");
		this.index.put(new StoredVector(scope, "a", unit(1, 0, 0), FAR_FUTURE));
		this.index.put(new StoredVector(scope, "b", unit(0.9f, 0.1f, 0), FAR_FUTURE));
		this.index.refresh();
		assertThat(this.index.nearest(scope, unit(1, 0, 0), 10)).extracting(Neighbour::entryDigest)
			.containsExactly("a", "b");

		this.index.remove("acme", "support", "a");
		this.index.put(new StoredVector(scope, "c", unit(0.8f, 0.2f, 0), FAR_FUTURE));
		this.index.put(new StoredVector(new VectorScope("acme", "support", "other"), "d", unit(1, 0, 0), FAR_FUTURE));
		this.index.refresh();

		assertThat(this.index.nearest(scope, unit(1, 0, 0), 10)).extracting(Neighbour::entryDigest)
			.containsExactly("b", "c");
	}

	@Test
	void compactsAFragmentedIndexIntoOneSegmentAndKeepsItsAnswers() {
		VectorScope scope = new VectorScope("acme", "big", "ctx");
		VectorScope other = new VectorScope("acme", "big", "other");
		float[][] vectors = new float[300][];
		for (int i = 0; i < vectors.length; i++) {
			vectors[i] = randomUnit(16);
			this.index.put(new StoredVector((i % 3 == 0) ? other : scope, "e" + i, vectors[i], FAR_FUTURE));
			if (i % 50 == 49) {
				this.index.refresh(); // a segment per 50 writes
			}
		}
		for (int i = 1; i < vectors.length; i += 10) {
			this.index.remove("acme", "big", "e" + i);
		}
		this.index.refresh();
		assertThat(this.index.segments()).isGreaterThan(1);
		assertThat(this.index.compactIfFragmented(vectors.length + 1)).as("too small to compact").isFalse();

		assertThat(this.index.compactions()).isZero();
		assertThat(this.index.compactIfFragmented(0)).isTrue();
		awaitSegments(1);
		awaitCompactions(1);
		assertThat(this.index.compactionNanos()).isPositive();

		assertThat(this.index.compactIfFragmented(0)).as("compact already").isFalse();
		assertThat(this.index.size()).isEqualTo(270);
		for (int i = 0; i < vectors.length; i++) {
			List<Neighbour> nearest = this.index.nearest(scope, vectors[i], 1);
			boolean served = i % 3 != 0 && i % 10 != 1;
			assertThat(nearest.get(0).entryDigest().equals("e" + i)).as("e" + i + " found").isEqualTo(served);
		}
	}

	@Test
	void startsNoCompactionWhileHeld() {
		VectorScope scope = new VectorScope("acme", "big", "ctx");
		for (int i = 0; i < 100; i++) {
			this.index.put(new StoredVector(scope, "e" + i, randomUnit(16), FAR_FUTURE));
			if (i % 20 == 19) {
				this.index.refresh();
			}
		}
		this.index.refresh();

		this.index.holdCompactions();
		assertThat(this.index.compactIfFragmented(0)).as("held").isFalse();
		this.index.releaseCompactions();

		assertThat(this.index.compactIfFragmented(0)).as("released").isTrue();
		awaitSegments(1);
	}

	@Test
	void takesVectorsWiderThanLucenesDefaultLimit() {
		VectorScope scope = new VectorScope("acme", "wide", "ctx");
		float[] vector = randomUnit(1536);
		this.index.put(new StoredVector(scope, "wide", vector, FAR_FUTURE));
		this.index.refresh();
		assertThat(this.index.nearest(scope, vector, 1).get(0).similarity()).isCloseTo(1.0, within(1e-5));
	}

	private void awaitCompactions(long compactions) {
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(POLL)
			.untilAsserted(() -> assertThat(this.index.compactions()).isEqualTo(compactions));
	}

	private void awaitSegments(int segments) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).untilAsserted(() -> {
			this.index.refresh();
			assertThat(this.index.segments()).isEqualTo(segments);
		});
	}

	private float[] randomUnit(int dimensions) {
		float[] vector = new float[dimensions];
		for (int i = 0; i < dimensions; i++) {
			vector[i] = (float) this.random.nextGaussian();
		}
		return normalize(vector);
	}

	private static float[] unit(float... values) {
		return normalize(values);
	}

	private static float[] normalize(float[] vector) {
		double norm = Math.sqrt(dot(vector, vector));
		float[] unit = new float[vector.length];
		for (int i = 0; i < vector.length; i++) {
			unit[i] = (float) (vector[i] / norm);
		}
		return unit;
	}

	private static double dot(float[] left, float[] right) {
		double sum = 0;
		for (int i = 0; i < left.length; i++) {
			sum += left[i] * right[i];
		}
		return sum;
	}

}
