#!/usr/bin/env bash
# llm-cache prefix benchmark: the in-process cost of a prefix lookup of an 8,000-token
# request seen before, with 1,000,000 blocks in the index, beside baselines from the same
# run (one Redis GET, one SHA-256 of the request text), and memory per block in Redis and
# in the JVM. See bench/README.md. Usage: bench/prefix.sh   (settings: BENCH_PREFIX_*)
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # build, start_redis, cleanup, BENCH_JDKS, ...

export BENCH_PREFIX_BLOCKS="${BENCH_PREFIX_BLOCKS:-1000000}"   # blocks indexed before measuring
export BENCH_PREFIX_ITERATIONS="${BENCH_PREFIX_ITERATIONS:-20000}" # lookups measured per scenario
DRIVER_OPTS="${BENCH_PREFIX_DRIVER_OPTS:--Xms2g -Xmx2g}"          # JVM flags of the driver
JDK_HOME="${JDKS[0]}"

[[ -x "$JDK_HOME/bin/java" ]] || fail "no java in $JDK_HOME"
java="$JDK_HOME/bin/java"
version="$(jdk_version "$JDK_HOME")"

build io/llmcache/prefix/PrefixBenchmark.class # sets TEST_CP
with_main_classes # the driver runs the service's classes in process
start_redis "$java" "$LOGS/prefix-redis.log"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
TABLES="$WORK/prefix-tables.md"
log "filling $BENCH_PREFIX_BLOCKS blocks and measuring (driver log: $LOGS/prefix-driver.log)"
# shellcheck disable=SC2086
REDIS_HOST=127.0.0.1 REDIS_PORT="$REDIS_PORT" "$java" $DRIVER_OPTS -cp "$TEST_CP" io.llmcache.prefix.PrefixBenchmark \
	>"$TABLES" 2> >(tee "$LOGS/prefix-driver.log" >&2) || fail "the driver failed (log: $LOGS/prefix-driver.log)"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

report() {
	echo "# llm-cache prefix benchmark"
	echo
	echo "- Run: $(date -u '+%Y-%m-%d %H:%M UTC') on $(machine); load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER."
	echo "- Driver: \`io.llmcache.prefix.PrefixBenchmark\` on JDK $version, \`$DRIVER_OPTS\`, the service's own prefix" \
		"classes in process; Redis $REDIS_VERSION (embedded-redis binary) on 127.0.0.1."
	echo "- Each time is one lookup, measured alone (closed loop, one thread), scenarios interleaved in 10 rounds."
	echo
	cat "$TABLES"
}
report | tee "$RESULTS/prefix.md"
log "table written to $RESULTS/prefix.md"
