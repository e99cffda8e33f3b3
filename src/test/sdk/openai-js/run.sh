#!/usr/bin/env bash
# Runs the official OpenAI JavaScript SDK (check.mjs) against the proxy: a real Redis, the
# tests' fake upstream and the service, started and stopped as bench/lib.sh does.
# Needs node and npm. Usage: src/test/sdk/openai-js/run.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
source "$HERE/../../../../bench/lib.sh"
command -v npm >/dev/null || fail "npm is not installed"
java="${JDKS[0]}/bin/java"

(cd "$HERE" && npm install --no-audit --no-fund --silent) || fail "npm install failed"
build io/llmcache/proxy/FakeOpenAi.class
new_api_key
start_redis "$java" "$LOGS/sdk-redis.log"
fake_log="$LOGS/sdk-fake.log"
: >"$fake_log"
"$java" -Xmx256m -cp "$TEST_CP" io.llmcache.proxy.FakeOpenAi >>"$fake_log" 2>&1 &
PIDS+=("$!")
FAKE_URL=""
deadline=$((SECONDS + STARTUP_TIMEOUT))
while [[ -z "$FAKE_URL" ]]; do
	((SECONDS < deadline)) || fail "the fake upstream did not start (log: $fake_log)"
	FAKE_URL="$(grep -oE '^FAKE_OPENAI_URL=.+' "$fake_log" | cut -d= -f2 || true)"
	[[ -n "$FAKE_URL" ]] || sleep 0.3
done
start_service "$java" "service" "$LOGS/sdk-service.log" "$LOGS/sdk-gc-service.log" \
	"--llmcache.proxy.upstream.base-url=$FAKE_URL"
LLMCACHE_URL="$SERVICE" LLMCACHE_KEY="$API_KEY" node "$HERE/check.mjs"
