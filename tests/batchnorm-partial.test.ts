// A partial last batch leaves stale rows in every buffer behind its valid ones. Batch norm's
// statistics and gradients must ignore them, as PyTorch sees only the valid rows: training on
// 20 valid rows of a batch-32 model must equal training a batch-20 model on the same rows.

import { afterAll, describe, expect, it } from "vitest";
import { targetOf } from "../src/cli/train.js";
import { compile } from "../src/compile.js";
import { loadFashionMnist } from "../runtime/node/fashion-mnist.js";
import { requestNodeGpu } from "../runtime/node/gpu.js";
import { Model } from "../runtime/engine.js";
import { imageSource } from "../runtime/trainer.js";

const gpu = await requestNodeGpu();
afterAll(() => gpu.destroy());
const { train } = await loadFashionMnist();
const rows = (from: number, count: number) => Uint32Array.from({ length: count }, (_, i) => from + i);

describe("batch norm on a partial batch", () => {
  // Portable kernels fused and unfused, and this adapter's, where with subgroups the convs before
  // the norms compute the norms' statistics.
  for (const [fuse, adapter] of [
    [true, false],
    [false, false],
    [true, true],
  ] as const) {
    it(`uses only the valid rows (${fuse ? "fused" : "unfused"}${adapter ? ", this adapter's kernels" : ""})`, async () => {
      const target = adapter ? targetOf(gpu) : {};
      const trainOn = async (batch: number, stale: boolean) => {
        const plan = compile("specs/bn_lenet.net", { batch, fuse, target }).plan!;
        const model = await Model.create(gpu.device, plan, { seed: 3 });
        const source = imageSource(train, batch);
        if (stale) {
          // A full step leaves other images in the rows past the partial batch; then start afresh.
          model.trainStep(source.batch(rows(1000, batch)), plan.optimizer.lr);
          await model.flushMetrics();
          model.initialize();
        }
        model.trainStep(source.batch(rows(0, 20)), plan.optimizer.lr);
        const [metrics] = await model.flushMetrics();
        const tensors = await model.readTensors();
        model.destroy();
        return { loss: metrics!.loss, tensors };
      };
      const partial = await trainOn(32, true);
      const exact = await trainOn(20, false);
      expect(Math.abs(partial.loss - exact.loss)).toBeLessThan(1e-5);
      for (const [name, values] of exact.tensors) {
        const other = partial.tensors.get(name)!;
        const diff = values.reduce((m, v, i) => Math.max(m, Math.abs(v - other[i]!)), 0);
        expect(diff, name).toBeLessThan(1e-5);
      }
    });
  }
});
