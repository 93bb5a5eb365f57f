#!/usr/bin/env bash
# Quick start: set up, then run the whole test suite (vitest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
# vitest strips types without checking them: the tests are type-checked (strict) first.
node node_modules/typescript/bin/tsc -p tsconfig.tests.json
exec npx vitest run "$@"
