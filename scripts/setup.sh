#!/usr/bin/env bash
# Everything netc needs on a fresh Debian bookworm machine, idempotent: the system packages
# (software Vulkan driver, Fashion-MNIST; more with --browser/--torch), npm dependencies, and the
# TypeScript build. Fast when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh "$@"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
