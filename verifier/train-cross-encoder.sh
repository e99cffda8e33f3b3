#!/usr/bin/env bash
# Trains and measures the cross-encoder alternative to the shipped verifier (issue 16 asked
# for both to be measured): the first --layers (3) layers of the embedder's MiniLM, reading
# query and candidate together, fine-tuned on the same pairs as the boosted trees with DJL on
# PyTorch (CPU), then scored as a cache beside the trees. Writes eval/results/
# cross-encoder-<layers>-layers.{bin,md}; then exports it into ONNX and measures ONNX Runtime
# (the service's engine) on one and five pairs. Fixed seeds; on 2 cores about 15 minutes of
# training for 3 layers, 30 for 6, plus 5 to 10 minutes of scoring.
#
# Usage: bash verifier/train-cross-encoder.sh [--layers 3] [--epochs 1] [--lr 5e-5]
# The PyTorch engine (110 MB) comes with the Maven profile cross-encoder, never with the
# service or the tests.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LLMCACHE_MAVEN_PROFILES=cross-encoder
# PyTorch allocates and frees large tensors every step; without these glibc maps and
# unmaps them each time and the training runs at a third of its speed
export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456
"$ROOT/eval/run-java.sh" 10g io.llmcache.semantic.eval.CrossEncoderTraining qqp-train.jsonl "$@"
LAYERS=3
while [[ $# -gt 1 ]]; do
	if [[ "$1" == "--layers" ]]; then LAYERS="$2"; fi
	shift 2
done
exec "$ROOT/eval/run-java.sh" 6g io.llmcache.semantic.eval.CrossEncoderExport qqp-dev.jsonl --layers "$LAYERS"
