// `netc profile`: trains a few steps of a spec on this machine's adapter with every dispatch timed
// by timestamp queries, and prints a table per kernel against the adapter's measured ceilings.

import { defaultGemmTile, gemmKernels, type GemmKernel } from "../ops/gemm.js";
import { shuffledIndices } from "../../runtime/data.js";
import type { Batch } from "../../runtime/engine.js";
import type { GpuContext } from "../../runtime/gpu.js";
import {
  measureCeilings,
  profileTraining,
  type CeilingKernel,
  type Ceilings,
  type TrainingProfile,
} from "../../runtime/profile.js";
import type { ModelPlan } from "../../runtime/plan.js";
import { CommandError, openModel, targetOf } from "./train.js";

export interface ProfileCommandOptions {
  batch?: number;
  imageSize?: number;
  /** Timed training steps. */
  steps: number;
  data?: string;
  fuse?: boolean;
  /** The tile cache of `netc tune` (default: tuneCachePath()). */
  tuneCache?: string;
}

/** Ordinary steps before the timed ones: software adapters compile shaders on their first dispatch. */
const WARMUP_STEPS = 2;
/** The matmul ceiling's GEMM: large enough that every core works on full tiles. */
const CEILING_GEMM_SIZE = 1024;

export interface ProfileReport {
  plan: ModelPlan;
  adapterName: string;
  ceilings: Ceilings;
  profile: TrainingProfile;
}

export async function profileCommand(file: string, options: ProfileCommandOptions): Promise<ProfileReport> {
  const { gpu, plan, model, data } = await openModel(file, options);
  try {
    if (!gpu.features.has("timestamp-query")) {
      throw new CommandError(
        `the WebGPU adapter ${gpu.adapterName} has no 'timestamp-query' feature, which netc profile needs to time kernels`,
      );
    }
    const { train } = data;
    const order = shuffledIndices(train.count, plan.seed, 0);
    const stepsPerEpoch = Math.floor(train.count / plan.batch);
    const batch = (step: number): Batch => {
      const start = (step % stepsPerEpoch) * plan.batch;
      return train.batch(order.subarray(start, start + plan.batch));
    };
    const ceilings = await measureCeilings(gpu.device, ceilingGemm(gpu));
    const profile = await profileTraining(
      model,
      { steps: options.steps, warmup: WARMUP_STEPS, lr: plan.optimizer.lr, batch },
      ceilings,
    );
    return { plan, adapterName: gpu.adapterName, ceilings, profile };
  } finally {
    model.destroy();
    gpu.destroy();
  }
}

/** The GEMM netc generates for a large square product on this adapter, with its default tile. */
function ceilingGemm(gpu: GpuContext): CeilingKernel {
  const size = CEILING_GEMM_SIZE;
  const shape = { m: size, n: size, k: size };
  // One kernel over the whole k: a square product this size has tiles enough for any adapter.
  const target = targetOf(gpu);
  const tile = { ...defaultGemmTile(shape, target), splits: 1 };
  const [kernel] = gemmKernels({
    name: "ceiling",
    ...shape,
    a: { kind: "dense", transposed: false },
    b: { kind: "dense", transposed: false },
    tile,
    workgroupStorage: target.workgroupStorage,
  }).kernels as [GemmKernel];
  return {
    description: `${size}×${size}×${size} GEMM, ${tile.strategy} tile ${tile.rows}×${tile.cols}`,
    code: kernel.code,
    entryPoint: kernel.entryPoint,
    workgroups: kernel.workgroups,
    flops: 2 * size ** 3,
    bindingBytes: [size * size * 4, size * size * 4, size * size * 4],
  };
}

/** The report as text: the set-up, the ceilings, the kernels slowest first, the step and memory totals. */
export function formatProfile({ plan, adapterName, ceilings, profile }: ProfileReport): string {
  const data = plan.data.source === "fashion_mnist" ? "Fashion-MNIST training batches" : "the spec's synthetic batches";
  // The kernel's name comes last: fused kernels' names run long, and the figures stay aligned.
  const header = ["ms", "share", "GFLOP/s", "of matmul", "GB/s", "of copy", "kernel"];
  // A node computed in several passes (a split GEMM, batch norm's reductions) names each kernel.
  const labels = profile.kernels.map((k) => k.label);
  const shared = new Set(labels.filter((label, i) => labels.indexOf(label) !== i));
  const rows = [...profile.kernels]
    .sort((a, b) => b.ms - a.ms)
    .map((k) => [
      k.ms.toFixed(3),
      percent(k.share),
      fixed(k.gflops, 2),
      percent(k.matmulFraction),
      fixed(k.gbps, 2),
      percent(k.copyFraction),
      shared.has(k.label) ? `${k.label} [${k.kernel}]` : k.label,
    ]);
  const last = header.length - 1;
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === last ? cell : cell.padStart(widths[c]!))).join("  ");
  // The rule spans the figures and the header's "kernel", not the longest name.
  const rule = "-".repeat(widths.slice(0, last).reduce((a, b) => a + b + 2, header[last]!.length));
  const bytes = (n: number) => `${n.toLocaleString("en-US")} bytes (${(n / 2 ** 20).toFixed(1)} MiB)`;
  return [
    `${plan.model}, batch ${plan.batch}, on ${adapterName}: ${profile.steps} timed training steps after ${WARMUP_STEPS} untimed, on ${data}`,
    `ceilings: matmul ${ceilings.matmul.gflops.toFixed(1)} GFLOP/s (${ceilings.matmul.description}), ` +
      `copy ${ceilings.copy.gbps.toFixed(1)} GB/s read + written (${ceilings.copy.description})`,
    "",
    line(header),
    rule,
    ...rows.map(line),
    rule,
    `step: ${profile.kernelMs.toFixed(3)} ms in ${profile.kernels.length} dispatches (sum of kernel times); ` +
      `${profile.spanMs.toFixed(3)} ms from the first kernel's start to the last one's end`,
    `untimed: ${profile.stepMs.toFixed(3)} ms per step, wall-clock, over ${profile.steps} ordinary steps ` +
      "(one compute pass without timestamps, the batch's upload included)",
    `memory: ${bytes(profile.plannedBytes)} in the memory plan; ${bytes(profile.allocatedBytes)} allocated ` +
      "(the plan's buffers, batch staging and metrics readback)",
    "GB/s counts each bound tensor once (read or written): GEMM tiles re-read from caches can exceed the copy ceiling, and a pass that reads part of a tensor (a reduction's totals) shows more than it moves.",
  ].join("\n");
}

function percent(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)}%` : "-";
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "-";
}
