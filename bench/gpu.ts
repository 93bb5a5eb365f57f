// `npm run bench:gpu`, on the lent GPU machine (see shared/gpu/README.md): GEMM and training
// throughput of netc through Dawn on the real adapter, on random data (that machine has no
// dataset). PyTorch's reference script runs in the same call for the figures to compare with.
// Usage: node dist/bench/gpu.js [OUT_JSON]

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../src/package-root.js";
import { requestNodeGpu } from "../runtime/node/gpu.js";
import { benchGemm, type GemmShape } from "./gemm.js";
import { defaultGemmTile, type GemmTile } from "../src/ops/gemm.js";
import { limitsOf, targetOf } from "../src/cli/train.js";
import { netcThroughput, randomImages } from "./throughput.js";

const gpu = await requestNodeGpu();
const results: Record<string, unknown> = { adapter: gpu.adapterName, features: [...gpu.features].sort() };
console.log(`adapter: ${gpu.adapterName}; features: ${[...gpu.features].sort().join(", ")}`);

// The default tile, then the alternatives that measured close to it on an H100 (bench/RESULTS.md).
const subgroupSize = gpu.features.has("subgroups") ? gpu.adapter.info.subgroupMinSize : undefined;
const alternatives: [string, GemmTile][] = [
  [
    "workgroup 16x16 threads, 8x4 each, depth 8",
    { strategy: "workgroup", threads: [16, 16], rows: 8, cols: 4, depth: 8 },
  ],
  [
    "workgroup 16x16 threads, 8x8 each, depth 8",
    { strategy: "workgroup", threads: [16, 16], rows: 8, cols: 8, depth: 8 },
  ],
  [
    "workgroup 16x16 threads, 8x8 each, depth 4",
    { strategy: "workgroup", threads: [16, 16], rows: 8, cols: 8, depth: 4 },
  ],
  [
    "workgroup 16x8 threads, 8x8 each, depth 8",
    { strategy: "workgroup", threads: [16, 8], rows: 8, cols: 8, depth: 8 },
  ],
  ["register 8x8 threads, 8x8 each", { strategy: "register", threads: [8, 8], rows: 8, cols: 8 }],
  ...(subgroupSize === undefined
    ? []
    : [8, 16, 24, 32].flatMap((rows): [string, GemmTile][] =>
        [1, 2].map((lanes): [string, GemmTile] => [
          `subgroup ${rows}x8, ${lanes * subgroupSize} threads`,
          { strategy: "subgroup", subgroupSize, threads: lanes * subgroupSize, rows, cols: 8 },
        ]),
      )),
  // Rows in multiples of the subgroup size: lanes spread A's rows (lavapipe's default shape, 32×4).
  ...(subgroupSize === undefined
    ? []
    : [1, 2].map((multiple): [string, GemmTile] => [
        `subgroup ${multiple * subgroupSize}x4, rows spread over the lanes`,
        { strategy: "subgroup", subgroupSize, threads: subgroupSize, rows: multiple * subgroupSize, cols: 4 },
      ])),
];
const shapes: GemmShape[] = [4096, 1024].flatMap((n) => [
  { label: `${n}^3 default tile`, m: n, n, k: n, tile: defaultGemmTile({ m: n, n, k: n }, targetOf(gpu)) },
  ...alternatives.map(([label, tile]) => ({ label: `${n}^3 ${label}`, m: n, n, k: n, tile })),
]);
const gemm = [];
for (const shape of shapes) {
  try {
    const [timing] = await benchGemm(gpu.device, [shape]);
    console.log(`gemm ${shape.label}: ${(timing!.gflops / 1000).toFixed(2)} TFLOP/s (${timing!.ms.toFixed(3)} ms)`);
    gemm.push({ label: shape.label, tflops: timing!.gflops / 1000, ms: timing!.ms });
  } catch (error) {
    console.log(`gemm ${shape.label}: failed: ${(error as Error).message}`);
  }
}
results.gemm = gemm;

const limits = limitsOf(gpu);
// Every spec reads raw 28×28 images; those with larger inputs resize them on the GPU. The CNNs with
// batch norm also train unfused (issue 4: fusion on ≥ 1.3× fusion off), and ResNet-18 once more
// with its wide stride-1 convs as direct kernels, as software adapters run them (src/ops/conv-direct.ts),
// to learn whether GPUs want them too.
type Variant = "fused" | "unfused" | "direct convs";
const training = [];
for (const [model, side, steps, variants] of [
  ["mlp", 28, 200, ["fused"]],
  ["softmax_regression", 28, 200, ["fused"]],
  ["lenet", 28, 300, ["fused"]],
  ["bn_lenet", 28, 300, ["fused", "unfused"]],
  ["resnet18", 96, 20, ["fused", "unfused", "direct convs"]],
] as [string, number, number, Variant[]][]) {
  for (const variant of variants) {
    try {
      const spec = join(packageRoot(), "specs", `${model}.net`);
      const t = await netcThroughput(gpu.device, spec, randomImages(4096, 28), {
        steps,
        warmup: 5,
        batch: 256,
        limits,
        target: { ...targetOf(gpu), software: variant === "direct convs" },
        fuse: variant !== "unfused",
      });
      const perStep = `${t.dispatches} dispatches per step${variant === "fused" ? "" : `, ${variant}`}`;
      console.log(
        `train ${model} ${side}x${side} batch 256: ${Math.round(t.imagesPerSecond).toLocaleString("en-US")} img/s (${perStep})`,
      );
      training.push({ model, side, variant, ...t });
    } catch (error) {
      console.log(`train ${model} (${variant}): failed: ${(error as Error).message.slice(0, 300)}`);
    }
  }
}
results.training = training;
gpu.destroy();
const out = process.argv[2];
if (out) writeFileSync(out, JSON.stringify(results, null, 2));
