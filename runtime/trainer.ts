// The training loop, shared by `netc train` and web pages: seeded shuffling, batching, the learning
// rate schedule, asynchronous metrics, per-epoch evaluation and a stop on a non-finite loss.

import { gatherImageBatch, gatherLabelBatch, shuffledIndices, type ImageDataset } from "./data.js";
import type { Batch, Model, StepMetrics } from "./engine.js";
import type { ModelPlan } from "./plan.js";

/** Batches by example index, written into arrays allocated once. */
export interface BatchSource {
  count: number;
  batch(indices: Uint32Array): Batch;
}

export function imageSource(dataset: ImageDataset, batchSize: number): BatchSource {
  const pixels = dataset.rows * dataset.cols;
  const images = new Uint8Array(batchSize * pixels);
  const labels = new Uint8Array(batchSize);
  return {
    count: dataset.count,
    batch(indices) {
      const rows = indices.length;
      gatherImageBatch(dataset, indices, images);
      gatherLabelBatch(dataset, indices, labels);
      return { kind: "images", pixels: images.subarray(0, rows * pixels), labels: labels.subarray(0, rows), rows };
    },
  };
}

export function featureSource(
  features: Float32Array,
  targets: Float32Array,
  featureCount: number,
  batchSize: number,
): BatchSource {
  const count = features.length / featureCount;
  const width = targets.length / count;
  const x = new Float32Array(batchSize * featureCount);
  const y = new Float32Array(batchSize * width);
  return {
    count,
    batch(indices) {
      indices.forEach((example, row) => {
        x.set(features.subarray(example * featureCount, (example + 1) * featureCount), row * featureCount);
        y.set(targets.subarray(example * width, (example + 1) * width), row * width);
      });
      const rows = indices.length;
      return {
        kind: "features",
        features: x.subarray(0, rows * featureCount),
        targets: y.subarray(0, rows * width),
        rows,
      };
    },
  };
}

/** Learning rate at a point of training, after the spec's schedule. */
export function learningRate(plan: ModelPlan, epoch: number, step: number, stepsPerEpoch: number): number {
  const base = plan.optimizer.lr;
  const schedule = plan.schedule;
  switch (schedule.kind) {
    case "constant":
      return base;
    case "step":
      return base * schedule.gamma ** Math.floor(epoch / schedule.every);
    case "cosine": {
      const progress = epoch + step / stepsPerEpoch;
      if (progress < schedule.warmup) return (base * (progress + 1 / stepsPerEpoch)) / schedule.warmup;
      const span = Math.max(1e-9, plan.epochs - schedule.warmup);
      return (
        schedule.minLr + ((base - schedule.minLr) * (1 + Math.cos((Math.PI * (progress - schedule.warmup)) / span))) / 2
      );
    }
  }
}

export interface EpochResult {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss?: number;
  testAccuracy?: number;
  /** Rows trained per second; in the run's first epoch, from the end of its first step (see trainModel). */
  imagesPerSecond: number;
  /** The epoch's training time, its first step included. */
  seconds: number;
}

export interface Progress {
  epoch: number;
  step: number;
  stepsPerEpoch: number;
  loss: number;
  imagesPerSecond: number;
}

export interface TrainOptions {
  epochs: number;
  seed: number;
  /** Stop each epoch after this many steps (short runs and tests). */
  maxStepsPerEpoch?: number;
  onProgress?(progress: Progress): void;
  onEpoch?(result: EpochResult): void | Promise<void>;
  /**
   * Called before a wait that reports no steps: the run's first step (where drivers compile kernels
   * on first use), and each epoch's evaluation of the test set.
   */
  onWait?(wait: { kind: "first step" | "evaluation"; epoch: number }): void;
  /** Checked between steps: a stop button. */
  shouldStop?(): boolean;
  now?(): number;
}

/** Training hit a NaN or infinite loss; the step and the last finite loss say where. */
export class NonFiniteLossError extends Error {
  override name = "NonFiniteLossError";
  constructor(
    readonly step: number,
    readonly lastFiniteLoss: number | undefined,
  ) {
    super(
      `the loss became non-finite at step ${step}` +
        (lastFiniteLoss === undefined ? "" : ` (last finite loss ${lastFiniteLoss.toPrecision(5)})`) +
        ": lower the learning rate or check the data",
    );
  }
}

/** Evaluates `source` in full, in batches of the model's batch size. */
export function evaluate(model: Model, source: BatchSource): Promise<StepMetrics> {
  const batchSize = model.plan.batch;
  function* all(): Iterable<Batch> {
    for (let start = 0; start < source.count; start += batchSize) {
      const rows = Math.min(batchSize, source.count - start);
      yield source.batch(Uint32Array.from({ length: rows }, (_, k) => start + k));
    }
  }
  return model.evaluate(all());
}

/**
 * Where the plan asks for it, batch norm's statistics recomputed from the epoch's first full
 * batches (in its shuffled order), at most the plan's number and at most the `steps` the epoch trained.
 */
function recomputeStatistics(model: Model, train: BatchSource, order: Uint32Array, steps: number): void {
  const { bnStatistics, batch } = model.plan;
  if (bnStatistics.kind !== "recomputed" || model.plan.statistics === 0) return;
  const count = Math.min(bnStatistics.batches, Math.floor(train.count / batch), steps);
  // Lazily: a source's batches share one array, each staged before the next is gathered.
  function* batches(): Iterable<Batch> {
    for (let k = 0; k < count; k++) yield train.batch(order.subarray(k * batch, (k + 1) * batch));
  }
  model.recomputeStatistics(batches());
}

export async function trainModel(
  model: Model,
  train: BatchSource,
  test: BatchSource | undefined,
  options: TrainOptions,
): Promise<EpochResult[]> {
  const now = options.now ?? (() => performance.now());
  const batchSize = model.plan.batch;
  const stepsPerEpoch = Math.min(Math.ceil(train.count / batchSize), options.maxStepsPerEpoch ?? Infinity);
  const results: EpochResult[] = [];
  let globalStep = 0;
  let lastFinite: number | undefined;

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = shuffledIndices(train.count, options.seed, epoch);
    const epochStarted = now();
    // images/s is timed from here, over the rows trained since (see the warm-up step below).
    let clockStarted = epochStarted;
    let clockedRows = 0;
    let lossSum = 0;
    let hitSum = 0;
    let rowSum = 0;
    let stepsDone = 0;
    const absorb = (window: StepMetrics[], firstStep: number) => {
      window.forEach((m, k) => {
        if (!Number.isFinite(m.loss)) throw new NonFiniteLossError(firstStep + k + 1, lastFinite);
        lastFinite = m.loss;
        lossSum += m.loss * m.rows;
        hitSum += m.accuracy * m.rows;
        rowSum += m.rows;
        clockedRows += m.rows;
      });
      stepsDone += window.length;
    };
    const imagesPerSecond = (atMs: number) => clockedRows / Math.max((atMs - clockStarted) / 1000, 1e-9);
    const absorbAndReport = (window: StepMetrics[], firstStep: number) => {
      absorb(window, firstStep);
      options.onProgress?.({
        epoch,
        step: stepsDone,
        stepsPerEpoch,
        loss: window.at(-1)?.loss ?? NaN,
        imagesPerSecond: imagesPerSecond(now()),
      });
    };

    // At most two metrics windows in flight: the CPU stays a little ahead of the GPU, never far.
    const pending: { window: Promise<StepMetrics[]>; firstStep: number }[] = [];
    let windowStart = globalStep;
    for (let step = 0; step < stepsPerEpoch; step++) {
      if (options.shouldStop?.()) break;
      const indices = order.subarray(step * batchSize, Math.min(train.count, (step + 1) * batchSize));
      const window = model.trainStep(train.batch(indices), learningRate(model.plan, epoch, step, stepsPerEpoch));
      globalStep++;
      if (window !== undefined) {
        pending.push({ window, firstStep: windowStart });
        windowStart = globalStep;
      }
      if (epoch === 0 && step === 0 && stepsPerEpoch > 1) {
        options.onWait?.({ kind: "first step", epoch });
        // The run's first step pays for what the driver leaves to first use (compiling shaders, on
        // some): a short first epoch timed with it reported 5 images/s against 1,164 after. So it
        // is waited for, and the epoch's rate timed from its end, over the steps after it.
        for (const { window, firstStep } of pending.splice(0)) absorb(await window, firstStep);
        absorb(await model.flushMetrics(), windowStart);
        windowStart = globalStep;
        clockStarted = now();
        clockedRows = 0;
      }
      while (pending.length > 1) {
        const { window: oldest, firstStep } = pending.shift()!;
        absorbAndReport(await oldest, firstStep);
      }
    }
    for (const { window, firstStep } of pending) absorbAndReport(await window, firstStep);
    absorbAndReport(await model.flushMetrics(), windowStart);

    // Timed before the recomputation: images/s counts training alone.
    const endedMs = now();
    recomputeStatistics(model, train, order, stepsPerEpoch);
    const result: EpochResult = {
      epoch: epoch + 1,
      trainLoss: lossSum / rowSum,
      trainAccuracy: hitSum / rowSum,
      imagesPerSecond: imagesPerSecond(endedMs),
      seconds: (endedMs - epochStarted) / 1000,
    };
    if (test !== undefined) {
      options.onWait?.({ kind: "evaluation", epoch });
      const tested = await evaluate(model, test);
      result.testLoss = tested.loss;
      result.testAccuracy = tested.accuracy;
    }
    results.push(result);
    await options.onEpoch?.(result);
    if (options.shouldStop?.()) break;
  }
  return results;
}
