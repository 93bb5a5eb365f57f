// The fast subset of the long runs (scripts/accuracy.sh): a few hundred real training steps with
// the specs' own d2l hyperparameters must already learn.

import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../src/compile.js";
import { syntheticLinear } from "../runtime/data.js";
import { Model } from "../runtime/engine.js";
import { loadFashionMnist } from "../runtime/node/fashion-mnist.js";
import { requestNodeGpu } from "../runtime/node/gpu.js";
import { featureSource, imageSource, trainModel } from "../runtime/trainer.js";

const gpu = await requestNodeGpu();
afterAll(() => gpu.destroy());
const data = await loadFashionMnist();

async function train(spec: string, steps: number, epochs = 1) {
  const { plan } = compile(spec);
  const model = await Model.create(gpu.device, plan!);
  const test = imageSource(data.test, plan!.batch);
  const results = await trainModel(model, imageSource(data.train, plan!.batch), test, {
    epochs,
    seed: 0,
    maxStepsPerEpoch: steps,
  });
  model.destroy();
  return results.at(-1)!;
}

describe("a few hundred steps on the real Fashion-MNIST", () => {
  it("softmax regression: one epoch (235 steps) reaches 0.75 test accuracy", async () => {
    const result = await train("specs/softmax_regression.net", 235);
    expect(result.testAccuracy).toBeGreaterThan(0.75);
    expect(result.trainLoss).toBeLessThan(1.0);
  });

  it("MLP: 200 steps reach 0.70 test accuracy", async () => {
    const result = await train("specs/mlp.net", 200);
    expect(result.testAccuracy).toBeGreaterThan(0.7);
  });

  it("linear regression: d2l's 3 epochs recover w and b within 0.01", async () => {
    const { plan } = compile("specs/linear_regression.net");
    const model = await Model.create(gpu.device, plan!);
    const d = plan!.data as { w: number[]; b: number; noise: number; examples: number };
    const examples = syntheticLinear({ ...d, seed: 0 });
    await trainModel(
      model,
      featureSource(examples.features, examples.targets, examples.featureCount, plan!.batch),
      undefined,
      { epochs: plan!.epochs, seed: 0 },
    );
    const tensors = await model.readTensors();
    model.destroy();
    const [w0, w1] = tensors.get("linear1.weight")!;
    expect(Math.abs(w0! - 2)).toBeLessThan(0.01);
    expect(Math.abs(w1! + 3.4)).toBeLessThan(0.01);
    expect(Math.abs(tensors.get("linear1.bias")![0]! - 4.2)).toBeLessThan(0.01);
  });
});
