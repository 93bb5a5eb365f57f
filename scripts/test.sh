#!/usr/bin/env bash
# Quick start: set up, then run the whole test suite (vitest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
# vitest strips types without checking them: the tests are type-checked (strict) first.
node node_modules/typescript/bin/tsc -p tsconfig.tests.json
# The sources are formatted as the generated code is (prettier, .prettierrc).
npx prettier --check --log-level warn "{src,runtime,tests,examples,bench,grammar}/**/*.ts"
exec npx vitest run "$@"
