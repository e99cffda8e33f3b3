#!/usr/bin/env bash
# llm-cache invalidation benchmark: what invalidating a tag of 10, 10,000 and 100,000
# entries costs, and how long until the sweeper has reclaimed them, beside baselines from
# the same run. See bench/README.md. Usage: bench/invalidation.sh   (settings: BENCH_INV_*)
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # build, start_redis, start_service, cleanup, BENCH_JDKS, ...

# Read by the driver (bench.InvalidationBenchmark) from the environment; defaults here
# only for the report's header.
export BENCH_INV_SIZES="${BENCH_INV_SIZES:-10 10000 100000}" # entries per invalidated tag
export BENCH_INV_TRIALS="${BENCH_INV_TRIALS:-5 3 2}"         # trials per size (one number for all, or one per size)
export BENCH_INV_CONCURRENCY="${BENCH_INV_CONCURRENCY:-32}"  # stores in flight while filling
SERVICE_ARGS="${BENCH_INV_SERVICE_ARGS:-}"                   # more --property=value for the service
DRIVER_OPTS="${BENCH_INV_DRIVER_OPTS:--Xms256m -Xmx512m}"    # JVM flags of the driver
JDK_HOME="${JDKS[0]}"                                        # the first of BENCH_JDKS (JDK 17 by default)

command -v curl >/dev/null || fail "curl is not installed"
[[ -x "$JDK_HOME/bin/java" ]] || fail "no java in $JDK_HOME"
java="$JDK_HOME/bin/java"
version="$(jdk_version "$JDK_HOME")"
jdk="${version%%[.+-]*}"

build bench/InvalidationBenchmark.class # sets TEST_CP
with_main_classes # the driver uses the service's key layout (TenantNamespace)
new_api_key
start_redis "$java" "$LOGS/invalidation-redis.log"
log "JDK $version: starting the service ($JVM_OPTS${SERVICE_ARGS:+ $SERVICE_ARGS})"
# The sweeper logs each rule it has swept at debug level: when and how many.
# shellcheck disable=SC2086
start_service "$java" "service (JDK $jdk)" "$LOGS/invalidation-service.log" "$LOGS/invalidation-gc-service.log" \
	--logging.level.io.llmcache.cache.InvalidationSweeper=debug $SERVICE_ARGS

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
TABLES="$WORK/invalidation-tables.md"
log "measuring: sizes $BENCH_INV_SIZES, trials $BENCH_INV_TRIALS (driver log: $LOGS/invalidation-driver.log)"
status=0
# shellcheck disable=SC2086
LLMCACHE_URL="$SERVICE" LLMCACHE_KEY="$API_KEY" BENCH_INV_TENANT=bench REDIS_HOST=127.0.0.1 REDIS_PORT="$REDIS_PORT" \
	"$java" $DRIVER_OPTS -cp "$TEST_CP" bench.InvalidationBenchmark >"$TABLES" \
	2> >(tee "$LOGS/invalidation-driver.log" >&2) || status=$?
((status != 1)) || fail "a check of the service's behaviour failed (see above; service log: $LOGS/invalidation-service.log)"
((status == 0 || status == 2)) || fail "the driver failed with status $status (log: $LOGS/invalidation-driver.log)"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

redis_policy="$(redis_cmd 'CONFIG GET maxmemory-policy' | tr -d '\r' | sed -n 5p)"
report() {
	echo "# llm-cache invalidation benchmark"
	echo
	echo "- Run: $(date -u '+%Y-%m-%d %H:%M UTC') on $(machine)"
	echo "- The driver (\`bench.InvalidationBenchmark\`, a JVM with \`$DRIVER_OPTS\`), the service and Redis share this" \
		"machine; all traffic is on 127.0.0.1. Stores while filling: ${BENCH_INV_CONCURRENCY} in flight; every other" \
		"call is sent alone."
	echo "- Load average (1, 5, 15 min) after the build: $LOAD_BEFORE; at the end: $LOAD_AFTER."
	echo "- Service: JDK $jdk: $("$java" -version 2>&1 | sed -n 2p) ($JDK_HOME), \`$JVM_OPTS\`;" \
		"invalidation settings: ${SERVICE_ARGS:-the defaults (sweep every 1 s, 500 entries per batch, exact count up to 1,000)}."
	echo "- Redis $REDIS_VERSION (embedded-redis binary), \`maxmemory-policy ${redis_policy:-?}\`, no persistence."
	echo "- Sizes: $BENCH_INV_SIZES entries per tag; trials: $BENCH_INV_TRIALS."
	echo
	cat "$TABLES"
	echo
	echo "Driver log: bench/.work/logs/invalidation-driver.log; service log (the sweeper's rounds at debug level):" \
		"bench/.work/logs/invalidation-service.log."
}
report | tee "$RESULTS/invalidation.md"
log "table written to $RESULTS/invalidation.md"
((status == 0)) || fail "some counts or reclaims were not as expected: see the check column"
