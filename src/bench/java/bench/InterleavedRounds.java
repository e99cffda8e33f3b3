package bench;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * How the in-process benchmarks measure: every scenario warmed up first, then each call
 * timed alone (closed loop, one thread), the scenarios interleaved in 10 rounds so that
 * drift in other load on the machine falls on all of them alike.
 */
public final class InterleavedRounds {

	private static final int ROUNDS = 10;

	private InterleavedRounds() {
	}

	/**
	 * Measures scenarios.
	 * @param scenarios the scenarios; each is called with the index of the call (warm-up
	 * calls first)
	 * @param warmup unmeasured calls per scenario
	 * @param iterations measured calls per scenario
	 * @return nanoseconds per measured call, per scenario
	 */
	public static long[][] measure(List<IntConsumer> scenarios, int warmup, int iterations) {
		for (IntConsumer scenario : scenarios) {
			for (int i = 0; i < warmup; i++) {
				scenario.accept(i);
			}
		}
		long[][] samples = new long[scenarios.size()][iterations];
		for (int round = 0; round < ROUNDS; round++) {
			for (int s = 0; s < scenarios.size(); s++) {
				for (int i = round * iterations / ROUNDS; i < (round + 1) * iterations / ROUNDS; i++) {
					long start = System.nanoTime();
					scenarios.get(s).accept(warmup + i);
					samples[s][i] = System.nanoTime() - start;
				}
			}
		}
		return samples;
	}

}
