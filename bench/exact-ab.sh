#!/usr/bin/env bash
# llm-cache exact-hit A/B: the exact hit of this checkout, with the near-cache on and off,
# against the build of an earlier commit, each in a JVM of its own that is warmed on exact
# hits only, alternating, on JDK 17 and 25. See bench/README.md#before-and-after-issue-20.
# Usage: bench/exact-ab.sh [baseline-commit]   (default: 437f274, the commit before the
# near-cache; settings: BENCH_* below)
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # build, start_redis, start_service, cleanup, ...

BASELINE="${1:-437f274}"
ROUNDS="${BENCH_ROUNDS:-2}"        # starts of each build per JDK, alternating
WARMUP="${BENCH_WARMUP:-20s}"      # exact hits before the measured run, per start
DURATION="${BENCH_DURATION:-10s}"  # the measured run
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"

require_wrk
build bench/BenchmarkRedis.class # sets TEST_CP

# The baseline, built from a worktree of its commit (removed again at the end).
BASELINE_SRC="$WORK/baseline-src"
BASELINE_JAR="$WORK/baseline.jar"
log "building the baseline $BASELINE"
git -C "$ROOT" worktree remove --force "$BASELINE_SRC" 2>/dev/null || rm -rf "$BASELINE_SRC"
git -C "$ROOT" worktree add --detach "$BASELINE_SRC" "$BASELINE" >"$LOGS/baseline-build.log" 2>&1 ||
	fail "no commit $BASELINE (log: $LOGS/baseline-build.log)"
(cd "$BASELINE_SRC" && ./mvnw -q -B -DskipTests -Dspring-javaformat.skip=true package) >>"$LOGS/baseline-build.log" 2>&1 ||
	fail "the baseline does not build (log: $LOGS/baseline-build.log)"
cp "$(ls "$BASELINE_SRC"/target/llm-cache-*.jar | grep -v '\.original$' | head -n 1)" "$BASELINE_JAR"
baseline_label="$(git -C "$ROOT" rev-parse --short "$BASELINE")"
git -C "$ROOT" worktree remove --force "$BASELINE_SRC"

new_api_key
start_redis "${JDKS[0]}/bin/java" "$LOGS/redis.log"

BODIES="$WORK/ab-bodies"
mkdir -p "$BODIES"
text="$(text_of_size 1024)"
chat_body "A/B prompt" "$text" >"$BODIES/seed.json"
chat_body "A/B prompt" >"$BODIES/exact.json"

ROWS="$WORK/exact-ab-rows.md"
: >"$ROWS"
run_wrk() { # duration output
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" --timeout 5s --latency -s "$BENCH_DIR/post.lua" \
		"$SERVICE/v1/cache/lookup" -- "$BODIES/exact.json" "$API_KEY" >"$2" 2>&1 || fail "wrk failed: $(tail -n 5 "$2")"
}

for jdk_home in "${JDKS[@]}"; do
	jdk="$(jdk_version "$jdk_home")"
	jdk="${jdk%%[.+-]*}"
	for ((round = 1; round <= ROUNDS; round++)); do
		for build_name in "baseline $baseline_label" "near-cache off" "near-cache on"; do
			extra=() SERVICE_JAR="$WORK/llm-cache.jar"
			[[ "$build_name" == baseline* ]] && SERVICE_JAR="$BASELINE_JAR"
			[[ "$build_name" == "near-cache off" ]] && extra=(--llmcache.near-cache.enabled=false)
			start_service "$jdk_home/bin/java" "$build_name (JDK $jdk)" "$LOGS/ab.log" "$LOGS/gc-ab.log" ${extra[@]+"${extra[@]}"}
			# Each build stores the entry in its own layout, then looks it up.
			code="$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
				-H "Authorization: Bearer $API_KEY" --data-binary "@$BODIES/seed.json" "$SERVICE/v1/cache/entries")"
			[[ "$code" == 201 ]] || fail "$build_name: the seed store answered $code"
			curl -fsS --max-time 10 -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $API_KEY" \
				--data-binary "@$BODIES/exact.json" "$SERVICE/v1/cache/lookup" | grep -qF '"matchType":"exact"' ||
				fail "$build_name: the lookup is not an exact hit"
			log "JDK $jdk, round $round, $build_name: warming up for $WARMUP, measuring for $DURATION"
			run_wrk "$WARMUP" "$WORK/ab-warmup.txt"
			run_wrk "$DURATION" "$WORK/ab-run.txt"
			read_wrk_result "$WORK/ab-run.txt"
			declare -n r=WRK_RESULT
			errors=$((r[status_errors] + r[connect_errors] + r[read_errors] + r[write_errors] + r[timeouts]))
			awk -v jdk="$jdk" -v round="$round" -v b="$build_name" -v n="${r[requests]}" -v d="${r[duration_us]}" \
				-v p50="${r[p50_us]}" -v p99="${r[p99_us]}" -v e="$errors" 'BEGIN {
				printf "| %s | %s | %s | %.0f | %.2f | %.2f | %s |\n", jdk, round, b, n * 1e6 / d, p50 / 1000, p99 / 1000,
					(e == 0) ? "ok" : e " errors" }' >>"$ROWS"
			stop_pid "$SERVICE_PID"
			forget_pid "$SERVICE_PID"
		done
	done
done

report() {
	echo "# llm-cache exact-hit A/B"
	echo
	echo "- Run: $(date -u '+%Y-%m-%d %H:%M UTC') on $(machine); this checkout at $(git -C "$ROOT" rev-parse --short HEAD)," \
		"the baseline at $baseline_label."
	echo "- Each start: a JVM of its own (\`$JVM_OPTS\`) stores one entry with a 1 KB response, then serves exact hits" \
		"of it: wrk $THREADS threads, $CONNECTIONS connections, $WARMUP unmeasured, then $DURATION measured."
	echo "- Redis $REDIS_VERSION (embedded-redis binary) on 127.0.0.1; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
	echo
	echo "| JDK | round | build | req/s | p50 ms | p99 ms | check |"
	echo "|---|---|---|---:|---:|---:|---|"
	cat "$ROWS"
}
report | tee "$RESULTS/exact-ab.md"
log "table written to $RESULTS/exact-ab.md"
