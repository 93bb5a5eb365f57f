// The kernels compiled for a GPU (workgroup-memory tiles for convolutions of 64 or more channels
// and large GEMMs, k split across workgroups for a GPU's appetite for threads) train a whole
// network as the software adapter's own kernels do (subgroup tiles and direct convolutions, checked
// against PyTorch in cnn-pytorch.test.ts). Both run here: what a kernel computes does not depend on
// the adapter it runs on.

import { afterAll, describe, expect, it } from "vitest";
import { targetOf } from "../src/cli/train.js";
import { compile } from "../src/compile.js";
import type { Target } from "../src/ops/family.js";
import { loadFashionMnist } from "../runtime/node/fashion-mnist.js";
import { requestNodeGpu } from "../runtime/node/gpu.js";
import { Model } from "../runtime/engine.js";
import { imageSource } from "../runtime/trainer.js";
import { relativeError } from "./helpers/ops.js";

const gpu = await requestNodeGpu();
afterAll(() => gpu.destroy());
const { train } = await loadFashionMnist();

describe("a GPU's kernels", () => {
  it("train ResNet-18 (32×32, batch 4) one step as the software adapter's kernels do: loss, weights, running statistics and predictions", async () => {
    const software = targetOf(gpu);
    const { subgroupMinSize } = software;
    const gpuTarget: Target = {
      ...(subgroupMinSize ? { subgroupMinSize } : {}),
      workgroupStorage: gpu.device.limits.maxComputeWorkgroupStorageSize,
    };
    const run = async (target: Target) => {
      const plan = compile("specs/resnet18.net", { batch: 4, imageSize: 32, target }).plan!;
      const code = plan.kernels.map((k) => k.code).join("\n");
      const model = await Model.create(gpu.device, plan);
      const source = imageSource(train, plan.batch);
      const batch = (k: number) => source.batch(Uint32Array.from({ length: 4 }, (_, i) => 4 * k + i));
      model.trainStep(batch(0), plan.optimizer.lr);
      const [metrics] = await model.flushMetrics();
      const tensors = await model.readTensors();
      const output = await model.predict(batch(1));
      model.destroy();
      return { code, loss: metrics!.loss, tensors, output };
    };
    // The same GPU tiles with the conv weight gradients' loaders copied along k (netc tune offers it).
    const alongK: Target = {
      ...gpuTarget,
      gemmTiles: {
        tileFor: ({ tile }) => (tile?.strategy === "workgroup" ? { ...tile, loadersAlongK: true } : undefined),
      },
    };
    const [onGpu, onCpu, walked] = [await run(gpuTarget), await run(software), await run(alongK)];
    // The GPU's program has the kernels this test is about: workgroup tiles in k steps of 16 (stage
    // 1's 3×3 convs over k = 576 split in two), and k split across workgroups.
    expect(onGpu.code.match(/var<workgroup> gemm_tile_a/g)!.length).toBeGreaterThan(20);
    expect(onGpu.code).toContain("for (var k0 = 0u; k0 < 288u; k0 += 16u)");
    expect(onGpu.code).toContain("gemm_split");
    expect(onCpu.code).not.toContain("var<workgroup> gemm_tile_a");
    expect(Math.abs(onGpu.loss - onCpu.loss)).toBeLessThan(1e-5);
    for (const [name, values] of onGpu.tensors)
      expect(relativeError(values, onCpu.tensors.get(name)!), name).toBeLessThan(1e-4);
    expect(relativeError(onGpu.output, onCpu.output)).toBeLessThan(1e-4);
    expect(walked.code).not.toBe(onGpu.code);
    expect(Math.abs(walked.loss - onGpu.loss)).toBeLessThan(1e-6);
    for (const [name, values] of walked.tensors)
      expect(relativeError(values, onGpu.tensors.get(name)!), name).toBeLessThan(1e-5);
  });
});
