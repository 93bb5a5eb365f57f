// Fusion: activations after linear and conv layers run in the layer's GEMM epilogue. Fused and
// unfused programs must compute the same thing.

import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../src/compile.js";
import { loadFashionMnist } from "../runtime/node/fashion-mnist.js";
import { requestNodeGpu } from "../runtime/node/gpu.js";
import { Model } from "../runtime/engine.js";
import { imageSource } from "../runtime/trainer.js";

const gpu = await requestNodeGpu();
afterAll(() => gpu.destroy());
const { train } = await loadFashionMnist();

describe("activation epilogues", () => {
  it("fold each activation after a linear layer into the layer's kernel, named after both", () => {
    const fused = compile("specs/mlp.net").plan!;
    const unfused = compile("specs/mlp.net", { fuse: false }).plan!;
    expect(unfused.train.length - fused.train.length).toBe(1);
    const forward = fused.train.find((d) => d.label === "linear1 + relu1")!;
    expect(fused.kernels[forward.kernel]!.name).toBe("linear1_relu1_forward");
    expect(fused.train.some((d) => d.label === "relu1")).toBe(false);
    // relu's gradient still reads relu1's value: now the buffer linear1 writes.
    expect(fused.train.some((d) => d.label === "relu1.grad_input")).toBe(true);
  });

  it("fuse LeNet's four sigmoids (two after convs, two after linears)", () => {
    const fused = compile("specs/lenet.net").plan!;
    const unfused = compile("specs/lenet.net", { fuse: false }).plan!;
    expect(unfused.train.length - fused.train.length).toBe(4);
    expect(fused.predict.map((d) => d.label)).toContain("features.conv1 + features.sigmoid1");
  });

  it("fuse BN-LeNet's sigmoids into the batch norms before them", () => {
    const fused = compile("specs/bn_lenet.net").plan!;
    const unfused = compile("specs/bn_lenet.net", { fuse: false }).plan!;
    expect(unfused.train.length - fused.train.length).toBe(4);
    expect(fused.kernels.map((k) => k.name)).toContain("bn1_sigmoid1_forward");
  });

  for (const spec of ["specs/mlp.net", "specs/lenet.net", "specs/bn_lenet.net"]) {
    it(`agree with the unfused program within 1e-5 on ${spec}: outputs, and weights after two steps`, async () => {
      const run = async (fuse: boolean) => {
        const plan = compile(spec, { batch: 32, fuse }).plan!;
        const model = await Model.create(gpu.device, plan);
        const source = imageSource(train, plan.batch);
        const batch = (k: number) => source.batch(Uint32Array.from({ length: 32 }, (_, i) => k * 32 + i));
        model.trainStep(batch(0), plan.optimizer.lr);
        model.trainStep(batch(1), plan.optimizer.lr);
        const losses = await model.flushMetrics();
        const output = await model.predict(batch(2));
        const tensors = await model.readTensors();
        model.destroy();
        return { losses, output, tensors };
      };
      const [fused, unfused] = [await run(true), await run(false)];
      fused.losses.forEach((m, k) => expect(Math.abs(m.loss - unfused.losses[k]!.loss)).toBeLessThan(1e-5));
      const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
      expect(maxDiff(fused.output, unfused.output)).toBeLessThan(1e-5);
      for (const [name, values] of fused.tensors)
        expect(maxDiff(values, unfused.tensors.get(name)!), name).toBeLessThan(1e-5);
    });
  }
});
