#!/usr/bin/env bash
# The whole GPU comparison in one device call (`npm run bench:gpu` on this machine): builds, packs
# node and node_modules into .gpu/ (shared/gpu/prepare.sh), then prints the device tool's command.
# On the GPU machine the command runs PyTorch's reference and netc's benchmark back to back.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
bash ../shared/gpu/prepare.sh >/dev/null
cp ../shared/gpu/pytorch_reference.py .gpu/
echo 'device run: carry [".gpu", "dist"], command:'
echo '  bash .gpu/enter.sh bash -c "python3 .gpu/pytorch_reference.py; node dist/bench/gpu.js \$OUT/gpu.json"'
