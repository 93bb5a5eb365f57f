// `npm run bench:gpu`, on the lent GPU machine (see shared/gpu/README.md): GEMM and training
// throughput of netc through Dawn on the real adapter, on random data (that machine has no
// dataset). PyTorch's reference script runs in the same call for the figures to compare with.
// Usage: node dist/bench/gpu.js [OUT_JSON]

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../src/package-root.js";
import { create } from "webgpu";
import { requestGpu } from "../runtime/gpu.js";
import { requestNodeGpu } from "../runtime/node/gpu.js";
import { benchGemm, type GemmShape } from "./gemm.js";
import { defaultGemmTile, type GemmTile } from "../src/ops/gemm.js";
import { limitsOf, targetOf } from "../src/cli/train.js";
import { netcThroughput, randomImages } from "./throughput.js";

const started = performance.now();
const gpu = await requestNodeGpu();
const results: Record<string, unknown> = { adapter: gpu.adapterName, features: [...gpu.features].sort() };
console.log(`adapter: ${gpu.adapterName}; features: ${[...gpu.features].sort().join(", ")}`);
console.log(`workgroup storage: ${gpu.limits.maxComputeWorkgroupStorageSize} bytes`);

// The default tile, then the alternatives that measured close to it on an H100 (bench/RESULTS.md),
// and the 128-wide workgroup tiles in their shapes and k steps (16 takes the device's 32 KiB of
// workgroup memory where it has them).
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
const gemm: { label: string; tflops: number; ms: number }[] = [];
const timeGemm = async (device: GPUDevice, shape: GemmShape, suffix = "") => {
  try {
    const [timing] = await benchGemm(device, [shape]);
    const label = `${shape.label}${suffix}`;
    console.log(`gemm ${label}: ${(timing!.gflops / 1000).toFixed(2)} TFLOP/s (${timing!.ms.toFixed(3)} ms)`);
    gemm.push({ label, tflops: timing!.gflops / 1000, ms: timing!.ms });
  } catch (error) {
    console.log(`gemm ${shape.label}${suffix}: failed: ${(error as Error).message.slice(0, 300)}`);
  }
};
for (const shape of shapes) await timeGemm(gpu.device, shape);
// What WebGPU's bounds checks cost these kernels: the same tiles on a device with Dawn's
// robustness turned off (the generated indices stay in bounds by construction; the flag is not
// one netc sets).
const unchecked = create(["disable-dawn-features=timestamp_quantization", "enable-dawn-features=disable_robustness"]);
const uncheckedGpu = await requestGpu(unchecked);
for (const shape of shapes.filter((s) => s.m === 4096 && /default|depth (8|16)$/.test(s.label)))
  await timeGemm(uncheckedGpu.device, shape, ", robustness off");
uncheckedGpu.destroy();
results.gemm = gemm;
console.log(`elapsed ${((performance.now() - started) / 1000).toFixed(0)} s`);

const limits = limitsOf(gpu);
// Every spec reads raw 28×28 images; those with larger inputs resize them on the GPU. The CNNs with
// batch norm also train unfused (issue 4: fusion on ≥ 1.3× fusion off); the LeNets once more with
// their narrow convs as GEMMs instead of direct kernels, and ResNet-18 with its wide stride-1 convs
// as direct kernels, as software adapters run them (src/ops/conv-direct.ts), to learn which GPUs want.
type Variant = "fused" | "unfused" | "direct convs" | "GEMM convs";
const training = [];
for (const [model, side, steps, variants] of [
  ["mlp", 28, 200, ["fused"]],
  ["softmax_regression", 28, 200, ["fused"]],
  ["lenet", 28, 300, ["fused", "GEMM convs"]],
  ["bn_lenet", 28, 300, ["fused", "unfused", "GEMM convs"]],
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
        target: { ...targetOf(gpu), software: variant === "direct convs", directConvs: variant !== "GEMM convs" },
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
console.log(`elapsed ${((performance.now() - started) / 1000).toFixed(0)} s`);
gpu.destroy();
const out = process.argv[2];
if (out) writeFileSync(out, JSON.stringify(results, null, 2));
