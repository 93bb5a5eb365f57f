// The dense models against PyTorch (tests/fixtures/README.md): logits, loss, gradients and the
// parameters after SGD, AdamW and Adam steps, from the fixtures' initial weights and batch. Each
// optimizer run is checked twice: by the float64 reference executor and by the GPU engine.

import { describe, expect, it } from "vitest";
import { Model, type Batch } from "../runtime/engine.js";
import { useGpu } from "./helpers/gpu.js";
import { expectClose, loadFixture, tensor, type Fixture } from "./helpers/pytorch.js";
import {
  compileSpec,
  gradientsOf,
  lossOf,
  ReferenceTrainer,
  runGraph,
  type CompiledSpec,
  type Feed,
} from "./reference/executor.js";

const gpu = useGpu();

/** The README's bounds: |a − b| ≤ atol + 1e-4·|b|, looser in absolute terms for Adam. */
const SGD_ATOL = 1e-6;
const ADAM_ATOL = 1e-5;

/** The model's parameters, by name, as the fixture stores them under `prefix` (e.g. `sgd.step1.`). */
function parameters(spec: CompiledSpec, fixture: Fixture, prefix = ""): Map<string, Float32Array<ArrayBuffer>> {
  return new Map(spec.plan.tensors.map((t) => [t.name, tensor(fixture, prefix + t.name)]));
}

function expectParameters(
  actual: ReadonlyMap<string, ArrayLike<number>>,
  fixture: Fixture,
  prefix: string,
  atol: number,
): void {
  for (const [name, values] of actual) expectClose(values, tensor(fixture, prefix + name), atol, prefix + name);
}

// Each run starts from the initial parameters with fresh optimizer state; `steps` are the stored ones.
const runs = [
  { run: "sgd", steps: [1, 2], atol: SGD_ATOL },
  { run: "sgd_nobiasdecay", steps: [2], atol: SGD_ATOL },
  { run: "adamw", steps: [1, 2], atol: ADAM_ATOL },
  { run: "adam", steps: [2], atol: ADAM_ATOL },
];

// The softmax regression's file alone has these: Nesterov momentum (d + μ·v with the new buffer),
// Adam's weight decay (added to the gradient, not AdamW's decoupled shrink), and biases at
// `lr_mult = 0.5` (PyTorch: a param group at half the learning rate).
const softmaxRegressionRuns = [
  { run: "sgd_nesterov", steps: [2], atol: SGD_ATOL },
  { run: "adam_decay", steps: [2], atol: ADAM_ATOL },
  { run: "sgd_biaslr", steps: [2], atol: SGD_ATOL },
];

const classifiers = [
  { model: "softmax_regression", fixture: "dense_softmax_regression", runs: [...runs, ...softmaxRegressionRuns] },
  { model: "mlp", fixture: "dense_mlp", runs },
];

describe.each(classifiers)("$model", ({ model, fixture: fixtureName, runs }) => {
  const fixture = loadFixture(fixtureName);
  const images = tensor(fixture, "input.x");
  // The fixture's pixels are u8 / 255 exactly, so the u8 batch the engine takes loses nothing.
  const pixels = Uint8Array.from(images, (v) => Math.round(v * 255));
  const labels = Uint8Array.from(tensor(fixture, "input.y"));
  const batch: Batch = { kind: "images", pixels, labels, rows: labels.length };
  const feed: Feed = { input: Float64Array.from(images), target: Float64Array.from(labels) };
  const specFile = (run: string) => `tests/specs/fixture_${model}_${run}.net`;

  it("the fixture's images are u8 pixels / 255", () => {
    expect(Float32Array.from(pixels, (p) => p / 255)).toEqual(images);
  });

  it("reference executor: logits, loss and gradients", () => {
    const spec = compileSpec(specFile("sgd"));
    const values = runGraph(spec.training, parameters(spec, fixture), feed, {
      mode: "train",
      seed: 0,
      rows: batch.rows,
    });
    expectClose(values[spec.training.graph.output]!, tensor(fixture, "forward.logits"), SGD_ATOL, "logits");
    expectClose([lossOf(spec.training, values)], tensor(fixture, "forward.loss"), SGD_ATOL, "loss");
    expectParameters(gradientsOf(spec.training, values), fixture, "grad.", SGD_ATOL);
  });

  it("GPU: logits (predict) and loss (evaluate)", async () => {
    const spec = compileSpec(specFile("sgd"));
    const engine = await Model.create(gpu().device, spec.plan);
    try {
      engine.writeTensors(parameters(spec, fixture));
      expectClose(await engine.predict(batch), tensor(fixture, "forward.logits"), SGD_ATOL, "logits");
      expectClose([(await engine.evaluate([batch])).loss], tensor(fixture, "forward.loss"), SGD_ATOL, "loss");
    } finally {
      engine.destroy();
    }
  });

  describe.each(runs)("$run", ({ run, steps, atol }) => {
    const last = Math.max(...steps);

    it(`reference executor: parameters after step ${steps.join(" and ")}`, () => {
      const spec = compileSpec(specFile(run));
      const trainer = new ReferenceTrainer(spec.training, spec.optimizer, parameters(spec, fixture));
      for (let step = 1; step <= last; step++) {
        const values = trainer.step(feed, spec.optimizer.lr, { seed: 0, rows: batch.rows });
        if (run === "sgd" && step === 2)
          expectClose([lossOf(spec.training, values)], tensor(fixture, "sgd.step2.loss"), SGD_ATOL, "step 2 loss");
        if (steps.includes(step)) expectParameters(trainer.tensors, fixture, `${run}.step${step}.`, atol);
      }
    });

    it(`GPU: parameters after step ${steps.join(" and ")}`, async () => {
      const spec = compileSpec(specFile(run));
      const engine = await Model.create(gpu().device, spec.plan);
      try {
        engine.writeTensors(parameters(spec, fixture));
        for (let step = 1; step <= last; step++) {
          engine.trainStep(batch, spec.optimizer.lr);
          if (steps.includes(step)) expectParameters(await engine.readTensors(), fixture, `${run}.step${step}.`, atol);
        }
        const losses = (await engine.flushMetrics()).map((m) => m.loss);
        expectClose(losses.slice(0, 1), tensor(fixture, "forward.loss"), SGD_ATOL, "step 1 loss");
        if (run === "sgd") expectClose(losses.slice(1, 2), tensor(fixture, "sgd.step2.loss"), SGD_ATOL, "step 2 loss");
      } finally {
        engine.destroy();
      }
    });
  });
});

describe("linear_regression", () => {
  const fixture = loadFixture("dense_linear_regression");
  const x = tensor(fixture, "input.x");
  const y = tensor(fixture, "input.y");
  const rows = y.length;
  const batch: Batch = { kind: "features", features: x, targets: y, rows };
  const feed: Feed = { input: Float64Array.from(x), target: Float64Array.from(y) };
  const spec = compileSpec("tests/specs/fixture_linear_regression.net");

  it("reference executor: output, MSE loss, gradients and one SGD step", () => {
    const trainer = new ReferenceTrainer(spec.training, spec.optimizer, parameters(spec, fixture));
    const values = trainer.step(feed, spec.optimizer.lr, { seed: 0, rows });
    expectClose(values[spec.training.graph.output]!, tensor(fixture, "forward.output"), SGD_ATOL, "output");
    expectClose([lossOf(spec.training, values)], tensor(fixture, "forward.loss"), SGD_ATOL, "loss");
    expectParameters(gradientsOf(spec.training, values), fixture, "grad.", SGD_ATOL);
    expectParameters(trainer.tensors, fixture, "sgd.step1.", SGD_ATOL);
  });

  it("GPU: output, MSE loss, gradients (a plain SGD step at lr = 1) and one SGD step", async () => {
    const engine = await Model.create(gpu().device, spec.plan);
    try {
      const initial = parameters(spec, fixture);
      engine.writeTensors(initial);
      expectClose(await engine.predict(batch), tensor(fixture, "forward.output"), SGD_ATOL, "output");

      engine.trainStep(batch, 1);
      const [metrics] = await engine.flushMetrics();
      expectClose([metrics!.loss], tensor(fixture, "forward.loss"), SGD_ATOL, "loss");
      const stepped = await engine.readTensors();
      const grads = new Map(
        [...initial].map(([name, w0]) => [name, Float64Array.from(w0, (w, i) => w - stepped.get(name)![i]!)]),
      );
      expectParameters(grads, fixture, "grad.", SGD_ATOL);

      engine.writeTensors(initial);
      engine.trainStep(batch, spec.optimizer.lr);
      expectParameters(await engine.readTensors(), fixture, "sgd.step1.", SGD_ATOL);
    } finally {
      engine.destroy();
    }
  });
});
