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
exec "$(dirname "${BASH_SOURCE[0]}")/../eval/run-java.sh" 6g io.llmcache.semantic.eval.VerifierTraining qqp-train.jsonl "$@"
