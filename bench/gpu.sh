#!/usr/bin/env bash
# Prepares the whole GPU comparison for one device call (`npm run bench:gpu` on this machine): builds,
# packs node and the Vulkan loader into .gpu/ (shared/gpu/prepare.sh), replaces its node_modules
# with only what the benchmark imports (the full set exceeds the call's 64 MiB), and prints the
# device tool's command, which runs PyTorch's reference and netc's benchmark back to back.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
bash ../shared/gpu/prepare.sh >/dev/null
tar -cf - --exclude='node_modules/webgpu/dist/darwin-*' --exclude='node_modules/webgpu/dist/win32-*' \
  --exclude='node_modules/webgpu/dist/linux-arm64' \
  node_modules/webgpu node_modules/debug node_modules/ms node_modules/chevrotain node_modules/@chevrotain \
  node_modules/lodash-es node_modules/commander node_modules/prettier | xz -T0 -3 > .gpu/node_modules.tar.xz
cp ../shared/gpu/pytorch_reference.py .gpu/
du -sh .gpu
echo 'device run: carry [".gpu", "dist"], command:'
echo '  bash .gpu/enter.sh bash -c "python3 .gpu/pytorch_reference.py; node dist/bench/gpu.js \$OUT/gpu.json"'
echo 'ResNet-18 with tiles from netc tune beside the defaults (bench/GEMM-NOTES.md), same carry:'
echo '  bash .gpu/enter.sh bash -c "export XDG_CACHE_HOME=\$OUT/cache; node bin/netc tune specs/resnet18.net --image-size 96 --batch 256 > \$OUT/tune.txt; node dist/bench/gpu.js \$OUT/gpu.json resnet18"'
echo 'or both in one call (earlier calls took 84 s for the first and 230 s for the tuning alone; timeout_s 600):'
echo '  bash .gpu/enter.sh bash -c "python3 .gpu/pytorch_reference.py; node dist/bench/gpu.js \$OUT/gpu.json; export XDG_CACHE_HOME=\$OUT/cache; node bin/netc tune specs/resnet18.net --image-size 96 --batch 256 > \$OUT/tune.txt; node dist/bench/gpu.js \$OUT/gpu-tuned.json resnet18"'
echo 'one epoch of each big CNN on Fashion-MNIST: bench/gpu-zoo.sh says how'
