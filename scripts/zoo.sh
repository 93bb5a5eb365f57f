#!/usr/bin/env bash
# Short runs of the big d2l CNNs (issue 4): each trains on the real Fashion-MNIST at a reduced input
# size and batch (NiN also at reduced width) on the software adapter, and the run fails unless the
# mean training loss of the last 20 steps is at least 5% below that of the first 20. The software
# adapter compiles every kernel on its first dispatch (minutes for a big model; Mesa caches the
# shaders for later runs), which each model's first line reports apart from the steps.
# Usage: scripts/zoo.sh [MODEL...] (default: all five)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"

# Sizes: AlexNet's and NiN's 11×11 stride-4 stems and three 3×3 stride-2 max-pools need at least
# 67 pixels, VGG-11's five halvings 32. Steps: with their specs' Xavier initialisation and plain
# SGD these nets keep the loss at ln 10 (an untrained classifier) for their first few hundred
# steps, as they do in PyTorch with the same settings; the step counts give each room to leave
# that plateau. Learning rates are the specs' except AlexNet's: at 0.01 its loss stays at ln 10
# for longer still. NiN runs at a quarter of its width (bench/specs/nin_quarter.net, which says
# why).
runs=(
  "alexnet specs/alexnet.net --image-size 67 --batch 16 --steps 300 --lr 0.05"
  "vgg11 specs/vgg11.net --image-size 32 --batch 16 --steps 600"
  "nin bench/specs/nin_quarter.net --image-size 67 --batch 64 --steps 800"
  "googlenet specs/googlenet.net --image-size 32 --batch 16 --steps 600"
  "resnet18 specs/resnet18.net --image-size 32 --batch 16 --steps 200"
)
known=$(for run in "${runs[@]}"; do echo "${run%% *}"; done)
for model in "$@"; do
  if ! grep -qx "$model" <<<"$known"; then
    echo "scripts/zoo.sh: unknown model '$model'; choose from: $(echo $known)" >&2
    exit 2
  fi
done
status=0
for run in "${runs[@]}"; do
  read -r model spec options <<<"$run"
  if [ $# -gt 0 ] && [[ " $* " != *" $model "* ]]; then continue; fi
  # shellcheck disable=SC2086 # the options are separate words
  node dist/bench/zoo.js "$spec" $options 2> >(grep -v '^Warning: maxDynamic' >&2) || status=1
done
exit $status
