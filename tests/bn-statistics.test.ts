// Batch norm's statistics recomputed with the weights fixed (`bn_statistics = recomputed`): the
// plan's statistics schedule, the running statistics it leaves (the plain average of the
// batches' statistics, whatever they were before) and the training loop that runs it each epoch.

import { afterAll, describe, expect, it } from "vitest";
import { targetOf } from "../src/cli/train.js";
import { compile } from "../src/compile.js";
import { loadFashionMnist } from "../runtime/node/fashion-mnist.js";
import { requestNodeGpu } from "../runtime/node/gpu.js";
import { Model } from "../runtime/engine.js";
import { shuffledIndices } from "../runtime/data.js";
import { imageSource, trainModel } from "../runtime/trainer.js";
import type { Batch } from "../runtime/engine.js";

const SPEC = "tests/specs/bn_statistics.net";
const BATCH = 16;
const gpu = await requestNodeGpu();
afterAll(() => gpu.destroy());
const { train } = await loadFashionMnist();
const source = imageSource(train, BATCH);

/** Examples `indices`' pixels' mean and unbiased variance (bn1's batch statistics), in float64. */
function pixelStatistics(indices: Uint32Array): { mean: number; variance: number } {
  const pixels = train.rows * train.cols;
  let sum = 0;
  let squares = 0;
  for (const example of indices) {
    for (let p = 0; p < pixels; p++) {
      const value = train.images[example * pixels + p]! / 255;
      sum += value;
      squares += value * value;
    }
  }
  const count = indices.length * pixels;
  const mean = sum / count;
  return { mean, variance: (squares - count * mean * mean) / (count - 1) };
}

/** The plain average of each batch's pixel statistics, as recomputation should leave bn1's. */
function averagedStatistics(batches: Uint32Array[]): { mean: number; variance: number } {
  const each = batches.map(pixelStatistics);
  return {
    mean: each.reduce((s, b) => s + b.mean, 0) / each.length,
    variance: each.reduce((s, b) => s + b.variance, 0) / each.length,
  };
}

const rows = (from: number) => Uint32Array.from({ length: BATCH }, (_, i) => from + 7 * i);
function* batchesOf(starts: number[]): Iterable<Batch> {
  for (const start of starts) yield source.batch(rows(start));
}

describe("bn_statistics = recomputed", () => {
  it("plans the forward in training mode as far as the last batch norm, and nothing for a model without one", () => {
    const { plan } = compile(SPEC);
    expect(plan!.bnStatistics).toEqual({ kind: "recomputed", batches: 3 });
    const labels = plan!.train.slice(0, plan!.statistics).map((d) => d.label);
    expect(labels[0]).toMatch(/^bn1/);
    expect(labels.at(-1)).toMatch(/bn2/);
    expect(labels.join(" ")).not.toMatch(/linear1|loss/);
    expect(compile("specs/mlp.net").plan!.statistics).toBe(0);
    expect(compile("specs/mlp.net").plan!.bnStatistics).toEqual({ kind: "running" });
  });

  // Portable kernels fused and unfused, and this adapter's (whose conv computes bn2's statistics).
  const variants = [
    { name: "fused", fuse: true, adapter: false },
    { name: "unfused", fuse: false, adapter: false },
    { name: "fused, this adapter's kernels", fuse: true, adapter: true },
  ];
  const recomputed = new Map<string, Map<string, Float32Array>>();

  it.each(variants)(
    "leaves the average of the batches' statistics and every parameter as it was ($name)",
    async ({ name, fuse, adapter }) => {
      const plan = compile(SPEC, { fuse, target: adapter ? targetOf(gpu) : {} }).plan!;
      const model = await Model.create(gpu.device, plan, { seed: 2 });
      // A step first: running statistics of their own, and weights that differ from their start.
      model.trainStep(source.batch(rows(500)), plan.optimizer.lr);
      await model.flushMetrics();
      const before = await model.readTensors();
      const starts = [0, 1000, 2000];
      model.recomputeStatistics(batchesOf(starts));
      const after = await model.readTensors();
      // Again over the same batches: the statistics from before do not enter.
      model.recomputeStatistics(batchesOf(starts));
      const again = await model.readTensors();
      model.destroy();

      for (const [tensor, values] of before) {
        if (tensor.includes("running")) {
          expect(after.get(tensor), tensor).not.toEqual(values);
          const drift = again.get(tensor)!.reduce((m, v, i) => Math.max(m, Math.abs(v - after.get(tensor)![i]!)), 0);
          expect(drift, tensor).toBeLessThan(1e-6);
        } else {
          expect(after.get(tensor), tensor).toEqual(values);
        }
      }
      const expected = averagedStatistics(starts.map(rows));
      expect(after.get("bn1.running_mean")![0]).toBeCloseTo(expected.mean, 6);
      expect(after.get("bn1.running_var")![0]).toBeCloseTo(expected.variance, 6);
      recomputed.set(name, after);
    },
  );

  it("gives bn2 the same statistics fused and unfused", () => {
    const unfused = recomputed.get("unfused")!;
    for (const name of ["fused", "fused, this adapter's kernels"]) {
      for (const tensor of ["bn2.running_mean", "bn2.running_var"]) {
        const values = recomputed.get(name)!.get(tensor)!;
        const diff = values.reduce((m, v, i) => Math.max(m, Math.abs(v - unfused.get(tensor)![i]!)), 0);
        expect(diff, `${name} ${tensor}`).toBeLessThan(1e-5);
      }
    }
  });

  // 40 examples: 2 full batches of 16, fewer than the spec's 3.
  const examples = Uint32Array.from({ length: 40 }, (_, i) => 3000 + i);

  /**
   * bn1's running statistics after training on `examples` as `options` say, against the average of
   * the statistics of the first `batches` batches of the last epoch's order (seed 9).
   */
  async function expectStatisticsOf(options: { epochs: number; maxStepsPerEpoch?: number }, batches: number) {
    const model = await Model.create(gpu.device, compile(SPEC).plan!, { seed: 5 });
    const subset = {
      count: examples.length,
      batch: (indices: Uint32Array) => source.batch(indices.map((k) => examples[k]!)),
    };
    await trainModel(model, subset, undefined, { ...options, seed: 9 });
    const tensors = await model.readTensors();
    model.destroy();
    const order = shuffledIndices(examples.length, 9, options.epochs - 1).map((k) => examples[k]!);
    const expected = averagedStatistics(
      Array.from({ length: batches }, (_, k) => order.subarray(k * BATCH, (k + 1) * BATCH)),
    );
    expect(tensors.get("bn1.running_mean")![0]).toBeCloseTo(expected.mean, 6);
    expect(tensors.get("bn1.running_var")![0]).toBeCloseTo(expected.variance, 6);
  }

  it("runs after each epoch of training, over the epoch's first full batches", async () => {
    await expectStatisticsOf({ epochs: 2 }, 2);
  });

  it("uses no more batches than the epoch trained (a quick run with maxStepsPerEpoch)", async () => {
    await expectStatisticsOf({ epochs: 1, maxStepsPerEpoch: 1 }, 1);
  });
});
