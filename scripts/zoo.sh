#!/usr/bin/env bash
# Short runs of the big d2l CNNs (issue 4): each trains on the real Fashion-MNIST at a reduced input
# size and batch for 200 steps, with its spec's own optimizer and learning rate, and the run fails
# unless the mean training loss of the last 20 steps is below that of the first 20. The software
# adapter compiles every kernel on its first dispatch (minutes for a big model; Mesa caches the
# shaders for later runs), which each model's first line reports apart from the steps.
# Usage: scripts/zoo.sh [MODEL...] (default: all five)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"

# model, input side in pixels, batch. AlexNet's and NiN's 11×11 stride-4 stems and three 3×3
# stride-2 max-pools need at least 67 pixels; VGG-11's five halvings need 32.
runs=(
  "alexnet 67 32"
  "vgg11 32 32"
  "nin 67 32"
  "googlenet 32 32"
  "resnet18 32 32"
)
status=0
for run in "${runs[@]}"; do
  read -r model side batch <<<"$run"
  if [ $# -gt 0 ] && [[ " $* " != *" $model "* ]]; then continue; fi
  node dist/bench/zoo.js "specs/$model.net" --image-size "$side" --batch "$batch" --steps 200 \
    2> >(grep -v '^Warning: maxDynamic' >&2) || status=1
done
exit $status
