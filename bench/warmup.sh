#!/usr/bin/env bash
# llm-cache warm-up benchmark: how soon a new pod serves at full speed, with and without
# the JVM's AOT cache that the image makes (Dockerfile: training run, -XX:AOTCache), on
# Java 25. See bench/README.md#warm-up. Usage: bench/warmup.sh (settings: BENCH_* below)
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # build, start_redis, start_service, cleanup, ...

JAVA_HOME_25="${BENCH_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}" # the image's Java
STARTS="${BENCH_STARTS:-3}"                  # starts per mode, alternating
STEADY_WARMUP="${BENCH_STEADY_WARMUP:-20s}"  # load after the first 10 s, before the steady run
STEADY="${BENCH_STEADY:-10s}"                # the steady-state run
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
WINDOW_NS=10000000000                        # the first 10 s of serving, from the first hit

JAVA="$JAVA_HOME_25/bin/java"
[[ -x "$JAVA" ]] || fail "no Java 25 in $JAVA_HOME_25 (set BENCH_JAVA25)"
require_wrk
command -v python3 >/dev/null || fail "python3 is needed to read the Dockerfile's ENTRYPOINT"

build bench/BenchmarkRedis.class
new_api_key
start_redis "$JAVA" "$LOGS/redis.log"

# ---------------------------------------------------------------- the image layout

# As the Dockerfile makes it: the layers extracted without the launcher and copied over
# one directory, then the training run with the entry point's JVM options.
IMAGE="$WORK/image"
rm -rf "$IMAGE" "$WORK/extracted" && mkdir -p "$IMAGE"
cp "$WORK/llm-cache.jar" "$WORK/app.jar"
"$JAVA" -Djarmode=tools -jar "$WORK/app.jar" extract --layers --destination "$WORK/extracted" >"$LOGS/extract.log" 2>&1
for layer in dependencies spring-boot-loader snapshot-dependencies application; do
	cp -r "$WORK/extracted/$layer/." "$IMAGE/"
done
mapfile -t ENTRYPOINT < <(python3 -c '
import json, re, sys
text = open(sys.argv[1]).read()
print("\n".join(json.loads(re.search(r"^ENTRYPOINT (\[.*\])$", text, re.M).group(1))))' "$ROOT/Dockerfile")
[[ "${ENTRYPOINT[0]}" == java && "${ENTRYPOINT[-2]}" == -jar ]] || fail "unexpected ENTRYPOINT: ${ENTRYPOINT[*]}"
WITH_CACHE=("${ENTRYPOINT[@]:1:${#ENTRYPOINT[@]}-3}")
WITHOUT_CACHE=()
TRAINING=()
for option in "${WITH_CACHE[@]}"; do
	[[ "$option" == -XX:AOTCache=* ]] || WITHOUT_CACHE+=("$option")
	TRAINING+=("${option/#-XX:AOTCache=/-XX:AOTCacheOutput=}")
done
log "training run for the AOT cache: java ${TRAINING[*]} -Dspring.context.exit=onRefresh -jar app.jar"
training_start=$(date +%s%N)
(cd "$IMAGE" && "$JAVA" "${TRAINING[@]}" -Dspring.context.exit=onRefresh -jar app.jar) >"$LOGS/aot-training.log" 2>&1 ||
	fail "the training run failed (log: $LOGS/aot-training.log)"
TRAINING_S=$(awk -v ns=$(($(date +%s%N) - training_start)) 'BEGIN { printf "%.1f", ns / 1e9 }')
CACHE_MB=$(awk -v b="$(stat -c %s "$IMAGE/app.aot")" 'BEGIN { printf "%.0f", b / 1e6 }')
log "app.aot: $CACHE_MB MB in $TRAINING_S s"

APP_ARGS=(--spring.data.redis.host=127.0.0.1 "--spring.data.redis.port=$REDIS_PORT" '--management.server.port='
	'--llmcache.api-keys[0].id=bench' "--llmcache.api-keys[0].sha256=$API_KEY_SHA256"
	'--llmcache.api-keys[0].tenant=bench' '--llmcache.api-keys[0].roles=read,write,admin')

# ---------------------------------------------------------------- one start

BODY="$WORK/warmup-lookup.json"
printf '%s' '{"namespace":"bench","model":"bench-model","messages":[{"role":"user","content":"Warm-up benchmark: what is the capital of France?"}]}' >"$BODY"
SEED="$WORK/warmup-seed.json"
printf '%s' '{"namespace":"bench","model":"bench-model","messages":[{"role":"user","content":"Warm-up benchmark: what is the capital of France?"}],"response":{"text":"Paris"},"ttlSeconds":86400}' >"$SEED"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ns() { date +%s%N; }
wrk_requests() { grep -oE '^BENCH_RESULT requests=[0-9]+' "$1" | cut -d= -f2; }
wrk_field() { grep -oE "$2=[0-9]+" "$1" | head -n 1 | cut -d= -f2; }
wrk_rps() { awk -v r="$(wrk_requests "$1")" -v us="$(wrk_field "$1" duration_us)" 'BEGIN { printf "%.0f", r / (us / 1e6) }'; }
load() { # port duration output [wrk option ...]: the seeded lookup, over and over
	local port="$1" duration="$2" out="$3"
	shift 3
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --timeout 5s "$@" -s "$BENCH_DIR/post.lua" \
		"http://127.0.0.1:$port/v1/cache/lookup" -- "$BODY" "$API_KEY" >"$out" 2>&1 || fail "wrk failed: $out"
}

# Starts the image's entry point (with or without the cache), asks for the seeded entry
# every 50 ms until the first hit (a tighter loop of curl processes would take the CPU the
# starting JVM needs), then loads it with wrk in one-second runs for 10 s, then for the
# steady state. Appends a line to $ROWS.
measure_start() { # mode round
	local mode="$1" round="$2" port log pid t0 first_ns code second total=0 last=0 raw remaining
	local -a options
	if [[ "$mode" == cache ]]; then options=("${WITH_CACHE[@]}"); else options=("${WITHOUT_CACHE[@]}"); fi
	port="$(free_port)"
	log="$LOGS/warmup-$mode-$round.log"
	t0=$(now_ns)
	(cd "$IMAGE" && exec "$JAVA" "${options[@]}" -jar app.jar "--server.port=$port" "${APP_ARGS[@]}") >"$log" 2>&1 &
	pid=$!
	PIDS+=("$pid")
	while :; do
		code="$(curl -s -o "$WORK/warmup-answer.json" -w '%{http_code}' --max-time 2 -X POST \
			-H 'Content-Type: application/json' -H "Authorization: Bearer $API_KEY" --data-binary "@$BODY" \
			"http://127.0.0.1:$port/v1/cache/lookup" 2>/dev/null || true)"
		[[ "$code" == 200 ]] && break
		kill -0 "$pid" 2>/dev/null || { tail -n 30 "$log" >&2; fail "the service exited (log: $log)"; }
		(($(now_ns) - t0 < 60 * 1000000000)) || fail "no answer within 60 s (log: $log)"
		sleep 0.05
	done
	first_ns=$(($(now_ns) - t0))
	t0=$(now_ns)
	grep -q '"hit":true' "$WORK/warmup-answer.json" || fail "the first answer is not a hit: $(cat "$WORK/warmup-answer.json")"
	second=0
	while :; do
		remaining=$((WINDOW_NS - ($(now_ns) - t0)))
		((remaining > 300000000)) || break
		raw="$RESULTS/raw/warmup-$mode-$round-$second.txt"
		load "$port" 1s "$raw"
		total=$((total + $(wrk_requests "$raw")))
		last="$(wrk_rps "$raw")"
		second=$((second + 1))
	done
	raw="$RESULTS/raw/warmup-$mode-$round-steady.txt"
	load "$port" "$STEADY_WARMUP" "$raw.warmup"
	load "$port" "$STEADY" "$raw" --latency
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$round" "$((first_ns / 1000000))" "$total" "$last" "$(wrk_rps "$raw")" \
		>>"$ROWS"
	stop_pid "$pid"
	log "$mode start $round: first hit after $((first_ns / 1000000)) ms, $total requests in the first 10 s, $last req/s in its last run"
}

# ---------------------------------------------------------------- run

mkdir -p "$RESULTS/raw"
ROWS="$WORK/warmup-rows.tsv"
: >"$ROWS"
start_service "$JAVA" seed "$LOGS/warmup-seed.log" "$LOGS/warmup-seed-gc.log"
code="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
	-H "Authorization: Bearer $API_KEY" --data-binary "@$SEED" "$SERVICE/v1/cache/entries")"
[[ "$code" == 201 ]] || fail "could not seed the entry: HTTP $code"
stop_pid "$SERVICE_PID"

for ((round = 1; round <= STARTS; round++)); do
	measure_start none "$round"
	measure_start cache "$round"
done

# ---------------------------------------------------------------- report

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column_of() { awk -F'\t' -v m="$1" -v c="$2" '$1 == m { print $c }' "$ROWS" | median; }
{
	echo "## Warm-up: a new JVM's start and its first 10 s of serving, with and without the AOT cache"
	echo
	echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`bench/warmup.sh\` on $(machine), Java $(jdk_version "$JAVA_HOME_25");"
	echo "the image's layout and JVM options (Dockerfile), Redis on loopback; wrk ${THREADS} threads,"
	echo "${CONNECTIONS} connections, one exact hit over and over. Medians of $STARTS starts of each, alternating."
	echo "Training run: $TRAINING_S s, app.aot $CACHE_MB MB."
	echo
	echo "| start | first hit after launch | req/s over the first 10 s of serving | req/s in its last 1 s run | steady req/s (after 30 s more) | first 10 s / steady | last 1 s / steady |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	for mode in none cache; do
		first="$(column_of "$mode" 3)"
		total="$(column_of "$mode" 4)"
		last="$(column_of "$mode" 5)"
		steady="$(column_of "$mode" 6)"
		label="without the AOT cache"
		[[ "$mode" == cache ]] && label="with the AOT cache (the image)"
		awk -v l="$label" -v f="$first" -v t="$total" -v la="$last" -v s="$steady" \
			'BEGIN { printf "| %s | %.2f s | %.0f | %.0f | %.0f | %.2f | %.2f |\n", l, f / 1000, t / 10, la, s, t / 10 / s, la / s }'
	done
	echo
	echo "Every start: bench/.work/warmup-rows.tsv (mode, start, first hit in ms, requests in the first 10 s,"
	echo "req/s in the last 1 s run, steady req/s); raw wrk output: bench/results/raw/warmup-*."
} | tee "$RESULTS/warmup.md"
