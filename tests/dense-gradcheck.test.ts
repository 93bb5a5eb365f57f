// Whole-model gradients. The reference executor's analytic gradients (every family's `backward`
// as autodiff wires it, evaluated in float64) against central differences of its own loss; then
// the GPU model's gradients, read off one plain SGD step at lr = 1, against the reference.

import { describe, expect, it } from "vitest";
import { Model, type Batch } from "../runtime/engine.js";
import { initialValues } from "../runtime/init.js";
import type { ModelPlan } from "../runtime/plan.js";
import { useGpu } from "./helpers/gpu.js";
import { normalizedError, randomFloats } from "./helpers/ops.js";
import { compileSpec, gradientsOf, lossOf, runGraph, type Feed } from "./reference/executor.js";

const gpu = useGpu();

const EPSILON = 1e-6;
const FINITE_DIFFERENCE_TOLERANCE = 1e-6;
const GPU_TOLERANCE = 1e-4;

const specs = [
  {
    what: "linear → tanh → linear, cross-entropy",
    file: "tests/specs/gradcheck_tanh.net",
    frozen: [],
  },
  { what: "gelu and a bias-free layer, mse", file: "tests/specs/gradcheck_gelu.net", frozen: [] },
  {
    what: "residual sum with fan-out and a frozen branch",
    file: "tests/specs/gradcheck_residual.net",
    frozen: ["branch.linear1.weight", "branch.linear1.bias"],
  },
];

/** A full batch of seeded data for the plan: u8 images with labels, or features with targets. */
function batchFor(plan: ModelPlan, seed: number): { batch: Batch; feed: Feed } {
  const rows = plan.batch;
  const features = plan.input.shape.slice(1).reduce((a, b) => a * b, 1);
  const noise = new Float32Array(randomFloats(rows * features, seed));
  if (plan.target.kind === "class") {
    const pixels = Uint8Array.from(noise, (v) => Math.round((v + 1) * 127.5));
    const classes = plan.output.shape[1]!;
    const labels = Uint8Array.from({ length: rows }, (_, r) => (r * 7 + seed) % classes);
    return {
      batch: { kind: "images", pixels, labels, rows },
      feed: { input: Float64Array.from(pixels, (p) => Math.fround(p / 255)), target: Float64Array.from(labels) },
    };
  }
  const targets = new Float32Array(
    randomFloats(rows * plan.output.shape.slice(1).reduce((a, b) => a * b, 1), seed + 1),
  );
  return {
    batch: { kind: "features", features: noise, targets, rows },
    feed: { input: Float64Array.from(noise), target: Float64Array.from(targets) },
  };
}

/** The parameters a fresh Model starts from. */
function initialTensors(plan: ModelPlan): Map<string, Float64Array> {
  return new Map(plan.tensors.map((t, index) => [t.name, Float64Array.from(initialValues(t, plan.seed, index))]));
}

describe.each(specs)("$what", ({ file, frozen }) => {
  const spec = compileSpec(file);
  const { plan, training } = spec;
  const { feed, batch } = batchFor(plan, 3);
  const run = { seed: 0, rows: plan.batch };

  it("reference gradients match central differences of the reference loss", () => {
    const tensors = initialTensors(plan);
    const grads = gradientsOf(training, runGraph(training, tensors, feed, { ...run, mode: "train" }));
    expect([...grads.keys()].sort()).toEqual(
      plan.tensors
        .filter((t) => t.trainable)
        .map((t) => t.name)
        .sort(),
    );
    const lossAt = () => lossOf(training, runGraph(training, tensors, feed, { ...run, mode: "train" }));
    for (const [name, grad] of grads) {
      const weights = tensors.get(name)!;
      for (let i = 0; i < weights.length; i++) {
        const original = weights[i]!;
        weights[i] = original + EPSILON;
        const above = lossAt();
        weights[i] = original - EPSILON;
        const below = lossAt();
        weights[i] = original;
        const numeric = (above - below) / (2 * EPSILON);
        expect(
          Math.abs(grad[i]! - numeric),
          `${name}[${i}]: analytic ${grad[i]}, numeric ${numeric}`,
        ).toBeLessThanOrEqual(FINITE_DIFFERENCE_TOLERANCE);
      }
    }
  });

  it("GPU gradients (one SGD step at lr = 1) match the reference; frozen parameters stay put", async () => {
    const model = await Model.create(gpu().device, plan);
    try {
      const before = await model.readTensors();
      model.trainStep(batch, 1);
      const [metrics] = await model.flushMetrics();
      const after = await model.readTensors();

      const values = runGraph(training, before, feed, { ...run, mode: "train" });
      expect(metrics!.loss).toBeCloseTo(lossOf(training, values), 5);
      for (const [name, expected] of gradientsOf(training, values)) {
        const w0 = before.get(name)!;
        const w1 = after.get(name)!;
        const gpuGrad = Float64Array.from(w0, (w, i) => w - w1[i]!);
        expect(normalizedError(gpuGrad, expected), name).toBeLessThanOrEqual(GPU_TOLERANCE);
      }
      for (const name of frozen) expect(after.get(name), name).toEqual(before.get(name));
    } finally {
      model.destroy();
    }
  });
});
