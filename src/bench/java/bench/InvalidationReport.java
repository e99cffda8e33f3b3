package bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import bench.InvalidationBenchmark.Settings;
import bench.InvalidationBenchmark.Trial;

import static bench.InvalidationBenchmark.each;
import static bench.InvalidationBenchmark.max;
import static bench.InvalidationBenchmark.median;
import static bench.InvalidationBenchmark.percentile;

/**
 * The Markdown tables of {@link InvalidationBenchmark}: a summary per size beside the
 * baselines, the baselines on their own, and every trial.
 */
final class InvalidationReport {

	private final Settings settings;

	private final Map<Integer, List<Trial>> bySize = new LinkedHashMap<>();

	private final List<Trial> trials;

	InvalidationReport(Settings settings, List<Trial> trials) {
		this.settings = settings;
		this.trials = trials;
		trials.forEach((trial) -> this.bySize.computeIfAbsent(trial.size(), (size) -> new ArrayList<>()).add(trial));
	}

	String markdown() {
		StringBuilder out = new StringBuilder();
		summary(out);
		baselines(out);
		details(out);
		notes(out);
		return out.toString();
	}

	private void summary(StringBuilder out) {
		out.append("| entries with the tag | trials | fill, entries/s | invalidate p50 ms | invalidate max ms "
				+ "| dry run p50 ms | dry run max ms | reclaimed after, p50 s | reclaimed after, max s "
				+ "| used_memory MiB: before fill → after fill → after reclaim | baseline: policy GET p50 ms "
				+ "| baseline: dry run of 10, p50 ms | baseline: invalidate 10, p50 ms | check |\n");
		out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|\n");
		this.bySize.forEach((size, trials) -> {
			double[] invalidate = each(trials, Trial::invalidateMillis);
			double[] dryRun = each(trials, Trial::dryRunMillis);
			double[] reclaimed = each(trials, (trial) -> trial.reclaim().seconds());
			double[] policy = trials.stream().flatMapToDouble((trial) -> Arrays.stream(trial.policyMillis())).toArray();
			out.append(String.format(Locale.ROOT,
					"| %,d | %d | %,.0f | %s | %s | %s | %s | %s | %s | %.2f → %.2f → %.2f | %s | %s | %s | %s |\n",
					size, trials.size(), median(each(trials, Trial::fillRate)), millis(median(invalidate)),
					millis(max(invalidate)), millis(median(dryRun)), millis(max(dryRun)), seconds(median(reclaimed)),
					seconds(max(reclaimed)), median(each(trials, (trial) -> trial.before().mib())),
					median(each(trials, (trial) -> trial.afterFill().mib())),
					median(each(trials, (trial) -> trial.afterReclaim().mib())), millis(median(policy)),
					millis(median(each(trials, Trial::smallDryRunMillis))),
					millis(median(each(trials, Trial::smallMillis))), check(trials)));
		});
		out.append('\n');
	}

	private void baselines(StringBuilder out) {
		double[] policy = this.trials.stream()
			.flatMapToDouble((trial) -> Arrays.stream(trial.policyMillis()))
			.toArray();
		double[] smallDryRun = each(this.trials, Trial::smallDryRunMillis);
		double[] small = each(this.trials, Trial::smallMillis);
		double[] smallReclaim = each(this.trials, Trial::smallReclaimSeconds);
		out.append("Baselines, measured in every trial after its fill and just before its dry run and invalidation, "
				+ "in the same namespace:\n\n");
		out.append("| baseline | samples | p50 | p90 | max |\n|---|---:|---:|---:|---:|\n");
		out.append(String.format(Locale.ROOT, "| `GET /v1/admin/namespaces/%s/policy`, ms | %d | %s | %s | %s |\n",
				this.settings.namespace(), policy.length, millis(median(policy)), millis(percentile(policy, 90)),
				millis(max(policy))));
		out.append(String.format(Locale.ROOT,
				"| `POST /v1/admin/invalidations` with `dryRun`, a fresh tag with 10 entries, ms | %d | %s | %s | %s |\n",
				smallDryRun.length, millis(median(smallDryRun)), millis(percentile(smallDryRun, 90)),
				millis(max(smallDryRun))));
		out.append(
				String.format(Locale.ROOT, "| `POST /v1/admin/invalidations` of that tag, ms | %d | %s | %s | %s |\n",
						small.length, millis(median(small)), millis(percentile(small, 90)), millis(max(small))));
		out.append(String.format(Locale.ROOT, "| reclaim of those 10 entries, s | %d | %s | %s | %s |\n\n",
				smallReclaim.length, seconds(median(smallReclaim)), seconds(percentile(smallReclaim, 90)),
				seconds(max(smallReclaim))));
	}

	private void details(StringBuilder out) {
		out.append("Every trial:\n\n");
		out.append("| entries | trial | fill, entries/s | policy GET p50 ms | invalidate 10 ms | dry run ms "
				+ "| invalidate ms | matched | rules in force before | sweep began after s | reclaimed after s "
				+ "| deleted/s | used_memory MiB: before → after fill → after reclaim | bytes per entry "
				+ "| Redis keys: before → after fill → after reclaim | swept counter Δ | check |\n");
		out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---:|---|\n");
		for (Trial trial : this.trials) {
			double sweeping = trial.reclaim().seconds() - trial.reclaim().sweepStartSeconds();
			out.append(String.format(Locale.ROOT,
					"| %,d | %d | %,.0f | %s | %s | %s | %s | %,d%s | %d | %s | %s | %s | %.2f → %.2f → %.2f | %,.0f "
							+ "| %,d → %,d → %,d | %,.0f | %s |\n",
					trial.size(), trial.trial(), trial.fillRate(), millis(median(trial.policyMillis())),
					millis(trial.smallMillis()), millis(trial.dryRunMillis()), millis(trial.invalidateMillis()),
					trial.matched(), trial.estimated() ? " (estimated)" : "", trial.rules(),
					seconds(trial.reclaim().sweepStartSeconds()), seconds(trial.reclaim().seconds()),
					(sweeping > 0) ? String.format(Locale.ROOT, "%,.0f", trial.size() / sweeping) : "–",
					trial.before().mib(), trial.afterFill().mib(), trial.afterReclaim().mib(),
					(trial.afterFill().usedBytes() - trial.before().usedBytes())
							/ (double) (trial.size() + trial.kept()),
					trial.before().keys(), trial.afterFill().keys(), trial.afterReclaim().keys(), trial.swept(),
					trial.problems().isEmpty() ? "ok" : String.join("; ", trial.problems())));
		}
		out.append('\n');
	}

	private void notes(StringBuilder out) {
		int most = this.bySize.values().stream().mapToInt(List::size).max().orElse(0);
		this.bySize.forEach((size, trials) -> {
			if (trials.size() < most) {
				out.append(String.format(Locale.ROOT,
						"- %,d entries: %d trial%s only (the others have up to %d), to keep the run short; its "
								+ "p50 and max are of %d value%s.\n",
						size, trials.size(), (trials.size() == 1) ? "" : "s", most, trials.size(),
						(trials.size() == 1) ? "" : "s"));
			}
		});
		if (this.trials.stream().anyMatch(Trial::estimated)) {
			out.append("- `matched (estimated)`: the service answered `matchedEstimated: true`.\n");
		}
		out.append("- Each trial: a fresh tag with N entries, interleaved with N/10 entries of another tag that must "
				+ "survive, stored through `POST /v1/cache/entries` with " + this.settings.concurrency()
				+ " requests in flight (a completion prompt of about 80 bytes, a response of about 200). "
				+ "Latencies are client-side, one request at a time, on 127.0.0.1.\n");
		out.append("- *Reclaimed after*: from the invalidation's answer until the tag's index is gone and no entry key "
				+ "of its former members is left (polled every 10 ms); *sweep began after*: until the index first "
				+ "shrank. *deleted/s*: entries over the time between the two. The sweeper runs every "
				+ "`llmcache.invalidation.sweep-interval` after its last round ended.\n");
		out.append(
				"- *bytes per entry*: what the fill added to `used_memory`, over the entries stored (the entry hash, "
						+ "its normalized pointer, its members in the namespace, model and tag indexes). After each reclaim "
						+ "the driver also checks the whole namespace: as many entries as normalized pointers, and each index "
						+ "holding every entry once.\n");
		out.append("- *After reclaim* still holds the N/10 surviving entries of each trial (the memory before the "
				+ "next fill grows by them), the rules (kept for the longest TTL) and the audit records.\n");
	}

	private static String check(List<Trial> trials) {
		long bad = trials.stream().filter((trial) -> !trial.problems().isEmpty()).count();
		return (bad == 0) ? "ok" : bad + " of " + trials.size() + " trials: see below";
	}

	private static String millis(double value) {
		if (Double.isNaN(value)) {
			return "–";
		}
		return String.format(Locale.ROOT, (value < 10) ? "%.2f" : (value < 100) ? "%.1f" : "%,.0f", value);
	}

	private static String seconds(double value) {
		return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
	}

}
