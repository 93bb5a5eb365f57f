// Training is a function of the seed alone: two fresh models trained with the same seed on the
// same real Fashion-MNIST examples give bit-identical per-step losses and final weights (dropout
// masks included), and another seed gives different ones.

import { beforeAll, describe, expect, it } from "vitest";
import { shuffledIndices, type ImageDataset } from "../runtime/data.js";
import { Model, type StepMetrics } from "../runtime/engine.js";
import { loadFashionMnist } from "../runtime/node/fashion-mnist.js";
import type { ModelPlan } from "../runtime/plan.js";
import { imageSource } from "../runtime/trainer.js";
import { useGpu } from "./helpers/gpu.js";
import { compileSpec } from "./reference/executor.js";

const gpu = useGpu();

const BATCH = 32;
const STEPS = 10;

let examples: ImageDataset;
beforeAll(async () => {
  const { train } = await loadFashionMnist();
  const count = BATCH * STEPS;
  const pixels = train.rows * train.cols;
  examples = {
    ...train,
    images: train.images.subarray(0, count * pixels),
    labels: train.labels.subarray(0, count),
    count,
  };
});

/** One epoch over the examples in the seed's shuffled order, on a fresh model. */
async function train(plan: ModelPlan, seed: number): Promise<{ losses: number[]; weights: Map<string, Float32Array> }> {
  const model = await Model.create(gpu().device, plan, { seed });
  try {
    const source = imageSource(examples, plan.batch);
    const order = shuffledIndices(examples.count, seed, 0);
    const windows: Promise<StepMetrics[]>[] = [];
    for (let step = 0; step < STEPS; step++) {
      const window = model.trainStep(source.batch(order.subarray(step * BATCH, (step + 1) * BATCH)), plan.optimizer.lr);
      if (window !== undefined) windows.push(window);
    }
    windows.push(model.flushMetrics());
    const losses = (await Promise.all(windows)).flat().map((m) => m.loss);
    return { losses, weights: await model.readTensors() };
  } finally {
    model.destroy();
  }
}

describe.each(["specs/mlp.net", "specs/dropout_mlp.net"])("%s", (file) => {
  it("the same seed trains bit-identically; another seed does not", async () => {
    const { plan } = compileSpec(file, { batch: BATCH });
    const first = await train(plan, 7);
    const second = await train(plan, 7);
    const other = await train(plan, 8);

    expect(first.losses).toHaveLength(STEPS);
    expect(first.losses.every(Number.isFinite)).toBe(true);
    expect(new Set(first.losses).size).toBeGreaterThan(1);
    expect(second.losses).toEqual(first.losses);
    expect(second.weights).toEqual(first.weights);

    expect(other.losses).not.toEqual(first.losses);
    expect(other.weights.get("linear1.weight")).not.toEqual(first.weights.get("linear1.weight"));
  });
});
