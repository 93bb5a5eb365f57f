#!/usr/bin/env bash
# One epoch of each big d2l CNN on the real Fashion-MNIST, at d2l's own input size, batch and
# learning rate (issue 4), on the lent GPU machine: run through `.gpu/enter.sh` after
# `npm run bench:gpu` has prepared .gpu/ and dist/. The dataset does not fit in the same device
# call as .gpu/ (64 MiB per call), so it travels in a later call to the still-warm machine:
#   carry ["out/fmnist"] (a copy of /usr/share/datasets/fashion-mnist), command:
#   bash .gpu/enter.sh bash bench/gpu-zoo.sh out/fmnist $OUT [MODEL...]
# Each model's epoch lines and its metrics log land in OUT; checkpoints stay on the machine.
# VGG-11, the slowest, runs last and under a time limit (ZOO_VGG_SECONDS, default 200).
set -uo pipefail
cd "$(dirname "$0")/.."
data=$1 out=$2
shift 2
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(resnet18 googlenet alexnet nin vgg11)
mkdir -p "$out"
for model in "${models[@]}"; do
  limit=600
  [ "$model" = vgg11 ] && limit=${ZOO_VGG_SECONDS:-200}
  started=$(date +%s)
  # The progress line rewrites itself with carriage returns: keep only the finished lines.
  timeout "$limit" node bin/netc train "specs/$model.net" --epochs 1 --data "$data" --out "/tmp/zoo/$model" 2>&1 |
    tr '\r' '\n' | grep -v '^Warning: maxDynamic' | tail -n 4 | tee "$out/$model.log"
  echo "$model: $(($(date +%s) - started)) s" | tee -a "$out/$model.log"
  cp /tmp/zoo/"$model"/*.metrics.jsonl "$out/" 2>/dev/null
done
