// GEMM throughput of the generated kernels: many back-to-back dispatches in one command buffer,
// the best of the submissions in a second. Run it with `npx tsc -p tsconfig.json && node dist/bench/gemm.js`
// (add `--tiles` to also time the alternative tiles each shape is compared against, `--large` to
// add 4096³).

import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { requestNodeGpu } from "../runtime/node/gpu.js";
import { defaultGemmTile, describeGemmTile, type GemmSpec, type GemmTile } from "../src/ops/gemm.js";
import {
  dispatch,
  dispatchesFor,
  GemmBuffers,
  prepareGemm,
  prepareKernel,
  type Prepared,
  type Timing,
} from "../src/tune/measure.js";
import { BufferUsage } from "../runtime/gpu.js";
import { targetOf } from "../src/cli/train.js";

export interface GemmShape {
  label: string;
  m: number;
  n: number;
  k: number;
  batch?: number;
  transA?: boolean;
  transB?: boolean;
  /** Default: `defaultGemmTile` of the shape. */
  tile?: GemmTile;
}

export interface GemmTiming {
  shape: GemmShape;
  tile: GemmTile;
  /** Best wall-clock milliseconds per dispatch. */
  ms: number;
  gflops: number;
  /** Process CPU milliseconds per dispatch in the same best repeat. */
  cpuMs: number;
  /**
   * GFLOP/s had the work had every core to itself: on a software adapter the CPU time is the work,
   * so this stays meaningful while other processes share the cores.
   */
  cpuGflops: number;
}

/**
 * Timed submissions: at least REPEATS, and more until WINDOW_MS have passed. The best one counts:
 * on this shared host the same kernel read 21 to 40 GFLOP/s from one submission to the next within
 * a process, and the slow ones are the host's, not the kernel's.
 */
const REPEATS = 3;
const WINDOW_MS = 1000;

/** The fastest of the timed submissions of `prepared`, per dispatch. */
async function fastestRun(device: GPUDevice, prepared: Prepared): Promise<Timing> {
  // The first run compiles the kernels on software adapters; the second sizes the submissions.
  await dispatch(device, prepared);
  const runs = dispatchesFor((await dispatch(device, prepared)).ms);
  let best = { ms: Infinity, cpuMs: Infinity };
  const start = performance.now();
  for (let r = 0; r < REPEATS || performance.now() - start < WINDOW_MS; r++) {
    const run = await dispatch(device, prepared, runs);
    if (run.ms < best.ms) best = run;
  }
  return best;
}

/** GFLOP/s of `flops` in `timing`, wall-clock and from the CPU time spread over the cores. */
function rates(flops: number, timing: Timing): { gflops: number; cpuGflops: number } {
  return {
    gflops: flops / (timing.ms * 1e6),
    cpuGflops: flops / ((timing.cpuMs / availableParallelism()) * 1e6),
  };
}

export async function benchGemm(device: GPUDevice, shapes: readonly GemmShape[]): Promise<GemmTiming[]> {
  const timings: GemmTiming[] = [];
  for (const shape of shapes) {
    const { m, n, k, batch = 1 } = shape;
    const tile = shape.tile ?? defaultGemmTile(shape);
    const spec: GemmSpec = {
      name: "bench",
      m,
      n,
      k,
      batch,
      a: { kind: "dense", transposed: shape.transA ?? false },
      b: { kind: "dense", transposed: shape.transB ?? false },
      workgroupStorage: device.limits.maxComputeWorkgroupStorageSize,
    };
    const buffers = new GemmBuffers(device, { spec, bindingSizes: {} });
    try {
      const best = await fastestRun(device, await prepareGemm(device, spec, tile, buffers));
      timings.push({ shape, tile, ...best, ...rates(2 * batch * m * n * k, best) });
    } finally {
      buffers.destroy();
    }
  }
  return timings;
}

/** Independent multiply-add chains per thread, and multiply-adds per chain, of `benchMultiplyAdds`. */
const CHAINS = 64;
const LINKS = 4096;

/**
 * The adapter's arithmetic ceiling for a WGSL loop: GFLOP/s of threads that only multiply and add,
 * CHAINS independent chains each, with no memory traffic but one store per thread. A matmul can
 * get no closer to it than its loads allow; on lavapipe it is a property of the host's cores as
 * much as of the kernel (bench/GEMM-NOTES.md).
 */
export async function benchMultiplyAdds(device: GPUDevice): Promise<{ gflops: number; cpuGflops: number }> {
  const threads = 64;
  const workgroups = 256;
  const chains = Array.from({ length: CHAINS }, (_, i) => i);
  const code = [
    "@group(0) @binding(0) var<storage, read_write> sums: array<f32>;",
    `@compute @workgroup_size(${threads}) fn main(@builtin(global_invocation_id) id: vec3u) {`,
    "  let x = f32(id.x) * 1e-6;",
    ...chains.map((i) => `  var c${i} = x + ${i}.0;`),
    `  for (var i = 0u; i < ${LINKS}u; i++) {`,
    ...chains.map((i) => `    c${i} = c${i} * 0.999 + 0.001;`),
    "  }",
    `  sums[id.x] = ${chains.map((i) => `c${i}`).join(" + ")};`,
    "}",
  ].join("\n");
  const sums = device.createBuffer({ size: threads * workgroups * 4, usage: BufferUsage.STORAGE });
  try {
    const prepared = [await prepareKernel(device, { code, workgroups: [workgroups, 1, 1] }, [sums])];
    return rates(2 * CHAINS * LINKS * threads * workgroups, await fastestRun(device, prepared));
  } finally {
    sums.destroy();
  }
}

/** 1024³ and the dense-training shapes of an MLP at batch 256, then conv-like skinny shapes. */
export const GEMM_SHAPES: readonly GemmShape[] = [
  { label: "1024^3", m: 1024, n: 1024, k: 1024 },
  { label: "mlp fwd x·W1ᵀ", m: 256, n: 256, k: 784, transB: true },
  { label: "mlp fwd h·W2ᵀ", m: 256, n: 10, k: 256, transB: true },
  { label: "mlp dX = dY·W", m: 256, n: 784, k: 256 },
  { label: "mlp dW = dYᵀ·X", m: 784, n: 256, k: 256, transA: true },
  { label: "conv fwd im2col", m: 25088, n: 6, k: 25 },
  { label: "conv dW", m: 6, n: 25, k: 25088, transA: true },
];

/** Added by `--large`: about 4.6 s per GEMM on lavapipe at 30 GFLOP/s. */
const LARGE_SHAPES: readonly GemmShape[] = [{ label: "4096^3", m: 4096, n: 4096, k: 4096 }];

/** The alternatives each shape's default was chosen against (see bench/GEMM-NOTES.md). */
function alternatives(shape: GemmShape, subgroupSize: number | undefined): GemmTile[] {
  const { m, n } = shape;
  const tiles: GemmTile[] = [
    { strategy: "register", threads: [8, 8], rows: 4, cols: 8 },
    { strategy: "register", threads: [8, 8], rows: 8, cols: 8 },
    { strategy: "register", threads: [1, 64], rows: 4, cols: Math.min(n, 8) },
    { strategy: "workgroup", threads: [8, 8], rows: 4, cols: 4, depth: 16 },
    { strategy: "workgroup", threads: [16, 16], rows: 4, cols: 4, depth: 8 },
    { strategy: "splitk", threads: 64, rows: Math.min(m, 4), cols: Math.min(n, 8) },
    // Larger tiles for discrete GPUs: 128×128 and 128×64 of C per workgroup of 256 threads.
    { strategy: "workgroup", threads: [16, 16], rows: 8, cols: 8, depth: 8 },
    { strategy: "workgroup", threads: [16, 16], rows: 8, cols: 4, depth: 8 },
    { strategy: "workgroup", threads: [16, 16], rows: 4, cols: 8, depth: 8 },
    { strategy: "register", threads: [16, 16], rows: 4, cols: 4 },
    { strategy: "register", threads: [16, 16], rows: 8, cols: 4 },
  ];
  if (subgroupSize !== undefined) {
    for (const [rows, cols] of [
      [16, 4],
      [16, 8],
      [24, 8],
      [32, 4],
      [32, 8],
    ] as const)
      tiles.push({ strategy: "subgroup", subgroupSize, threads: subgroupSize, rows: Math.min(m, rows), cols });
    for (const threads of [2 * subgroupSize, 4 * subgroupSize].filter((t) => t <= 256))
      tiles.push({ strategy: "subgroup", subgroupSize, threads, rows: Math.min(m, 16), cols: 8 });
  }
  return tiles;
}

async function main(): Promise<void> {
  const gpu = await requestNodeGpu();
  try {
    const target = targetOf(gpu);
    const subgroupSize = target.subgroupMinSize;
    const shapes: GemmShape[] = [];
    const seen = new Set<string>();
    const add = (shape: GemmShape, tile: GemmTile) => {
      const key = `${shape.label} ${JSON.stringify(tile)}`;
      if (!seen.has(key)) shapes.push({ ...shape, tile });
      seen.add(key);
    };
    for (const shape of [...GEMM_SHAPES, ...(process.argv.includes("--large") ? LARGE_SHAPES : [])]) {
      // The tiles training uses on this adapter: without subgroups, and with them where it has them.
      add(shape, defaultGemmTile(shape, { minThreads: target.minThreads }));
      add(shape, defaultGemmTile(shape, target));
      if (process.argv.includes("--tiles")) for (const tile of alternatives(shape, subgroupSize)) add(shape, tile);
    }
    console.log(
      `adapter: ${gpu.adapterName}; GFLOP/s wall-clock, and from CPU time spread over ${availableParallelism()} cores`,
    );
    const ceiling = await benchMultiplyAdds(gpu.device);
    console.log(
      `${"multiply-adds".padEnd(16)} ${`${CHAINS} chains a thread, no loads`.padEnd(42)} ${"".padStart(12)} ${ceiling.gflops.toFixed(1).padStart(6)} GFLOP/s ${ceiling.cpuGflops.toFixed(1).padStart(6)} GFLOP/s(cpu)`,
    );
    for (const shape of shapes) {
      const { ms, gflops, cpuGflops, tile } = (await benchGemm(gpu.device, [shape]))[0]!;
      console.log(
        `${shape.label.padEnd(16)} ${describeGemmTile(tile).padEnd(42)} ${ms.toFixed(3).padStart(9)} ms ${gflops.toFixed(1).padStart(6)} GFLOP/s ${cpuGflops.toFixed(1).padStart(6)} GFLOP/s(cpu)`,
      );
    }
  } finally {
    gpu.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
