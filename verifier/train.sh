#!/usr/bin/env bash
# Trains the semantic verifier on ../shared/eval/qqp-train.jsonl and writes what the
# service loads (src/main/resources/io/llmcache/verifier/), its calibration on qqp-dev,
# and the model card (docs/verifier-model-card.md). Fixed seeds; on 2 cores about 25 minutes
# the first time (embedding the texts), 7 minutes after that.
#
# Usage: bash verifier/train.sh [--data DIR] [--rounds 400] [--depth 6] [--mine 12000]
# Needs only a JDK 17+: the Maven wrapper brings Maven, XGBoost (a test-scoped dependency,
# never in the service jar) and the embedding model. The training's code is in
# src/bench/java/io/llmcache/semantic/eval/VerifierTraining.java. Embeddings are kept in
# eval/results/vectors/ so that a rerun embeds only new texts.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DATA="${LLMCACHE_EVAL_DATA:-$ROOT/../shared/eval}"
if [[ ! -f "$DATA/qqp-train.jsonl" ]]; then
	echo "Training data not found in $DATA (set LLMCACHE_EVAL_DATA)" >&2
	exit 1
fi
mkdir -p eval/results
./mvnw -q -ntp test-compile dependency:build-classpath -Dmdep.includeScope=test \
	-Dmdep.outputFile=eval/results/classpath.txt
exec java -Xmx6g -cp "target/test-classes:target/classes:$(cat eval/results/classpath.txt)" \
	io.llmcache.semantic.eval.VerifierTraining --data "$DATA" "$@"
