// Several steps per command buffer compute what one step per submit computes, bit for bit, for
// image and feature batches, partial batches, evaluation and prediction; once warm, training
// allocates no GPU buffers or bind groups; and each metrics read-back waits, paced on a software
// adapter, for the steps recorded since the one before.

import { beforeAll, describe, expect, it, vi } from "vitest";
import { shuffledIndices, syntheticLinear, type ImageDataset } from "../runtime/data.js";
import { Model, type StepMetrics } from "../runtime/engine.js";
import { loadFashionMnist } from "../runtime/node/fashion-mnist.js";
import { WaitPacer, waitPacer } from "../runtime/pacing.js";
import type { ModelPlan } from "../runtime/plan.js";
import { featureSource, imageSource, trainModel, type BatchSource } from "../runtime/trainer.js";
import { useGpu } from "./helpers/gpu.js";
import { compileSpec } from "./reference/executor.js";

const gpu = useGpu();

const STEPS = 21;

let images: ImageDataset;
beforeAll(async () => {
  images = (await loadFashionMnist()).train;
});

/** The spec's data: the first examples of Fashion-MNIST, or its synthetic regression set. */
function sourceFor(plan: ModelPlan): BatchSource {
  if (plan.data.source === "synthetic_linear") {
    const data = syntheticLinear({ ...plan.data, seed: plan.seed });
    return featureSource(data.features, data.targets, data.featureCount, plan.batch);
  }
  return imageSource(images, plan.batch);
}

interface Run {
  losses: number[];
  weights: Map<string, Float32Array>;
  evaluation: StepMetrics;
  prediction: Float32Array;
}

/** STEPS training steps (the last one partial if asked), then an evaluation and a prediction. */
async function run(plan: ModelPlan, stepsPerSubmit: number, partialLast: boolean): Promise<Run> {
  const model = await Model.create(gpu().device, plan, { stepsPerSubmit });
  try {
    const source = sourceFor(plan);
    const order = shuffledIndices(source.count, plan.seed, 0);
    const batch = (step: number) => {
      const rows = partialLast && step === STEPS - 1 ? plan.batch - 3 : plan.batch;
      return source.batch(order.subarray(step * plan.batch, step * plan.batch + rows));
    };
    const windows: Promise<StepMetrics[]>[] = [];
    for (let step = 0; step < STEPS; step++) {
      const window = model.trainStep(batch(step), plan.optimizer.lr);
      if (window !== undefined) windows.push(window);
    }
    windows.push(model.flushMetrics());
    const losses = (await Promise.all(windows)).flat().map((m) => m.loss);
    const evaluation = await model.evaluate([0, 1, 2, 3, 4].map(batch));
    const prediction = await model.predict(batch(0));
    return { losses, weights: await model.readTensors(), evaluation, prediction };
  } finally {
    model.destroy();
  }
}

// Batch norm's statistics span the whole batch buffer, rows past a partial batch included, so
// BN-LeNet runs full batches only.
describe.each([
  ["specs/dropout_mlp.net", 32, true],
  ["specs/bn_lenet.net", 8, false],
  ["specs/linear_regression.net", 10, true],
])("%s", (file, batch, partialLast) => {
  it("trains, evaluates and predicts bit-identically with 1, 3 and 16 steps per submit", async () => {
    const { plan } = compileSpec(file, { batch });
    const one = await run(plan, 1, partialLast);
    expect(one.losses).toHaveLength(STEPS);
    expect(one.losses.every(Number.isFinite)).toBe(true);
    expect(new Set(one.losses).size).toBeGreaterThan(1);
    for (const stepsPerSubmit of [3, 16]) {
      const batched = await run(plan, stepsPerSubmit, partialLast);
      expect(batched.losses).toEqual(one.losses);
      expect(batched.weights).toEqual(one.weights);
      expect(batched.evaluation).toEqual(one.evaluation);
      expect(batched.prediction).toEqual(one.prediction);
    }
  });
});

/** The device with a count of each of its methods' calls. */
function countingDevice(device: GPUDevice): { device: GPUDevice; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const counting = new Proxy(device, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.set(String(property), (calls.get(String(property)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { device: counting, calls };
}

describe("steady-state training", () => {
  it.each(["specs/bn_lenet.net", "specs/linear_regression.net"])(
    "%s: an epoch after the first creates no buffer, bind group or pipeline, and one command buffer per 4 steps",
    async (file) => {
      const { plan } = compileSpec(file, { batch: 8 });
      const { device, calls } = countingDevice(gpu().device);
      const model = await Model.create(device, plan, { stepsPerSubmit: 4 });
      try {
        const source = sourceFor(plan);
        const epoch = () => trainModel(model, source, undefined, { epochs: 1, seed: 1, maxStepsPerEpoch: 40 });
        await epoch();
        expect(calls.get("createBuffer")).toBeGreaterThan(0);
        calls.clear();
        const [result] = await epoch();
        expect(Number.isFinite(result!.trainLoss)).toBe(true);
        const created = [...calls.keys()].filter(
          (name) => name.startsWith("create") && name !== "createCommandEncoder",
        );
        expect(created).toEqual([]);
        // 40 steps in tens of 4, the epoch end's copy of the metrics ring and, where the spec
        // recomputes batch norm's statistics (bn_lenet: from 50 batches, at most the 40 the epoch
        // trained), those batches in fours.
        const statistics =
          plan.bnStatistics.kind === "recomputed" ? Math.ceil(Math.min(plan.bnStatistics.batches, 40) / 4) : 0;
        expect(calls.get("createCommandEncoder")).toBe(40 / 4 + 1 + statistics);
      } finally {
        model.destroy();
      }
    },
  );
});

describe("dropout", () => {
  it("draws a new mask each step, the same ones again from the same seed", async () => {
    const { plan } = compileSpec("specs/dropout_mlp.net", { batch: 32 });
    const batch = imageSource(images, plan.batch).batch(Uint32Array.from({ length: plan.batch }, (_, i) => i));
    /** Two steps on one batch at learning rate 0: only the dropout masks can tell their losses apart. */
    const losses = async () => {
      const model = await Model.create(gpu().device, plan);
      try {
        model.trainStep(batch, 0);
        model.trainStep(batch, 0);
        return (await model.flushMetrics()).map((m) => m.loss);
      } finally {
        model.destroy();
      }
    };
    const first = await losses();
    expect(first).toHaveLength(2);
    expect(first.every(Number.isFinite)).toBe(true);
    expect(first[1]).not.toBe(first[0]);
    expect(await losses()).toEqual(first);
  });
});

describe("paced read-backs", () => {
  /** Batch k of the training images, in order. */
  const consecutiveBatches = (size: number) => {
    const source = imageSource(images, size);
    return (k: number) => source.batch(Uint32Array.from({ length: size }, (_, i) => k * size + i));
  };

  it("a software adapter's waits are paced, and each metrics read-back waits for the steps since the one before", async () => {
    expect(waitPacer(gpu().device).paced).toBe(gpu().adapter.info.isFallbackAdapter);
    const { plan } = compileSpec("specs/dropout_mlp.net", { batch: 32 });
    const waits = vi.spyOn(WaitPacer.prototype, "wait");
    const model = await Model.create(gpu().device, plan);
    try {
      const batch = consecutiveBatches(plan.batch);
      const slots = plan.metricsSlots;
      const windows: Promise<StepMetrics[]>[] = [];
      for (let step = 0; step < 2 * slots + 3; step++) {
        const window = model.trainStep(batch(step), plan.optimizer.lr);
        if (window !== undefined) windows.push(window);
      }
      windows.push(model.flushMetrics());
      expect((await Promise.all(windows)).flat()).toHaveLength(2 * slots + 3);
      await model.evaluate([0, 1, 2].map(batch));
      expect(waits.mock.calls.map(([kind, steps]) => [kind, steps])).toEqual([
        ["train", slots],
        ["train", slots],
        ["train", 3],
        ["evaluate", 3],
      ]);
    } finally {
      waits.mockRestore();
      model.destroy();
    }
  });

  it("times each read-back's work from its first submission, or from the read-back before it if that was seen later", async () => {
    const { plan } = compileSpec("specs/dropout_mlp.net", { batch: 32 });
    const wait = WaitPacer.prototype.wait;
    const waits: { kind: string; steps: number; startedMs: number; doneMs: number }[] = [];
    const spy = vi.spyOn(WaitPacer.prototype, "wait").mockImplementation(async function <T>(
      this: WaitPacer,
      kind: string,
      steps: number,
      startedMs: number,
      done: () => Promise<T>,
    ) {
      const result = await wait.call(this, kind, steps, startedMs, done);
      waits.push({ kind, steps, startedMs, doneMs: performance.now() });
      return result as T;
    });
    const model = await Model.create(gpu().device, plan, { stepsPerSubmit: 1 });
    try {
      const batch = consecutiveBatches(plan.batch);
      const slots = plan.metricsSlots;
      const windows: Promise<StepMetrics[]>[] = [];
      // The first window's first step is submitted between these two times, its last ones later.
      const beforeFirst = performance.now();
      model.trainStep(batch(0), plan.optimizer.lr);
      const afterFirst = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 20));
      // Two windows submitted at once: the second's steps queue behind the first's read-back.
      for (let step = 1; step < 2 * slots; step++) {
        const window = model.trainStep(batch(step), plan.optimizer.lr);
        if (window !== undefined) windows.push(window);
      }
      await Promise.all(windows);
      await new Promise((resolve) => setTimeout(resolve, 20));
      // Evaluation submitted after every read-back was seen: timed from its own submission.
      const beforeEvaluation = performance.now();
      await model.evaluate([0, 1].map(batch));
      expect(waits.map(({ kind, steps }) => [kind, steps])).toEqual([
        ["train", slots],
        ["train", slots],
        ["evaluate", 2],
      ]);
      const [first, second, evaluation] = waits as [(typeof waits)[0], (typeof waits)[0], (typeof waits)[0]];
      expect(first.startedMs).toBeGreaterThanOrEqual(beforeFirst);
      expect(first.startedMs).toBeLessThanOrEqual(afterFirst);
      expect(second.startedMs).toBeGreaterThanOrEqual(first.doneMs);
      expect(evaluation.startedMs).toBeGreaterThanOrEqual(beforeEvaluation);
    } finally {
      spy.mockRestore();
      model.destroy();
    }
  });

  it("counts steps recorded without a read-back of their own (prediction) in the next one's work", async () => {
    const { plan } = compileSpec("specs/dropout_mlp.net", { batch: 32 });
    const waits = vi.spyOn(WaitPacer.prototype, "wait");
    const model = await Model.create(gpu().device, plan);
    try {
      const batch = consecutiveBatches(plan.batch);
      model.trainStep(batch(0), plan.optimizer.lr);
      await model.predict(batch(1));
      await model.flushMetrics();
      expect(waits.mock.calls.map(([kind, steps]) => [kind, steps])).toEqual([["train + predict", 2]]);
    } finally {
      waits.mockRestore();
      model.destroy();
    }
  });
});
