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
exec "$(dirname "${BASH_SOURCE[0]}")/../eval/run-java.sh" 4g io.llmcache.semantic.eval.SemanticEvaluation qqp-dev.jsonl "$@"
