#!/usr/bin/env bash
# Fusion on vs off on this machine's adapter: `netc profile SPEC` and `--no-fuse` alternately, RUNS
# times each, then the median step time (the sum of the step's kernel times) of each and their
# ratio. Alternating pairs and medians because a software adapter shares the CPU with everything
# else. Usage (after npm run build): bash bench/fusion.sh SPEC [RUNS] [profile options...]
set -euo pipefail
cd "$(dirname "$0")/.."
spec=$1
runs=${2:-5}
shift $(($# >= 2 ? 2 : 1))
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
results=""
for _ in $(seq "$runs"); do
  for mode in fused unfused; do
    flag=()
    [ "$mode" = unfused ] && flag=(--no-fuse)
    ms=$(./bin/netc profile "$spec" "${flag[@]}" "$@" 2> >(grep -v '^Warning: maxDynamic' >&2) | awk '/^step:/ {print $2}')
    results+="$mode $ms"$'\n'
  done
done
printf '%s' "$results" | node -e '
  const times = { fused: [], unfused: [] };
  for (const line of require("fs").readFileSync(0, "utf8").trim().split("\n")) {
    const [mode, ms] = line.split(" ");
    times[mode].push(Number(ms));
  }
  const median = (t) => {
    const s = [...t].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  for (const mode of ["fused", "unfused"]) console.log(`${mode.padEnd(8)} median ${median(times[mode]).toFixed(1)} ms of ${times[mode].join(", ")}`);
  console.log(`fusion on vs off: ${(median(times.unfused) / median(times.fused)).toFixed(2)}x`);
'
