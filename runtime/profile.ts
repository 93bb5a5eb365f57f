// Per-kernel timing of training steps with WebGPU timestamp queries, set against ceilings measured
// on the same adapter: a large GEMM for arithmetic and a copy kernel for memory. Browser-safe.

/// <reference types="@webgpu/types" preserve="true" />
import type { Batch, Model, TimedDispatch } from "./engine.js";
import { BufferUsage, MapMode } from "./gpu.js";
import { waitPacer, type WaitPacer } from "./pacing.js";

/** Thrown when the device lacks the `timestamp-query` feature; the message says what to do. */
export class TimestampQueryUnsupportedError extends Error {
  override name = "TimestampQueryUnsupportedError";
  constructor() {
    super(
      "this WebGPU device has no 'timestamp-query' feature, which profiling needs: use an adapter that offers it " +
        "and request the device with requiredFeatures ['timestamp-query'] (requestGpu does)",
    );
  }
}

/** A compute kernel that stands for the adapter's best arithmetic: a large GEMM. */
export interface CeilingKernel {
  /** What it computes, for reports: "1024×1024×1024 GEMM, register tile 4×8". */
  description: string;
  code: string;
  entryPoint: string;
  workgroups: [number, number, number];
  flops: number;
  /** Size of the buffer at each binding of group 0. */
  bindingBytes: number[];
}

export interface Ceilings {
  matmul: { description: string; gflops: number };
  /** Bytes read plus bytes written per second by a vectorised copy kernel. */
  copy: { description: string; gbps: number };
}

export interface KernelProfile extends TimedDispatch {
  /** Mean milliseconds per step between its pass's start and end timestamps. */
  ms: number;
  /** ms over the step's sum of kernel times. */
  share: number;
  /** NaN for a kernel shorter than the timer's resolution. */
  gflops: number;
  gbps: number;
  /** gflops over the matmul ceiling, gbps over the copy ceiling. */
  matmulFraction: number;
  copyFraction: number;
}

export interface TrainingProfile {
  steps: number;
  /** One row per dispatch, in dispatch order. */
  kernels: KernelProfile[];
  /** Mean per step: the sum of the kernels' times, and the time from the first start to the last end. */
  kernelMs: number;
  spanMs: number;
  /**
   * Mean wall-clock milliseconds of an ordinary training step (all dispatches in one compute pass,
   * no timestamps), timed over as many steps after the timed ones: what the kernel times leave out
   * (uploads, submission) and whether timing each kernel in a pass of its own changed them.
   */
  stepMs: number;
  /** Bytes of the memory plan's buffers, and of every buffer the model allocated. */
  plannedBytes: number;
  allocatedBytes: number;
}

const CEILING_REPEATS = 5;
const CEILING_BUSY_MS = 250;
/** At least: a software adapter's third round is the first whose wait is paced (pacing.ts). */
const CEILING_ROUNDS = 3;
const COPY_BYTES = 64 * 2 ** 20;
const COPY_WORKGROUP = 256;

/** Times `matmul` and a copy of 64 MiB, each the fastest of several runs. */
export async function measureCeilings(device: GPUDevice, matmul: CeilingKernel): Promise<Ceilings> {
  requireTimestamps(device);
  const matmulMs = await fastestRun(device, matmul);
  const copy = copyKernel(device.limits.maxComputeWorkgroupsPerDimension);
  const copyMs = await fastestRun(device, copy);
  return {
    matmul: { description: matmul.description, gflops: matmul.flops / (matmulMs * 1e6) },
    copy: { description: copy.description, gbps: (2 * COPY_BYTES) / (copyMs * 1e6) },
  };
}

export interface ProfileOptions {
  /** Timed steps, after `warmup` ordinary ones. */
  steps: number;
  warmup: number;
  lr: number;
  /** The batch of training step k (warm-up steps count). */
  batch(step: number): Batch;
}

/**
 * Trains `warmup` ordinary steps, then `steps` timed ones (each dispatch in its own compute pass
 * with start and end timestamps), and returns each dispatch's mean time and throughput.
 */
export async function profileTraining(
  model: Model,
  options: ProfileOptions,
  ceilings: Ceilings,
): Promise<TrainingProfile> {
  const { device } = model;
  requireTimestamps(device);
  const dispatches = model.timedDispatches;
  const queries = 2 * dispatches.length;
  const querySet = device.createQuerySet({ type: "timestamp", count: queries });
  const resolved = device.createBuffer({
    size: queries * 8,
    usage: BufferUsage.QUERY_RESOLVE | BufferUsage.COPY_SRC,
  });
  const readback = device.createBuffer({ size: queries * 8, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
  try {
    for (let step = 0; step < options.warmup; step++) await model.trainStep(options.batch(step), options.lr);
    await model.flushMetrics();
    const totals = new Float64Array(dispatches.length);
    let spanMs = 0;
    const pacer = waitPacer(device);
    for (let step = 0; step < options.steps; step++) {
      const startedMs = performance.now();
      const metrics = model.timedTrainStep(options.batch(options.warmup + step), options.lr, querySet);
      const times = await readTimestamps(device, querySet, resolved, readback, {
        pacer,
        kind: "timed step",
        startedMs,
      });
      await metrics;
      dispatches.forEach((_, k) => (totals[k]! += Number(times[2 * k + 1]! - times[2 * k]!) / 1e6));
      spanMs += Number(times[queries - 1]! - times[0]!) / 1e6;
    }
    await model.flushMetrics();
    const stepMs = await timeOrdinarySteps(model, options);
    const kernelMs = totals.reduce((a, b) => a + b, 0) / options.steps;
    const kernels = dispatches.map((dispatch, k): KernelProfile => {
      const ms = totals[k]! / options.steps;
      const gflops = ms > 0 ? dispatch.flops / (ms * 1e6) : NaN;
      const gbps = ms > 0 ? dispatch.bytes / (ms * 1e6) : NaN;
      return {
        ...dispatch,
        ms,
        share: ms / kernelMs,
        gflops,
        gbps,
        matmulFraction: gflops / ceilings.matmul.gflops,
        copyFraction: gbps / ceilings.copy.gbps,
      };
    });
    return {
      steps: options.steps,
      kernels,
      kernelMs,
      spanMs: spanMs / options.steps,
      stepMs,
      plannedBytes: model.plan.buffers.reduce((sum, b) => sum + b.bytes, 0),
      allocatedBytes: model.allocatedBytes,
    };
  } finally {
    querySet.destroy();
    resolved.destroy();
    readback.destroy();
  }
}

/** Mean wall-clock milliseconds of `options.steps` ordinary training steps, after the timed ones. */
async function timeOrdinarySteps(model: Model, options: ProfileOptions): Promise<number> {
  const first = options.warmup + options.steps;
  const start = performance.now();
  const windows: Promise<unknown>[] = [];
  for (let step = first; step < first + options.steps; step++) {
    const window = model.trainStep(options.batch(step), options.lr);
    if (window) windows.push(window);
  }
  await Promise.all(windows);
  await model.flushMetrics();
  await model.device.queue.onSubmittedWorkDone();
  return (performance.now() - start) / options.steps;
}

function requireTimestamps(device: GPUDevice): void {
  if (!device.features.has("timestamp-query")) throw new TimestampQueryUnsupportedError();
}

/**
 * The query set's timestamps in nanoseconds, once the work submitted before (at `startedMs`, of
 * the same `kind` each time) has run.
 */
async function readTimestamps(
  device: GPUDevice,
  querySet: GPUQuerySet,
  resolved: GPUBuffer,
  readback: GPUBuffer,
  paced: { pacer: WaitPacer; kind: string; startedMs: number },
): Promise<BigInt64Array> {
  const encoder = device.createCommandEncoder({ label: "timestamps" });
  encoder.resolveQuerySet(querySet, 0, querySet.count, resolved, 0);
  encoder.copyBufferToBuffer(resolved, 0, readback, 0, resolved.size);
  device.queue.submit([encoder.finish()]);
  await paced.pacer.wait(paced.kind, 1, paced.startedMs, () => readback.mapAsync(MapMode.READ));
  const times = new BigInt64Array(readback.getMappedRange().slice(0));
  readback.unmap();
  return times;
}

/**
 * Milliseconds of the fastest timed dispatch of `kernel`, over rounds of several: CEILING_ROUNDS at
 * least, and more for CEILING_BUSY_MS of wall-clock time, as a GPU that idled runs slow until its
 * clocks rise (one round on an H100 read a fifth of the speed another process had measured seconds
 * before). Each round's first dispatch is left out (software adapters compile on first use).
 */
async function fastestRun(device: GPUDevice, kernel: CeilingKernel): Promise<number> {
  const pipeline = await device.createComputePipelineAsync({
    label: kernel.description,
    layout: "auto",
    compute: { module: device.createShaderModule({ code: kernel.code }), entryPoint: kernel.entryPoint },
  });
  const buffers = kernel.bindingBytes.map((size) =>
    device.createBuffer({ size: Math.max(16, Math.ceil(size / 4) * 4), usage: BufferUsage.STORAGE }),
  );
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const queries = 2 * (CEILING_REPEATS + 1);
  const querySet = device.createQuerySet({ type: "timestamp", count: queries });
  const resolved = device.createBuffer({
    size: queries * 8,
    usage: BufferUsage.QUERY_RESOLVE | BufferUsage.COPY_SRC,
  });
  const readback = device.createBuffer({ size: queries * 8, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
  const pacer = waitPacer(device);
  try {
    let fastest = Infinity;
    for (
      let round = 0, start = performance.now();
      round < CEILING_ROUNDS || performance.now() - start < CEILING_BUSY_MS;
      round++
    ) {
      const encoder = device.createCommandEncoder({ label: kernel.description });
      for (let run = 0; run <= CEILING_REPEATS; run++) {
        const pass = encoder.beginComputePass({
          timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * run, endOfPassWriteIndex: 2 * run + 1 },
        });
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(...kernel.workgroups);
        pass.end();
      }
      const startedMs = performance.now();
      device.queue.submit([encoder.finish()]);
      const times = await readTimestamps(device, querySet, resolved, readback, { pacer, kind: "round", startedMs });
      for (let run = 1; run <= CEILING_REPEATS; run++) {
        fastest = Math.min(fastest, Number(times[2 * run + 1]! - times[2 * run]!) / 1e6);
      }
    }
    return fastest;
  } finally {
    for (const buffer of [...buffers, resolved, readback]) buffer.destroy();
    querySet.destroy();
  }
}

/** Copies 64 MiB as vec4s, one per invocation, in rows of at most `maxWorkgroups` workgroups. */
function copyKernel(maxWorkgroups: number): CeilingKernel {
  const vectors = COPY_BYTES / 16;
  const workgroups = vectors / COPY_WORKGROUP;
  const columns = Math.min(workgroups, maxWorkgroups);
  const rows = Math.ceil(workgroups / columns);
  return {
    description: "64 MiB vec4 copy kernel",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> source: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> destination: array<vec4f>;

@compute @workgroup_size(${COPY_WORKGROUP})
fn main(@builtin(global_invocation_id) id: vec3u) {
  let index = id.y * ${columns * COPY_WORKGROUP}u + id.x;
  if (index < ${vectors}u) {
    destination[index] = source[index];
  }
}
`,
    entryPoint: "main",
    workgroups: [columns, rows, 1],
    flops: 0,
    bindingBytes: [COPY_BYTES, COPY_BYTES],
  };
}
