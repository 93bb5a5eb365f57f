#!/usr/bin/env bash
# Quick start: set up, then train a spec headlessly on the software WebGPU adapter and the real
# Fashion-MNIST. Usage: scripts/train.sh [SPEC] [netc train options]; default spec specs/mlp.net.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
spec=specs/mlp.net
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then spec="$1"; shift; fi
exec ./bin/netc train "$spec" "$@"
