// The tiles `netc tune` measures for a GEMM: the op's own choice, the strategies' usual shapes
// (bench/GEMM-NOTES.md) and, where the adapter has subgroups, the subgroup tiles; each also with
// k split across workgroups where that gives C's few tiles more workgroups.

import { gemmKernels, splitK, type GemmSpec, type GemmTile } from "../ops/gemm.js";
import type { Target } from "../ops/family.js";
import { loaderAlongK } from "../ops/gemm/operands.js";

export function candidateTiles(spec: GemmSpec, target: Target): GemmTile[] {
  const { m, n } = spec;
  const size = target.subgroupMinSize;
  const tiles: GemmTile[] = [
    { strategy: "register", threads: [8, 8], rows: 4, cols: 8 },
    { strategy: "register", threads: [8, 8], rows: 8, cols: 8 },
    // Threads along the long side of a skinny C.
    n <= m
      ? { strategy: "register", threads: [1, 64], rows: 4, cols: Math.min(n, 8) }
      : { strategy: "register", threads: [64, 1], rows: Math.min(m, 4), cols: 4 },
    { strategy: "workgroup", threads: [16, 16], rows: 4, cols: 4, depth: 8 },
    // GPUs: 128×128 through workgroup memory in k steps of 8, and 128×64 in steps of 16 where the
    // device has the 24 KiB that takes, the best two on an H100 (their barriers are dear on a CPU).
    ...(target.software
      ? []
      : (
          [
            [8, 8],
            [4, 16],
          ] as const
        ).map(([cols, depth]): GemmTile => ({ strategy: "workgroup", threads: [16, 16], rows: 8, cols, depth }))),
    { strategy: "splitk", threads: 64, rows: Math.min(m, 4), cols: Math.min(n, 8) },
    ...(size === undefined
      ? []
      : // 32×8 and 24×8 measured no faster on lavapipe than 16×8 and took 10–20 s each to compile.
        (
          [
            [16, 4],
            [16, 8],
            [32, 4],
          ] as const
        ).map(([rows, cols]): GemmTile => ({
          strategy: "subgroup",
          subgroupSize: size,
          threads: size,
          rows: Math.min(m, rows),
          cols,
        }))),
  ];
  // The op's own tile first: the one to beat, and the one kept on a tie. Each tile over C is
  // tried whole and, where C has few tiles, with k split across workgroups; on GPUs the workgroup
  // tiles (the op's own included) also copying loaders along k where those say k is contiguous.
  const own = spec.tile === undefined ? [] : [spec.tile];
  const alongK = (tile: GemmTile): GemmTile[] =>
    tile.strategy === "workgroup" && !target.software && (loaderAlongK(spec, "a") || loaderAlongK(spec, "b"))
      ? [{ ...tile, loadersAlongK: true }]
      : [];
  const seen = new Set<string>();
  return [
    ...own,
    ...[...tiles, ...own.flatMap(alongK), ...tiles.flatMap(alongK)].flatMap((tile) => [
      tile,
      splitK(spec, tile, target),
      splitK(spec, tile),
    ]),
  ].filter((tile) => {
    const key = JSON.stringify(tile);
    if (seen.has(key) || !fits(spec, tile)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether the generator accepts the tile for this GEMM (workgroup size and memory limits). */
function fits(spec: GemmSpec, tile: GemmTile): boolean {
  try {
    gemmKernels({ ...spec, tile });
    return true;
  } catch {
    return false;
  }
}
