#!/usr/bin/env bash
# llm-cache proxy benchmark: the OpenAI-compatible proxy's hit beside a direct call to the
# same fake upstream and beside a /v1/cache/lookup, the latency a miss adds, and the time
# to first byte of live and replayed streams, all in one run. See bench/README.md.
# Usage: bench/proxy.sh   (settings: BENCH_PROXY_*)
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # build, start_redis, start_service, cleanup, BENCH_JDKS, ...

export BENCH_PROXY_REQUESTS="${BENCH_PROXY_REQUESTS:-2000}" # latency samples per scenario (TTFB: a quarter)
export BENCH_PROXY_THREADS="${BENCH_PROXY_THREADS:-8}"      # closed-loop workers for throughput
export BENCH_PROXY_SECONDS="${BENCH_PROXY_SECONDS:-10}"     # throughput run per scenario
DRIVER_OPTS="${BENCH_PROXY_DRIVER_OPTS:--Xms256m -Xmx512m}" # JVM flags of the driver and the fake upstream
JDK_HOME="${JDKS[0]}"                                       # the first of BENCH_JDKS (JDK 17 by default)

command -v curl >/dev/null || fail "curl is not installed"
[[ -x "$JDK_HOME/bin/java" ]] || fail "no java in $JDK_HOME"
java="$JDK_HOME/bin/java"
version="$(jdk_version "$JDK_HOME")"

build bench/ProxyBenchmark.class # sets TEST_CP
new_api_key
start_redis "$java" "$LOGS/proxy-redis.log"

# The fake OpenAI upstream of the tests, in a JVM of its own, answering at once
fake_log="$LOGS/proxy-fake.log"
: >"$fake_log"
# shellcheck disable=SC2086
"$java" $DRIVER_OPTS -cp "$TEST_CP" io.llmcache.proxy.FakeOpenAi >>"$fake_log" 2>&1 &
PIDS+=("$!")
FAKE_URL=""
deadline=$((SECONDS + STARTUP_TIMEOUT))
while [[ -z "$FAKE_URL" ]]; do
	((SECONDS < deadline)) || fail "the fake upstream did not start (log: $fake_log)"
	FAKE_URL="$(grep -oE '^FAKE_OPENAI_URL=.+' "$fake_log" | cut -d= -f2 || true)"
	[[ -n "$FAKE_URL" ]] || sleep 0.3
done
log "fake upstream is up at $FAKE_URL"

start_service "$java" "service" "$LOGS/proxy-service.log" "$LOGS/proxy-gc-service.log" \
	"--llmcache.proxy.upstream.base-url=$FAKE_URL"

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
TABLE="$WORK/proxy-table.md"
status=0
# shellcheck disable=SC2086
LLMCACHE_URL="$SERVICE" LLMCACHE_KEY="$API_KEY" FAKE_OPENAI_URL="$FAKE_URL" \
	"$java" $DRIVER_OPTS -cp "$TEST_CP" bench.ProxyBenchmark >"$TABLE" \
	2> >(tee "$LOGS/proxy-driver.log" >&2) || status=$?
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

report() {
	echo "# llm-cache proxy benchmark"
	echo
	echo "- Run: $(date -u '+%Y-%m-%d %H:%M UTC') on $(machine)"
	echo "- The driver (\`bench.ProxyBenchmark\`, java.net.http, HTTP/1.1 keep-alive), the fake upstream" \
		"(\`io.llmcache.proxy.FakeOpenAi\`, answering at once), the service and Redis share this machine; all traffic is on 127.0.0.1."
	echo "- Load average (1, 5, 15 min) after the build: $LOAD_BEFORE; at the end: $LOAD_AFTER."
	echo "- Service: JDK $version ($JDK_HOME), \`$JVM_OPTS\`, default proxy settings; Redis $REDIS_VERSION (embedded-redis binary)."
	echo
	cat "$TABLE"
}
report | tee "$RESULTS/proxy.md"
log "table written to $RESULTS/proxy.md"
((status == 0)) || fail "some answers were not what their scenario expects (driver log: $LOGS/proxy-driver.log)"
