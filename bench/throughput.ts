// netc's training throughput: compiles a spec and times training steps on a device.

import { compile } from "../src/compile.js";
import type { Limits } from "../src/6-plan/index.js";
import type { Target } from "../src/ops/family.js";
import { shuffledIndices, type ImageDataset } from "../runtime/data.js";
import { Model } from "../runtime/engine.js";
import { imageSource } from "../runtime/trainer.js";

export interface Throughput {
  imagesPerSecond: number;
  /**
   * Images per second of this process's CPU time (all its threads): on a software adapter, which
   * runs the kernels on this process's threads, the work a step takes, whatever else the host runs.
   */
  imagesPerCpuSecond: number;
  /** Dispatches in one training step. */
  dispatches: number;
  batch: number;
}

/** Random u8 images and labels, for machines without the dataset (the GPU machine). */
export function randomImages(count: number, side: number): ImageDataset {
  const images = new Uint8Array(count * side * side);
  let state = 12345;
  for (let i = 0; i < images.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    images[i] = state >>> 24;
  }
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  return { images, labels, count, rows: side, cols: side, classes: [] };
}

/** Trains `steps` steps after `warmup` untimed ones and returns images per second. */
export async function netcThroughput(
  device: GPUDevice,
  spec: string,
  data: ImageDataset,
  options: {
    steps: number;
    warmup: number;
    batch?: number;
    /** Input side in pixels, replacing the spec's (`--image-size`); the data is resized to it on the GPU. */
    imageSize?: number;
    limits?: Limits;
    target?: Target;
    fuse?: boolean;
  },
): Promise<Throughput> {
  const compiled = compile(spec, {
    ...(options.batch ? { batch: options.batch } : {}),
    ...(options.imageSize ? { imageSize: options.imageSize } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(options.fuse === false ? { fuse: false } : {}),
  });
  if (compiled.plan === undefined)
    throw new Error(`${spec} does not compile: ${compiled.diagnostics.map((d) => d.message).join("; ")}`);
  const plan = compiled.plan;
  const model = await Model.create(device, plan);
  const source = imageSource(data, plan.batch);
  const order = shuffledIndices(data.count, 0, 0);
  const batches = Math.floor(data.count / plan.batch);
  const run = async (count: number, offset: number) => {
    const windows: Promise<unknown>[] = [];
    for (let s = 0; s < count; s++) {
      const start = ((offset + s) % batches) * plan.batch;
      const window = model.trainStep(source.batch(order.subarray(start, start + plan.batch)), plan.optimizer.lr);
      if (window) windows.push(window);
      if (windows.length > 1) await windows.shift();
    }
    await Promise.all(windows);
    await model.flushMetrics();
  };
  await run(options.warmup, 0);
  const start = performance.now();
  const cpu = process.cpuUsage();
  await run(options.steps, options.warmup);
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  model.destroy();
  const images = options.steps * plan.batch;
  return {
    imagesPerSecond: images / seconds,
    imagesPerCpuSecond: images / ((used.user + used.system) / 1e6),
    dispatches: plan.train.length,
    batch: plan.batch,
  };
}
