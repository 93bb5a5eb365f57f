// specs/bn_lenet.net trained for several steps against PyTorch (tests/fixtures/cnn_bn_lenet, see its
// README): from the fixture's initial state and on the same images, each step's loss, every
// parameter and running statistic after the last step (a partial batch), and evaluation-mode logits
// after it. Portable kernels fused and unfused, and this adapter's (direct convs, statistics taken
// in the convs, where it has subgroups).

import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { targetOf } from "../src/cli/train.js";
import { compile } from "../src/compile.js";
import { Model } from "../runtime/engine.js";
import { loadFashionMnist } from "../runtime/node/fashion-mnist.js";
import { requestNodeGpu } from "../runtime/node/gpu.js";
import { decodeSafetensors } from "../runtime/safetensors.js";
import { imageSource } from "../runtime/trainer.js";

const gpu = await requestNodeGpu();
afterAll(() => gpu.destroy());
const { train } = await loadFashionMnist();

const fixture = decodeSafetensors(new Uint8Array(readFileSync("tests/fixtures/cnn_bn_lenet.safetensors")));
const config = JSON.parse(fixture.metadata.config!) as { steps: number[]; optimizer: { lr: number } };
const tensor = (name: string): Float32Array => {
  const found = fixture.tensors.get(name);
  if (found === undefined) throw new Error(`the fixture has no tensor '${name}'`);
  return Float32Array.from(found.data);
};
const stateNames = [...fixture.tensors.keys()].filter((k) => k.startsWith("init.")).map((k) => k.slice(5));

/**
 * netc and PyTorch add in different orders, and seven steps at learning rate 1 grow the float32
 * differences to about 1e-5 of a tensor's scale (its largest magnitude, or 1 where that is smaller;
 * linear2.weight 0.9–1.0e-5 in every variant): |netc − PyTorch| ≤ ATOL·scale + RTOL·|PyTorch|.
 */
const ATOL = 4e-5;
const RTOL = 1e-4;

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const scale = Math.max(1, ...Array.from(expected, Math.abs));
  let worst = 0;
  let excess = -Infinity;
  for (let i = 0; i < expected.length; i++) {
    const over = Math.abs(actual[i]! - expected[i]!) - (ATOL * scale + RTOL * Math.abs(expected[i]!));
    if (!(over <= excess)) [worst, excess] = [i, over];
  }
  expect(excess, `${what}[${worst}]: got ${actual[worst]}, PyTorch ${expected[worst]}`).toBeLessThanOrEqual(0);
}

describe("BN-LeNet against PyTorch over several training steps", () => {
  it("starts from a state the fixture fully describes", () => {
    const plan = compile("specs/bn_lenet.net").plan!;
    expect(stateNames.sort()).toEqual(plan.tensors.map((t) => t.name).sort());
  });

  for (const [fuse, adapter] of [
    [true, false],
    [false, false],
    [true, true],
  ] as const) {
    it(`agrees step by step (${fuse ? "fused" : "unfused"}${adapter ? ", this adapter's kernels" : ""})`, async () => {
      const batch = config.steps[0]!;
      const plan = compile("specs/bn_lenet.net", { batch, fuse, target: adapter ? targetOf(gpu) : {} }).plan!;
      expect(plan.optimizer.lr).toBe(config.optimizer.lr);
      const model = await Model.create(gpu.device, plan);
      try {
        model.writeTensors(new Map(stateNames.map((name) => [name, tensor(`init.${name}`)])));
        const source = imageSource(train, batch);
        const losses: number[] = [];
        let start = 0;
        for (const rows of config.steps) {
          const window = model.trainStep(
            source.batch(Uint32Array.from({ length: rows }, (_, i) => start + i)),
            plan.optimizer.lr,
          );
          if (window !== undefined) losses.push(...(await window).map((m) => m.loss));
          start += rows;
        }
        losses.push(...(await model.flushMetrics()).map((m) => m.loss));
        expectClose(losses, tensor("losses"), "losses");

        const final = await model.readTensors();
        for (const name of stateNames) expectClose(final.get(name)!, tensor(`final.${name}`), name);

        const logits = await model.predict(source.batch(Uint32Array.from({ length: batch }, (_, i) => i)));
        expectClose(logits.subarray(0, batch * 10), tensor("eval.logits"), "evaluation logits");
      } finally {
        model.destroy();
      }
    });
  }
});
