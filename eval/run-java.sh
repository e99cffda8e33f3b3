#!/usr/bin/env bash
# Shared by eval/semantic.sh and verifier/train.sh: compiles the evaluation code
# (src/bench/java, into target/test-classes) and runs one of its main classes on the
# evaluation data with the test class path.
# Usage: eval/run-java.sh <heap> <main class> <file the data folder must hold> [args...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
HEAP="$1" MAIN="$2" REQUIRED="$3"
shift 3
DATA="${LLMCACHE_EVAL_DATA:-$ROOT/../shared/eval}"
if [[ ! -f "$DATA/$REQUIRED" ]]; then
	echo "$REQUIRED not found in $DATA (set LLMCACHE_EVAL_DATA)" >&2
	exit 1
fi
mkdir -p eval/results
# LLMCACHE_MAVEN_PROFILES adds build profiles (the cross-encoder's engine, say)
./mvnw -q -ntp ${LLMCACHE_MAVEN_PROFILES:+-P "$LLMCACHE_MAVEN_PROFILES"} test-compile dependency:build-classpath -Dmdep.includeScope=test \
	-Dmdep.outputFile=eval/results/classpath.txt
exec java "-Xmx$HEAP" -cp "target/test-classes:target/classes:$(cat eval/results/classpath.txt)" \
	"$MAIN" --data "$DATA" "$@"
