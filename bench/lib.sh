# Shared by the bench/*.sh scripts (sourced, not run): the build, the
# processes (Redis, the service) and their cleanup. See bench/README.md.
# The sourcing script sets `set -euo pipefail` first; this file only defines variables
# and functions, and installs the EXIT trap that stops every process started through it.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
WORK="$BENCH_DIR/.work"
RESULTS="$BENCH_DIR/results"
LOGS="$WORK/logs"

JVM_OPTS="${BENCH_JVM_OPTS:--Xms1g -Xmx1g}" # the same for every application JVM
STARTUP_TIMEOUT="${BENCH_STARTUP_TIMEOUT:-60}"
SKIP_BUILD="${BENCH_SKIP_BUILD:-0}"        # 1: reuse bench/.work from the last run
if [[ -n "${BENCH_JDKS:-}" ]]; then
	read -r -a JDKS <<<"$BENCH_JDKS"          # JDK home directories, space-separated
else
	JDKS=()
	if [[ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]]; then
		JDKS+=(/usr/lib/jvm/java-17-openjdk-amd64)
	else
		JDKS+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
	fi
	if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
		JDKS+=(/usr/lib/jvm/temurin-25-jdk-amd64)
	fi
fi

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() {
	log "FAILED: $*"
	exit 1
}

# The load generator comes from Debian's packages; installed where we may.
require_wrk() {
	if ! command -v wrk >/dev/null && command -v apt-get >/dev/null && [[ $(id -u) -eq 0 ]]; then
		log "installing wrk with apt-get"
		{ apt-get install -y -qq wrk || { apt-get update -qq && apt-get install -y -qq wrk; }; } >&2
	fi
	command -v wrk >/dev/null || fail "wrk is not installed (Debian/Ubuntu: apt-get install -y wrk)"
}

# ---------------------------------------------------------------- requests and wrk

# A text of exactly n characters.
text_of_size() { # n
	awk -v n="$1" 'BEGIN {
		s = "The quick brown fox jumps over the lazy dog; Paris is the capital of France. "
		t = ""; while (length(t) < n) t = t s; printf "%s", substr(t, 1, n) }'
}

# The JSON body of a lookup of one user message in namespace bench, or of its store when
# a response text is given.
chat_body() { # content [response-text]
	if [[ $# -gt 1 ]]; then
		printf '{"namespace":"bench","model":"bench-model","messages":[{"role":"user","content":"%s"}],"response":{"text":"%s"}}' "$1" "$2"
	else
		printf '{"namespace":"bench","model":"bench-model","messages":[{"role":"user","content":"%s"}]}' "$1"
	fi
}

# Reads the BENCH_RESULT line that bench/post.lua prints at the end of a wrk run into the
# associative array WRK_RESULT (requests, duration_us, p50_us, p99_us, status_errors, ...).
read_wrk_result() { # wrk-output-file
	local line kv
	line="$(grep -E '^BENCH_RESULT ' "$1" | tail -n 1)" || fail "no BENCH_RESULT in $1"
	declare -gA WRK_RESULT=()
	for kv in ${line#BENCH_RESULT }; do
		WRK_RESULT[${kv%%=*}]="${kv#*=}"
	done
}

# ---------------------------------------------------------------- processes and cleanup

PIDS=()
REDIS_SERVER_PID=""

stop_pid() {
	local pid="$1" i
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	if kill -0 "$pid" 2>/dev/null; then
		log "process $pid did not stop in 20 s; killing it"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

cleanup() {
	local rc=$? i pid
	set +e
	trap - EXIT INT TERM
	# Stop in reverse start order: the applications first, Redis last.
	for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
		pid="${PIDS[i]}"
		if kill -0 "$pid" 2>/dev/null; then
			stop_pid "$pid"
		fi
	done
	# The Redis JVM stops its redis-server on SIGTERM; should it not have, stop it by id.
	if [[ -n "$REDIS_SERVER_PID" ]] && kill -0 "$REDIS_SERVER_PID" 2>/dev/null; then
		log "stopping redis-server $REDIS_SERVER_PID left by its JVM"
		kill -TERM "$REDIS_SERVER_PID" 2>/dev/null
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

forget_pid() {
	local pid="$1" kept=() p
	for p in "${PIDS[@]}"; do
		[[ "$p" == "$pid" ]] || kept+=("$p")
	done
	PIDS=("${kept[@]}")
}

# Waits until a started Spring Boot application logs its port and answers its health
# endpoint. Sets APP_PORT.
await_app() {
	local name="$1" pid="$2" logfile="$3" health="$4" deadline=$((SECONDS + STARTUP_TIMEOUT)) port="" last=""
	while ((SECONDS < deadline)); do
		if ! kill -0 "$pid" 2>/dev/null; then
			tail -n 40 "$logfile" >&2
			fail "$name exited during start-up (log: $logfile)"
		fi
		if [[ -z "$port" ]]; then
			port="$(grep -oE 'Tomcat started on port[s()]* [0-9]+' "$logfile" | head -n 1 | grep -oE '[0-9]+$' || true)"
		fi
		if [[ -n "$port" ]]; then
			last="$(curl -sS -w ' (HTTP %{http_code})' --max-time 2 "http://127.0.0.1:$port$health" 2>&1 || true)"
			if [[ "$last" == *"(HTTP 200)" ]]; then
				APP_PORT="$port"
				log "$name is up on 127.0.0.1:$port (pid $pid)"
				return 0
			fi
		fi
		sleep 0.5
	done
	tail -n 40 "$logfile" >&2
	fail "$name did not come up within ${STARTUP_TIMEOUT} s (port: ${port:-not logged}; last answer of $health: ${last:-none}; log: $logfile)"
}

# Sends inline commands to Redis and prints the answer.
redis_cmd() {
	timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"; printf "%s\r\nQUIT\r\n" "$2" >&3; cat <&3' _ "$REDIS_PORT" "$1"
}

jdk_version() {
	"$1/bin/java" -version 2>&1 | head -n 1 | grep -oE '"[^"]+"' | tr -d '"'
}

# One line about the machine for reports.
machine() {
	echo "$(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
}

# ---------------------------------------------------------------- build

# Builds the service jar and the test classes (which include the benchmark drivers of
# src/bench/java, compiled beside the tests), and copies them with the test classpath to
# $WORK, so that builds by others in target/ during the run cannot change what runs.
# Sets TEST_CP. With BENCH_SKIP_BUILD=1, reuses $WORK as the last run left it.
build() { # the driver class that must be there, relative to test-classes/
	local needed="$1" jar
	mkdir -p "$WORK" "$LOGS" "$RESULTS"
	if [[ "$SKIP_BUILD" != 1 ]]; then
		log "building the service jar and the test classes (./mvnw package -DskipTests)"
		(cd "$ROOT" && ./mvnw -q -B -DskipTests -Dspring-javaformat.skip=true -Dspring-javaformat.validate.skip=true package) \
			>"$LOGS/build.log" 2>&1 || {
			tail -n 40 "$LOGS/build.log" >&2
			fail "build failed (log: $LOGS/build.log)"
		}
		(cd "$ROOT" && ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$WORK/test-classpath.txt" \
			-Dmdep.includeScope=test) >>"$LOGS/build.log" 2>&1 || fail "could not resolve the test classpath (log: $LOGS/build.log)"
		jar="$(ls "$ROOT"/target/llm-cache-*.jar | grep -v '\.original$' | head -n 1)"
		[[ -f "$jar" ]] || fail "no service jar in target/"
		cp "$jar" "$WORK/llm-cache.jar"
		rm -rf "$WORK/test-classes" && cp -r "$ROOT/target/test-classes" "$WORK/test-classes"
	fi
	[[ -f "$WORK/llm-cache.jar" && -f "$WORK/test-classes/$needed" && -f "$WORK/test-classpath.txt" ]] ||
		fail "nothing built in $WORK (or without $needed); run without BENCH_SKIP_BUILD=1"
	TEST_CP="$WORK/test-classes:$(cat "$WORK/test-classpath.txt")"
}

# Adds the service's main classes to TEST_CP, for drivers that run them in process (the
# jar nests them where a plain classpath cannot see them). Call after build.
with_main_classes() {
	if [[ "$SKIP_BUILD" != 1 ]]; then
		rm -rf "$WORK/classes" && cp -r "$ROOT/target/classes" "$WORK/classes"
	fi
	[[ -d "$WORK/classes" ]] || fail "no main classes in $WORK; run without BENCH_SKIP_BUILD=1"
	TEST_CP="$TEST_CP:$WORK/classes"
}

# ---------------------------------------------------------------- Redis and the service

# A random API key; the service is given only its digest.
new_api_key() {
	API_KEY="bench-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
	API_KEY_SHA256="$(printf '%s' "$API_KEY" | sha256sum | cut -d' ' -f1)"
}

# Starts the real redis-server of the embedded-redis test dependency through
# bench.BenchmarkRedis. Sets REDIS_PORT, REDIS_SERVER_PID and REDIS_VERSION.
start_redis() { # java log-file
	local java="$1" logfile="$2" redis_jvm deadline redis_info
	# Logs are emptied here, not by the redirection of the background process, which may
	# run after the first look into them and leave a previous run's port there to be found.
	: >"$logfile"
	"$java" -Xmx128m -cp "$TEST_CP" bench.BenchmarkRedis >>"$logfile" 2>&1 &
	redis_jvm=$!
	PIDS+=("$redis_jvm")
	REDIS_PORT=""
	deadline=$((SECONDS + STARTUP_TIMEOUT))
	while [[ -z "$REDIS_PORT" ]]; do
		kill -0 "$redis_jvm" 2>/dev/null || {
			tail -n 40 "$logfile" >&2
			fail "the Redis starter exited (log: $logfile)"
		}
		((SECONDS < deadline)) || fail "Redis did not come up within ${STARTUP_TIMEOUT} s (log: $logfile)"
		REDIS_PORT="$(grep -oE '^REDIS_PORT=[0-9]+' "$logfile" | cut -d= -f2 || true)"
		[[ -n "$REDIS_PORT" ]] || sleep 0.3
	done
	redis_info="$(redis_cmd 'INFO server' | tr -d '\r')"
	REDIS_SERVER_PID="$(grep -oE '^process_id:[0-9]+' <<<"$redis_info" | cut -d: -f2 || true)"
	REDIS_VERSION="$(grep -oE '^redis_version:[^ ]+' <<<"$redis_info" | cut -d: -f2 || true)"
	[[ -n "$REDIS_SERVER_PID" ]] || fail "Redis on 127.0.0.1:$REDIS_PORT does not answer INFO"
	log "redis-server $REDIS_VERSION is up on 127.0.0.1:$REDIS_PORT (pid $REDIS_SERVER_PID)"
}

# Starts the service jar on a free port against that Redis, with $API_KEY for tenant
# 'bench' (roles read, write, admin), and waits until it is ready. Further arguments go
# to the service (Spring properties). Sets SERVICE (its base URL) and SERVICE_PID.
start_service() { # java name log-file gc-log [--property=value ...]
	local name="$2" logfile="$3"
	launch_service "$@"
	await_app "$name" "$SERVICE_PID" "$logfile" /actuator/health/readiness
	SERVICE="http://127.0.0.1:$APP_PORT"
}

# Starts the service as start_service does, without waiting for it. Sets SERVICE_PID.
# SERVICE_JAR, if set, is started instead of the build's jar (bench/exact-ab.sh's baseline).
launch_service() { # java name log-file gc-log [--property=value ...]
	local java="$1" logfile="$3" gclog="$4"
	shift 4
	: >"$logfile"
	# shellcheck disable=SC2086
	"$java" $JVM_OPTS "-Xlog:gc:file=$gclog" -jar "${SERVICE_JAR:-$WORK/llm-cache.jar}" --server.port=0 \
		--spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$REDIS_PORT" \
		--spring.lifecycle.timeout-per-shutdown-phase=5s \
		'--management.server.port=' \
		'--llmcache.api-keys[0].id=bench' "--llmcache.api-keys[0].sha256=$API_KEY_SHA256" \
		'--llmcache.api-keys[0].tenant=bench' '--llmcache.api-keys[0].roles=read,write,admin' \
		"$@" >>"$logfile" 2>&1 &
	SERVICE_PID=$!
	PIDS+=("$SERVICE_PID")
}
