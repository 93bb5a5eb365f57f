// netc's training throughput: compiles a spec, warms its model up and times training steps on a device.

import { compile } from "../src/compile.js";
import type { Limits } from "../src/6-plan/index.js";
import type { Target } from "../src/ops/family.js";
import { shuffledIndices, type ImageDataset } from "../runtime/data.js";
import { Model } from "../runtime/engine.js";
import { imageSource } from "../runtime/trainer.js";
import { timeTrainingSteps } from "../src/tune/steps.js";

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

/** A spec's model on a device, warmed up, whose training steps can be timed again and again. */
export interface TrainingBench {
  /**
   * Trains `steps` more steps and returns their rate. Whole metrics windows (multiples of 16
   * steps) keep every read-back paced on a software adapter (runtime/pacing.ts), as in an epoch.
   */
  measure(steps: number): Promise<Throughput>;
  destroy(): void;
}

/**
 * Compiles `spec`, creates its model and trains it through two metrics windows and a step: the
 * first steps compile kernels on a software adapter, and the pacer learns a window's duration.
 */
export async function benchTraining(
  device: GPUDevice,
  spec: string,
  data: ImageDataset,
  options: {
    batch?: number;
    /** Input side in pixels, replacing the spec's (`--image-size`); the data is resized to it on the GPU. */
    imageSize?: number;
    limits?: Limits;
    target?: Target;
    fuse?: boolean;
  },
): Promise<TrainingBench> {
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
  const batch = (step: number) => {
    const start = (step % batches) * plan.batch;
    return source.batch(order.subarray(start, start + plan.batch));
  };
  let trained = 0;
  const train = async (steps: number) => {
    const timing = await timeTrainingSteps(model, batch, plan.optimizer.lr, steps, trained);
    trained += steps;
    return timing;
  };
  try {
    await train(2 * plan.metricsSlots + 1);
  } catch (error) {
    model.destroy();
    throw error;
  }
  return {
    async measure(steps) {
      const timing = await train(steps);
      const images = steps * plan.batch;
      return {
        imagesPerSecond: images / (timing.wallMs / 1000),
        imagesPerCpuSecond: images / (timing.cpuMs / 1000),
        dispatches: plan.train.length,
        batch: plan.batch,
      };
    },
    destroy: () => model.destroy(),
  };
}
