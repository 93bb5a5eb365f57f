// CNNs trained for several steps against PyTorch (tests/fixtures/cnn_<model>, see its README):
// from the fixture's initial state and on the same images, each step's loss, every parameter and
// running statistic after the last step (a partial batch), and evaluation-mode logits after it.
// Portable kernels fused and unfused, and this adapter's (direct convs, statistics taken in the
// convs, where it has subgroups). BN-LeNet covers batch norm; LeNet sigmoid and average pooling,
// with rows of 14 and 10 (not whole vec4s); its ReLU variant max pooling; tests/specs/resnet_small.net
// residual blocks (an identity shortcut whose gradient fans out, a strided 1×1 projection) and
// global average pooling; tests/specs/inception_small.net an Inception block and concats whose
// convs write in place, padded max and average pooling, and SGD with momentum.

import { afterAll, describe, expect, it } from "vitest";
import { targetOf } from "../src/cli/train.js";
import { compile } from "../src/compile.js";
import { Model } from "../runtime/engine.js";
import { loadFashionMnist } from "../runtime/node/fashion-mnist.js";
import { requestNodeGpu } from "../runtime/node/gpu.js";
import { imageSource } from "../runtime/trainer.js";
import { expectClose, loadFixture, tensor } from "./helpers/pytorch.js";

const gpu = await requestNodeGpu();
afterAll(() => gpu.destroy());
const { train } = await loadFashionMnist();

/**
 * netc and PyTorch add in different orders: the absolute bound is ATOL times a tensor's scale (its
 * largest magnitude, or 1 where that is smaller), besides expectClose's relative 1e-4. Seven steps
 * of BN-LeNet at learning rate 1 grow the float32 differences to about 1e-5 of the scale
 * (linear2.weight 0.9–1.0e-5 in every variant); both LeNets stayed within 1e-6, the small ResNet
 * and Inception nets within 2e-7.
 */
const ATOL: Record<string, number> = {
  bn_lenet: 4e-5,
  lenet: 2e-6,
  lenet_relu: 2e-6,
  resnet_small: 1e-6,
  inception_small: 1e-6,
};

describe.each(Object.keys(ATOL))("%s against PyTorch over several training steps", (model) => {
  const fixture = loadFixture(`cnn_${model}`);
  const config = JSON.parse(fixture.metadata.config!) as {
    spec: string;
    steps: number[];
    optimizer: { lr: number; momentum: number };
  };
  const spec = config.spec;
  const stateNames = [...fixture.tensors.keys()].filter((k) => k.startsWith("init.")).map((k) => k.slice(5));

  function expectNear(actual: ArrayLike<number>, name: string, what = name): void {
    const expected = tensor(fixture, name);
    expectClose(actual, expected, ATOL[model]! * Math.max(1, ...Array.from(expected, Math.abs)), what);
  }

  it("starts from a state the fixture fully describes", () => {
    expect(spec.endsWith(`/${model}.net`)).toBe(true);
    const plan = compile(spec).plan!;
    expect(stateNames.sort()).toEqual(plan.tensors.map((t) => t.name).sort());
  });

  for (const [fuse, adapter] of [
    [true, false],
    [false, false],
    [true, true],
  ] as const) {
    it(`agrees step by step (${fuse ? "fused" : "unfused"}${adapter ? ", this adapter's kernels" : ""})`, async () => {
      const batch = config.steps[0]!;
      const plan = compile(spec, { batch, fuse, target: adapter ? targetOf(gpu) : {} }).plan!;
      expect(plan.optimizer).toMatchObject({ kind: "sgd", ...config.optimizer });
      const net = await Model.create(gpu.device, plan);
      try {
        net.writeTensors(new Map(stateNames.map((name) => [name, tensor(fixture, `init.${name}`)])));
        const source = imageSource(train, batch);
        const losses: number[] = [];
        let start = 0;
        for (const rows of config.steps) {
          const window = net.trainStep(
            source.batch(Uint32Array.from({ length: rows }, (_, i) => start + i)),
            plan.optimizer.lr,
          );
          if (window !== undefined) losses.push(...(await window).map((m) => m.loss));
          start += rows;
        }
        losses.push(...(await net.flushMetrics()).map((m) => m.loss));
        expectNear(losses, "losses");

        const final = await net.readTensors();
        for (const name of stateNames) expectNear(final.get(name)!, `final.${name}`, name);

        const logits = await net.predict(source.batch(Uint32Array.from({ length: batch }, (_, i) => i)));
        expectNear(logits.subarray(0, batch * 10), "eval.logits", "evaluation logits");
      } finally {
        net.destroy();
      }
    });
  }
});
