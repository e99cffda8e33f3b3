#!/usr/bin/env bash
# Redis bytes per entry alone (bench.EntryBytes, also part of bench/run.sh): one Redis, one
# service, 200 exact and 200 semantic entries of a 1,000-byte response, MEMORY USAGE of
# every key, and the bytes of each field of one semantic entry. About a minute.
# Usage: bench/entry-bytes.sh [entries] [response-bytes]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # build, start_redis, start_service, cleanup

ENTRIES="${1:-200}"
RESPONSE_BYTES="${2:-1000}"
java="${JDKS[0]}/bin/java"

build bench/EntryBytes.class # sets TEST_CP
new_api_key
start_redis "$java" "$LOGS/redis.log"
start_service "$java" "service" "$LOGS/service-entry-bytes.log" "$LOGS/gc-service-entry-bytes.log"
"$java" -cp "$TEST_CP" bench.EntryBytes "$REDIS_PORT" "$SERVICE" "$API_KEY" "$ENTRIES" "$RESPONSE_BYTES" \
	2>"$LOGS/entry-bytes.log" | grep -v DEBUG | tee "$RESULTS/entry-bytes.md" ||
	fail "measuring bytes per entry failed (log: $LOGS/entry-bytes.log)"
