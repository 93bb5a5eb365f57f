// `npm run bench:gpu`, on the lent GPU machine (see shared/gpu/README.md): GEMM and training
// throughput of netc through Dawn on the real adapter, on random data (that machine has no
// dataset). PyTorch's reference script runs in the same call for the figures to compare with.
// Usage: node dist/bench/gpu.js [OUT_JSON [PART ...]], PART "gemm" or a model (default: all).

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../src/package-root.js";
import { requestNodeGpu } from "../runtime/node/gpu.js";
import { benchGemm, type GemmShape } from "./gemm.js";
import { defaultGemmTile, describeGemmTile, type GemmTile } from "../src/ops/gemm.js";
import type { Target } from "../src/ops/family.js";
import { limitsOf, targetOf, tunedTargetOf } from "../src/cli/train.js";
import { adapterIdentity, cachedTiles, readTuneCache, tuneCachePath } from "../src/tune/cache.js";
import { median, randomImages } from "../src/tune/steps.js";
import { benchTraining, type Throughput } from "./throughput.js";

const started = performance.now();
const gpu = await requestNodeGpu();
const results: Record<string, unknown> = { adapter: gpu.adapterName, features: [...gpu.features].sort() };
console.log(`adapter: ${gpu.adapterName}; features: ${[...gpu.features].sort().join(", ")}`);
console.log(`workgroup storage: ${gpu.limits.maxComputeWorkgroupStorageSize} bytes`);

// The default tile, then the 128-wide workgroup tiles in their shapes and k steps (steps of 16 take
// more than WebGPU's guaranteed 16 KiB of workgroup memory, as the device allows) and the tiles that
// measured close to them on an H100 (bench/RESULTS.md).
const subgroupSize = gpu.features.has("subgroups") ? gpu.adapter.info.subgroupMinSize : undefined;
const workgroupTiles: [number, number, number, number, number][] = [
  // threads x, threads y, rows, cols, depth
  [16, 16, 8, 8, 4],
  [16, 16, 8, 8, 8],
  [16, 16, 8, 8, 16],
  [16, 16, 8, 4, 8],
  [16, 16, 8, 4, 16],
  [16, 16, 4, 8, 16],
  [16, 8, 8, 8, 8],
  [16, 8, 8, 8, 16],
  [8, 16, 8, 8, 16],
];
const alternatives: [string, GemmTile][] = [
  ...workgroupTiles.map(([x, y, rows, cols, depth]): [string, GemmTile] => [
    `workgroup ${x}x${y} threads, ${rows}x${cols} each, depth ${depth}`,
    { strategy: "workgroup", threads: [x, y], rows, cols, depth },
  ]),
  ["register 8x8 threads, 8x8 each", { strategy: "register", threads: [8, 8], rows: 8, cols: 8 }],
  ...(subgroupSize === undefined
    ? []
    : [
        [
          "subgroup 16x8, 32 threads",
          { strategy: "subgroup", subgroupSize, threads: subgroupSize, rows: 16, cols: 8 },
        ] satisfies [string, GemmTile],
      ]),
];
const shapes: GemmShape[] = [4096, 1024].flatMap((n) => {
  const tile = defaultGemmTile({ m: n, n, k: n }, targetOf(gpu));
  return [
    { label: `${n}^3 default tile (${describeGemmTile(tile)})`, m: n, n, k: n, tile },
    ...alternatives.map(([label, tile]) => ({ label: `${n}^3 ${label}`, m: n, n, k: n, tile })),
  ];
});
const gemm: { label: string; tflops: number; ms: number }[] = [];
const parts = process.argv.slice(3);
const wanted = (part: string) => parts.length === 0 || parts.includes(part);
for (const shape of wanted("gemm") ? shapes : []) {
  try {
    const [timing] = await benchGemm(gpu.device, [shape]);
    const label = shape.label;
    console.log(`gemm ${label}: ${(timing!.gflops / 1000).toFixed(2)} TFLOP/s (${timing!.ms.toFixed(3)} ms)`);
    gemm.push({ label, tflops: timing!.gflops / 1000, ms: timing!.ms });
  } catch (error) {
    console.log(`gemm ${shape.label}: failed: ${(error as Error).message.slice(0, 300)}`);
  }
}
results.gemm = gemm;
console.log(`elapsed ${((performance.now() - started) / 1000).toFixed(0)} s`);

const limits = limitsOf(gpu);
// Every spec reads raw 28×28 images; those with larger inputs resize them on the GPU. The CNNs with
// batch norm also train unfused (issue 4: fusion on ≥ 1.3× fusion off), and the LeNets once more
// with their narrow convs as GEMMs instead of direct kernels (src/ops/conv-direct.ts).
// Each model's variants alternate over ROUNDS rounds, and each reports its median: on the H100 one
// short run per variant misled, the first LeNet of a process measuring up to 1.8× below the same
// variant's later rounds.
// Where `netc tune` has cached tiles for this adapter ($XDG_CACHE_HOME/netc/tune.json), each model
// also trains with them: the defaults against what tuning measured.
type Variant = "fused" | "unfused" | "GEMM convs" | "tuned";
const tuneCache = await readTuneCache(tuneCachePath());
const tuned = cachedTiles(tuneCache, adapterIdentity(gpu.adapter)) !== undefined;
const variantTarget = (variant: Variant): Target => ({
  ...(variant === "tuned" ? tunedTargetOf(gpu, tuneCache) : targetOf(gpu)),
  ...(variant === "GEMM convs" ? { directConvs: false } : {}),
});
const ROUNDS = 3;
const training = [];
for (const [model, side, steps, variants] of [
  ["mlp", 28, 2000, ["fused"]],
  ["softmax_regression", 28, 2000, ["fused"]],
  ["lenet", 28, 1000, ["fused", "GEMM convs"]],
  ["bn_lenet", 28, 1000, ["fused", "unfused", "GEMM convs"]],
  ["resnet18", 96, 30, ["fused", "unfused"]],
] as [string, number, number, Variant[]][]) {
  if (!wanted(model)) continue;
  if (tuned) variants.push("tuned");
  const rounds = new Map<Variant, Throughput[]>(variants.map((variant) => [variant, []]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of variants) {
        const spec = join(packageRoot(), "specs", `${model}.net`);
        const bench = await benchTraining(gpu.device, spec, randomImages(4096, 28), {
          batch: 256,
          limits,
          target: variantTarget(variant),
          fuse: variant !== "unfused",
        });
        try {
          rounds.get(variant)!.push(await bench.measure(steps));
        } finally {
          bench.destroy();
        }
      }
    }
  } catch (error) {
    console.log(`train ${model}: failed: ${(error as Error).message.slice(0, 300)}`);
    continue;
  }
  for (const [variant, runs] of rounds) {
    const rates = runs.map((t) => t.imagesPerSecond);
    const perStep = `${runs[0]!.dispatches} dispatches per step${variant === "fused" ? "" : `, ${variant}`}`;
    const each = rates.map((r) => Math.round(r).toLocaleString("en-US")).join(", ");
    console.log(
      `train ${model} ${side}x${side} batch 256: ${Math.round(median(rates)).toLocaleString("en-US")} img/s, median of ${each} (${perStep})`,
    );
    training.push({
      model,
      side,
      variant,
      imagesPerSecond: median(rates),
      rounds: rates,
      dispatches: runs[0]!.dispatches,
    });
  }
}
results.training = training;
console.log(`elapsed ${((performance.now() - started) / 1000).toFixed(0)} s`);
gpu.destroy();
const out = process.argv[2];
if (out) writeFileSync(out, JSON.stringify(results, null, 2));
