#!/usr/bin/env bash
# llm-cache semantic benchmark: semantic lookup latency with 10,000 and 100,000 entries in
# one partition beside the embedding alone and the index search alone (same run), the
# index's recall@1 against exact search, JVM heap per indexed entry, and the service's
# start-up time with 100,000 entries in Redis. See bench/README.md.
# Usage: bench/semantic.sh   (settings: BENCH_SEMANTIC_*)
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # build, start_redis, launch_service, cleanup, BENCH_JDKS, ...

export BENCH_SEMANTIC_SIZES="${BENCH_SEMANTIC_SIZES:-10000 100000}"        # entries in the partition, ascending
export BENCH_SEMANTIC_ITERATIONS="${BENCH_SEMANTIC_ITERATIONS:-1000}"      # calls measured per scenario and size
export BENCH_SEMANTIC_RECALL_QUERIES="${BENCH_SEMANTIC_RECALL_QUERIES:-2000}" # queries of the recall check
export BENCH_SEMANTIC_EVAL_DIR="${BENCH_SEMANTIC_EVAL_DIR:-$ROOT/../shared/eval}" # the texts
export BENCH_SEMANTIC_STARTUP_TIMEOUT="${BENCH_SEMANTIC_STARTUP_TIMEOUT:-300}" # seconds a start is watched
DRIVER_OPTS="${BENCH_SEMANTIC_DRIVER_OPTS:--Xms3g -Xmx3g}"                  # JVM flags of the driver
JDK_HOME="${JDKS[0]}"
NAMESPACE_POLICY='--llmcache.policy.namespaces.semantic.match-types=exact,normalized,semantic'

[[ -x "$JDK_HOME/bin/java" ]] || fail "no java in $JDK_HOME"
[[ -f "$BENCH_SEMANTIC_EVAL_DIR/qqp-dev.jsonl" ]] || fail "no evaluation data in $BENCH_SEMANTIC_EVAL_DIR"
java="$JDK_HOME/bin/java"
version="$(jdk_version "$JDK_HOME")"

build bench/SemanticBenchmark.class # sets TEST_CP
with_main_classes # the driver runs the service's classes in process
start_redis "$java" "$LOGS/semantic-redis.log"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

# 1. Fill and measure in process (the driver's own application context).
TABLES="$WORK/semantic-tables.md"
export BENCH_SEMANTIC_PROBES="$WORK/semantic-probes.jsonl"
rm -f "$BENCH_SEMANTIC_PROBES"
log "filling up to ${BENCH_SEMANTIC_SIZES##* } entries and measuring (driver log: $LOGS/semantic-driver.log)"
# shellcheck disable=SC2086
REDIS_HOST=127.0.0.1 REDIS_PORT="$REDIS_PORT" "$java" $DRIVER_OPTS -cp "$TEST_CP" bench.SemanticBenchmark \
	>"$TABLES" 2> >(tee "$LOGS/semantic-driver.log" >&2) || fail "the driver failed (log: $LOGS/semantic-driver.log)"
[[ -s "$BENCH_SEMANTIC_PROBES" ]] || fail "the driver wrote no probes"
REDIS_MEMORY="$(redis_cmd 'INFO memory' | tr -d '\r' | grep -oE '^used_memory_human:[^ ]+' | cut -d: -f2 || true)"

# 2. Start-up: the service jar against an empty Redis database (the baseline), then
# against the one the driver filled; the driver watches each start.
new_api_key
STARTUP_ROWS="$WORK/semantic-startup.md"
: >"$STARTUP_ROWS"
startup() { # label redis-database probes
	local label="$1" database="$2" probes="$3" logfile="$LOGS/semantic-service-$2.log" go="$WORK/semantic-go-$2"
	local watchlog="$LOGS/semantic-startup-$2.log" watcher i launched
	rm -f "$go"
	: >"$watchlog"
	# The watcher starts first and waits for the launch time in $go, so that its own JVM
	# start does not compete with the service's for the CPUs.
	API_KEY="$API_KEY" BENCH_STARTUP_TIMEOUT="$BENCH_SEMANTIC_STARTUP_TIMEOUT" "$java" -Xmx256m -cp "$TEST_CP" bench.SemanticBenchmark startup "$label" "$logfile" "$go" \
		"$probes" >>"$STARTUP_ROWS" 2>>"$watchlog" &
	watcher=$!
	PIDS+=("$watcher")
	for ((i = 0; i < 300; i++)); do
		grep -q 'waiting for the service' "$watchlog" && break
		kill -0 "$watcher" 2>/dev/null || break
		sleep 0.1
	done
	sleep 1
	launched="$(date +%s%3N)"
	launch_service "$java" "service" "$logfile" "$LOGS/semantic-gc-service-$2.log" \
		--spring.data.redis.database="$database" "$NAMESPACE_POLICY"
	echo "$launched" >"$go"
	wait "$watcher" || {
		tail -n 40 "$watchlog" "$logfile" >&2
		fail "start-up of the service ($label) not measured (logs: $logfile, $watchlog)"
	}
	forget_pid "$watcher"
	stop_pid "$SERVICE_PID"
	forget_pid "$SERVICE_PID"
}
log "starting the service against an empty Redis database, then against ${BENCH_SEMANTIC_SIZES##* } entries"
startup "baseline: empty Redis database" 1 -
LARGEST="$(sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"${BENCH_SEMANTIC_SIZES##* }")" # with thousands separators
startup "$LARGEST entries in Redis" 0 "$BENCH_SEMANTIC_PROBES"
# The service's heap after its last GC, with the index rebuilt (the GC log's "before->after(size)").
HEAP_AFTER_GC="$(grep -oE 'Pause (Young|Full).* [0-9]+M->[0-9]+M\([0-9]+M\)' "$LOGS/semantic-gc-service-0.log" | tail -n 1 |
	grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' || true)"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

report() {
	echo "# llm-cache semantic benchmark"
	echo
	echo "- Run: $(date -u '+%Y-%m-%d %H:%M UTC') on $(machine); load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER."
	echo "- Driver: \`bench.SemanticBenchmark\` on JDK $version, \`$DRIVER_OPTS\`, the service's own application context" \
		"in process (no HTTP); Redis $REDIS_VERSION (embedded-redis binary) on 127.0.0.1, \`used_memory\` $REDIS_MEMORY at the end of the fill."
	echo "- Partition \`bench/semantic\`, policy \`matchTypes: exact, normalized, semantic\`, every other setting the service's default."
	echo "- Each time is one call, measured alone (closed loop, one thread), scenarios interleaved in 10 rounds."
	echo
	cat "$TABLES"
	echo
	echo "### Start-up"
	echo
	echo "The service jar (\`java $JVM_OPTS -jar\`, JDK $version), launched by the script; seconds from launch." \
		"*Ready*: \`/actuator/health/readiness\` answers 200 (polled every 10 ms). *Semantic hits*: 20 stored" \
		"prompts spread over the fill, looked up with \`matchTypes: [semantic]\` over HTTP from readiness on until each" \
		"hits (the first lookup that finds vectors also loads the embedding model)."
	echo
	echo "| Redis holds | vectors indexed | port logged, s | ready, s | first semantic hit, s | all 20 hit, s | Spring's start-up (logged) | index rebuild (logged) | rebuilds failed (logged) | model load (logged) |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	cat "$STARTUP_ROWS"
	echo
	echo "- The service's heap at its last GC before it was stopped (with $LARGEST entries, before->after(heap size)): ${HEAP_AFTER_GC:-not logged}."
}
report | tee "$RESULTS/semantic.md"
log "report written to $RESULTS/semantic.md"
