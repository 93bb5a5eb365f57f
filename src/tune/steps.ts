// Timing on an adapter: whole training steps (how `netc tune` confirms its choices and the
// benchmarks measure throughput), which clock a time is read from, and medians. Node only (process
// CPU time).

import { availableParallelism } from "node:os";
import type { ImageDataset } from "../../runtime/data.js";
import { pixelsPerImage, type Batch, type Model } from "../../runtime/engine.js";
import type { ModelPlan } from "../../runtime/plan.js";

export interface StepTiming {
  steps: number;
  wallMs: number;
  /** This process's CPU time, all its threads: on a software adapter, the work of the steps. */
  cpuMs: number;
}

/**
 * Trains `steps` steps of `model` on `batch(first)`, `batch(first + 1)`, … at `lr` the way the
 * trainer does (at most one metrics read-back in flight) and times them up to the last read-back.
 */
export async function timeTrainingSteps(
  model: Model,
  batch: (step: number) => Batch,
  lr: number,
  steps: number,
  first = 0,
): Promise<StepTiming> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const windows: Promise<unknown>[] = [];
  for (let s = 0; s < steps; s++) {
    const window = model.trainStep(batch(first + s), lr);
    if (window) windows.push(window);
    if (windows.length > 1) await windows.shift();
  }
  await Promise.all(windows);
  await model.flushMetrics();
  const used = process.cpuUsage(cpu);
  return { steps, wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * The milliseconds a timing stands for on the adapter: on a software one (`software`), whose kernels
 * run on this machine's CPU threads, the process's CPU time over the cores, which other processes
 * sharing the cores do not inflate as they do the wall-clock time (on this shared machine wall-clock
 * picks did not reproduce); on a GPU the wall-clock time, as the CPU time there says nothing: Dawn's
 * Node binding keeps a core busy while it waits for the GPU.
 */
export function adapterMs(wallMs: number, cpuMs: number, software: boolean): number {
  return software ? cpuMs / availableParallelism() : wallMs;
}

/** The middle value, or the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Deterministic random u8 images and labels, for timing where the dataset is not needed or not there. */
export function randomImages(count: number, side: number): ImageDataset {
  return {
    images: randomBytes(count * side * side),
    labels: labels(count),
    count,
    rows: side,
    cols: side,
    classes: [],
  };
}

function labels(count: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length: count }, (_, i) => i % 10);
}

function randomBytes(count: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(count);
  let state = 12345;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** One random batch of the kind and size `plan` trains on, the same for every step (timing needs no variety). */
export function randomBatch(plan: ModelPlan): Batch {
  const rows = plan.batch;
  if (plan.data.source === "fashion_mnist") {
    return { kind: "images", pixels: randomBytes(rows * pixelsPerImage(plan)), labels: labels(rows), rows };
  }
  const perRow = (shape: number[]) => shape.reduce((a, b) => a * b, 1) / rows;
  const random = (count: number) => Float32Array.from({ length: count }, (_, i) => Math.sin(i + 1));
  return {
    kind: "features",
    features: random(rows * perRow(plan.input.shape)),
    targets: random(rows * perRow(plan.target.shape)),
    rows,
  };
}
