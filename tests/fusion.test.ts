// Fusion: activations after linear and conv layers run in the layer's GEMM epilogue, and convs
// write their channels of a concat's output in place. Fused and unfused programs must compute
// the same thing.

import { afterAll, describe, expect, it } from "vitest";
import { targetOf } from "../src/cli/train.js";
import { compile } from "../src/compile.js";
import { fuse } from "../src/5-fuse/index.js";
import { loadFashionMnist } from "../runtime/node/fashion-mnist.js";
import { requestNodeGpu } from "../runtime/node/gpu.js";
import { Model } from "../runtime/engine.js";
import { initialValues } from "../runtime/init.js";
import type { DispatchPlan, ModelPlan } from "../runtime/plan.js";
import { isOp, type OpNode } from "../src/ir/graph.js";
import type { Target } from "../src/ops/family.js";
import { imageSource } from "../runtime/trainer.js";
import { randomFloats } from "./helpers/ops.js";
import { compileSpec, runGraph } from "./reference/executor.js";

const gpu = await requestNodeGpu();
afterAll(() => gpu.destroy());
const { train } = await loadFashionMnist();

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe("activation epilogues", () => {
  it("fold each activation after a linear layer into the layer's kernel, named after both", () => {
    const fused = compile("specs/mlp.net").plan!;
    const unfused = compile("specs/mlp.net", { fuse: false }).plan!;
    expect(unfused.train.length - fused.train.length).toBe(1);
    const forward = fused.train.filter((d) => d.label === "linear1 + relu1");
    expect(forward.map((d) => fused.kernels[d.kernel]!.name)).toContain("linear1_relu1_forward");
    expect(fused.train.some((d) => d.label === "relu1")).toBe(false);
    // relu's gradient still reads relu1's value: now the buffer linear1 writes.
    expect(fused.train.some((d) => d.label === "relu1.grad_input")).toBe(true);
  });

  it("fuse LeNet's four sigmoids (two after convs, two after linears)", () => {
    const fused = compile("specs/lenet.net").plan!;
    const unfused = compile("specs/lenet.net", { fuse: false }).plan!;
    // Four sigmoids, and the two average pools' gradients, read by the sigmoids' gradients.
    expect(unfused.train.length - fused.train.length).toBe(4 + 2);
    expect(fused.train.map((d) => d.label)).toContain("features.sigmoid1.grad_input + features.avgpool1.grad_input");
    const gradient = fused.kernels.find((k) => k.name === "features_sigmoid1_grad_input_grad")!.code;
    expect(gradient).toContain("act_grad4(dy_at4(i), saved[i])");
    expect(gradient).toContain("fn pooled_dy4(k: u32) -> vec4f {");
    expect(fused.predict.map((d) => d.label)).toContain("features.conv1 + features.sigmoid1");
  });

  it("fuse BN-LeNet's sigmoids into the batch norms before them, and their gradients into batch norm's", () => {
    const fused = compile("specs/bn_lenet.net").plan!;
    const unfused = compile("specs/bn_lenet.net", { fuse: false }).plan!;
    // Four sigmoids forward, four sigmoid gradients backward, each batch norm's backward in three
    // dispatches instead of seven, the two average pools' gradients read where they are used, and
    // the gradients of the biases of the two convs before batch norms (two passes each) from the
    // batch norms' sums, and the two average pools computed by the norms' element passes.
    expect(unfused.train.length - fused.train.length).toBe(8 + 4 * 4 + 2 + 2 * 2 + 2);
    expect(fused.kernels.map((k) => k.name)).toContain("bn1_sigmoid1_avgpool1_forward");
    expect(fused.train.map((d) => d.label)).toContain(
      "bn1.grad_input + avgpool1.grad_input + sigmoid1.grad_input + bn1.grad_bias + bn1.grad_weight + conv1.grad_bias",
    );
    expect(unfused.train.map((d) => d.label)).toContain("sigmoid1.grad_input");
    // Batch norm's gradient kernels read sigmoid's incoming gradient and output instead.
    const gradInput = fused.kernels.find((k) => k.name === "bn1_grad_input_grad_input")!;
    // As vec4s of four elements (24×24 and 8×8 planes), the pooled gradient read four at a time,
    // and sigmoid's output recomputed from batch norm's input (see the next tests), which the
    // kernel loads once and passes in, with the channel's scale and shift.
    expect(gradInput.code).toContain("act_grad4(pooled_dy4(k), act_sigmoid4(x_k * norm.x + norm.y))");
    expect(gradInput.code).toContain("let norm = act_saved[c];");
    expect(gradInput.code).toContain("dy_at4(i, x_i, norm)");
    expect(gradInput.code.match(/x\[i\]/g)).toHaveLength(1);
    expect(gradInput.code).toContain("g * s * (1.0 - s)");
    // The totals pass writes both parameter gradients, which then have no kernels of their own.
    const totals = fused.kernels.find((k) => k.name === "bn1_grad_input_grad_input_totals")!;
    expect(totals.code).toContain("grad_bias[c] = sums.w;");
    expect(fused.kernels.some((k) => k.name.startsWith("bn1_grad_weight"))).toBe(false);
  });

  it("fold each batch norm after a conv into the conv for evaluation, with the activation after it", () => {
    const fused = compile("specs/bn_lenet.net").plan!;
    const unfused = compile("specs/bn_lenet.net", { fuse: false }).plan!;
    // The two batch norms after convs and four sigmoids have no kernel of their own when predicting.
    expect(unfused.predict.length - fused.predict.length).toBe(6);
    expect(fused.predict.map((d) => d.label)).toContain("linear1");
    expect(fused.predict.map((d) => d.label)).toContain("bn3 + sigmoid3");
    const conv1 = fused.predict[0]!;
    expect(conv1.label).toBe("conv1 + bn1 + sigmoid1");
    const code = fused.kernels[conv1.kernel]!.code;
    expect(fused.kernels[conv1.kernel]!.name).toBe("conv1_bn1_sigmoid1_forward");
    expect(code).toContain("bn_mean[");
    expect(code).toContain("act_sigmoid(");
    // Training keeps batch statistics: the batch norm still runs its own kernels there.
    expect(fused.train.map((d) => d.label)).toContain("bn1 + sigmoid1 + avgpool1");
  });

  it("leave an activation out of a linear layer's epilogue where another node reads the layer's output", () => {
    // `(relu(y) + y)`: the add needs y before relu, so relu keeps its own kernel.
    const spec = "tests/specs/activation_fanout.net";
    const { training } = compileSpec(spec);
    const linear = fuse(training, {}).graph.nodes.find((n) => n.name === "y.linear1")!;
    expect(isOp(linear) && linear.op).toBe("linear");
    expect((linear as OpNode).attrs.activation).toBeUndefined();
    const fused = compile(spec).plan!;
    for (const schedule of ["train", "predict"] as const) {
      const labels = fused[schedule].map((d) => d.label);
      expect(labels, schedule).toContain("relu1");
      expect(
        labels.some((l) => l.includes("y.linear1 + relu1")),
        schedule,
      ).toBe(false);
    }
  });

  it("fold no batch norm into a conv whose output another node reads", () => {
    // `(bn(c) + c)`: the add needs the conv's own output, so evaluation keeps the norm's kernel.
    const spec = "tests/specs/bn_fanout.net";
    const { training } = compileSpec(spec);
    const conv = fuse(training, { subgroupMinSize: 8, software: true }).graph.nodes.find((n) => n.name === "c.conv1")!;
    expect(isOp(conv) && conv.op).toBe("conv2d");
    expect((conv as OpNode).attrs.foldedBatchnorm).toBeUndefined();
    for (const target of [{}, { subgroupMinSize: 8, software: true }]) {
      const labels = compile(spec, { target }).plan!.predict.map((d) => d.label);
      expect(labels.slice(0, 2)).toEqual(["c.conv1", "bn1"]);
    }
  });

  it("compute an average pool in batch norm's element pass in training, where its windows tile the norm's output", () => {
    const fused = compile("specs/bn_lenet.net").plan!;
    const labels = fused.train.map((d) => d.label);
    expect(labels).toContain("bn1 + sigmoid1 + avgpool1");
    expect(labels).not.toContain("avgpool1");
    // Evaluation folds the norm into the conv, so there the pool runs its own kernel.
    expect(fused.predict.map((d) => d.label).slice(0, 2)).toEqual(["conv1 + bn1 + sigmoid1", "avgpool1"]);
    const pass = fused.kernels.find((k) => k.name === "bn1_sigmoid1_avgpool1_forward")!.code;
    expect(pass).toContain("pooled[i] = (window.xz + window.yw) / 4.0;");
    // A last row outside every window (25 rows pooled by 2): the pool keeps its own kernel.
    expect(compile("tests/specs/bn_pool_remainder.net").plan!.train.map((d) => d.label)).toContain("avgpool1");
    // Two pools of one norm: its element pass stores one pooled tensor, the first; the other pool
    // keeps its own kernel (a second pool given to the norm would be computed by no kernel).
    const twoPools = compile("tests/specs/bn_two_pools.net").plan!.train.map((d) => d.label);
    expect(twoPools).toContain("normed.bn1 + fine.avgpool1");
    expect(twoPools).toContain("coarse.avgpool1");
    expect(twoPools.filter((label) => label.includes(" + coarse.avgpool1"))).toEqual([]);
  });

  it("take batch norm's training statistics from the direct conv before it, where the adapter has subgroups", () => {
    const names = (plan: ModelPlan) => plan.train.map((d) => plan.kernels[d.kernel]!.name);
    const subgroups = compile("specs/bn_lenet.net", { target: { subgroupMinSize: 8 } }).plan!;
    expect(names(subgroups)).not.toContain("bn1_sigmoid1_avgpool1_forward_sums");
    expect(names(subgroups)).not.toContain("bn2_sigmoid2_avgpool2_forward_sums");
    const conv1 = subgroups.kernels.find((k) => k.name === "conv1_forward")!.code;
    expect(conv1).toContain("subgroupAdd(");
    const totals = subgroups.kernels.find((k) => k.name === "bn1_sigmoid1_avgpool1_forward_totals")!.code;
    expect(totals).toContain("m2 += part.z + delta * delta * merged * part.x / total;");
    // Portable kernels, or direct convs turned off: the conv is a GEMM, and the norm sums its input itself.
    expect(names(compile("specs/bn_lenet.net").plan!)).toContain("bn1_sigmoid1_avgpool1_forward_sums");
    const gemms = compile("specs/bn_lenet.net", { target: { subgroupMinSize: 8, directConvs: false } }).plan!;
    expect(names(gemms)).toContain("bn1_sigmoid1_avgpool1_forward_sums");
    // 20 and 24 channels: direct convs, and statistics from them, on a software adapter only.
    const wide = (target: Target) => names(compile("tests/specs/wide_conv_bn.net", { target }).plan!);
    expect(wide({ subgroupMinSize: 8 })).toContain("bn2_relu2_forward_sums");
    expect(wide({ subgroupMinSize: 8, software: true })).not.toContain("bn2_relu2_forward_sums");
  });

  it("compute an activation's gradient in the kernel of the max pool gradient after it, where windows tile rows of vec4s", () => {
    // Rows of 28 (vec4s) and 10 (vec2s) in 2×2 windows.
    const labels = compile("specs/lenet_relu.net").plan!.train.map((d) => d.label);
    expect(labels).toContain("features.maxpool1.grad_input + features.relu1.grad_input");
    expect(labels).toContain("features.maxpool2.grad_input + features.relu2.grad_input");
    expect(labels).not.toContain("features.relu1.grad_input");
    const unfused = compile("specs/lenet_relu.net", { fuse: false }).plan!.train.map((d) => d.label);
    expect(unfused).toContain("features.relu1.grad_input");
    // Overlapping windows (3×3 at stride 2) keep the general kernels, and the activation its own.
    const overlapping = compile("specs/alexnet.net", { batch: 2 }).plan!.train.map((d) => d.label);
    expect(overlapping.some((l) => l.includes("maxpool") && l.includes("relu"))).toBe(false);
  });

  it("sum a conv's bias gradient in its weight gradient's kernel where that runs over images", () => {
    const software = compile("specs/lenet.net", { target: { subgroupMinSize: 8, software: true } }).plan!;
    const labels = software.train.map((d) => d.label);
    expect(labels).toContain("features.conv1.grad_weight + features.conv1.grad_bias");
    expect(labels.filter((l) => l.includes("features.conv1.grad_bias"))).toHaveLength(1);
    const kernel = software.kernels.find((k) => k.name === "features_conv1_grad_weight_grad_weight")!.code;
    expect(kernel).toContain("db[group * 3u + 2u] = bias_sum2;");
    // The second conv's weight gradient runs over kernel rows (six input channels), whose lanes do
    // not each load all of dy: its bias keeps its pass.
    expect(labels).toContain("features.conv2.grad_bias");
    // A GPU runs no direct weight gradients, and portable kernels no direct kernels at all.
    for (const target of [{ subgroupMinSize: 8 }, {}]) {
      expect(compile("specs/lenet.net", { target }).plan!.train.map((d) => d.label)).toContain(
        "features.conv1.grad_bias",
      );
    }
  });

  it("recompute an activation from batch norm's input where only the norm's backward reads it", () => {
    const plan = compile("tests/specs/bn_pool_fanout.net").plan!;
    const code = (name: string) => plan.kernels.find((k) => k.name === name)!.code;
    // The first norm's buffer holds each channel's scale and shift: its totals pass writes them,
    // its element pass only the pool, and its backward recomputes tanh from x.
    expect(code("first_bn1_tanh1_avgpool1_forward_totals")).toContain("y[c] = scratch[VALUES + c];");
    expect(code("first_bn1_tanh1_avgpool1_forward")).not.toContain("y[");
    expect(code("first_bn1_grad_input_grad_input_sums")).toContain("act_tanh4(x_k * norm.x + norm.y)");
    expect(code("first_bn1_grad_input_grad_input_sums")).toContain("let g = dy_at4(k, x_k, norm);");
    // Its sums pass walks one channel: the channel's scale and shift are loaded once, before the loop.
    expect(code("first_bn1_grad_input_grad_input_sums")).toMatch(/let norm = act_saved\[c\];[^]*for \(/);
    // The global pool reads the second norm's activation too: it stays stored.
    expect(code("second_bn1_relu1_avgpool1_forward")).toContain("y[e] = a;");
    expect(code("second_bn1_grad_input_grad_input_sums")).toContain("act_saved[k]");
    // The first norm's buffer holds a vec4 per channel (evaluation folds the norm into the conv
    // and never uses it); the second's, all of its activation: batch 8 × 4 channels × 12 × 12.
    const buffer = (name: string) => plan.buffers.find((b) => b.name.split(", ").includes(name))!;
    expect(buffer("first.bn1").bytes).toBe(16 * 4);
    expect(buffer("second.bn1").bytes).toBeGreaterThanOrEqual(4 * 8 * 4 * 12 * 12);
  });

  it("fuse a residual block's relu into its add, and relu's gradient into the sums that read it", () => {
    const fused = compile("tests/specs/resnet_small.net").plan!;
    const labels = fused.train.map((d) => d.label);
    expect(labels).toContain("residual1.add1 + residual1.relu1");
    expect(labels).toContain(
      "residual1.y.bn2.grad_input + residual1.relu1.grad_input + residual1.y.bn2.grad_bias + residual1.y.bn2.grad_weight + residual1.y.conv2.grad_bias",
    );
    expect(labels.some((label) => label.startsWith("residual1.relu1.grad_input"))).toBe(false);
  });

  it.each(["specs/bn_lenet.net", "tests/specs/resnet_small.net", "tests/specs/bn_pool_remainder.net"])(
    "give the gradients batch norm's backward writes buffers that none of its other bindings use (%s)",
    (spec) => {
      // A written gradient lives from its writer's kernels on: sharing a buffer with a tensor
      // those kernels still read (x, the saved activation) would overwrite it mid-node.
      const plan = compile(spec, { batch: 16 }).plan!;
      const bindingNames = (code: string) => [...code.matchAll(/var<storage, \w+> (\w+)/g)].map((m) => m[1]);
      let written = 0;
      for (const totals of plan.train.filter((d) => plan.kernels[d.kernel]!.name.endsWith("grad_input_totals"))) {
        const names = bindingNames(plan.kernels[totals.kernel]!.code);
        const node = plan.train.filter((d) => d.label === totals.label);
        for (const name of ["grad_weight", "grad_bias", "grad_input_sum"].filter((n) => names.includes(n))) {
          const buffer = totals.bindings[names.indexOf(name)];
          const uses = node.flatMap((d) => d.bindings.filter((b) => b === buffer));
          expect(uses, `${totals.label}: ${name}`).toHaveLength(1);
          written++;
        }
      }
      expect(written).toBeGreaterThanOrEqual(6);
    },
  );

  it("apply a dropout's mask in the gradient of the activation before it: one pass instead of two", () => {
    const fused = compile("specs/dropout_mlp.net").plan!;
    const unfused = compile("specs/dropout_mlp.net", { fuse: false }).plan!;
    // Two relus in their linears' epilogues, two dropout gradients in the relus' gradients.
    expect(unfused.train.length - fused.train.length).toBe(2 + 2);
    const labels = fused.train.map((d) => d.label);
    expect(labels).toContain("relu2.grad_input + dropout2.grad_input");
    expect(labels).not.toContain("dropout2.grad_input");
    const gradient = fused.kernels.find((k) => k.name === "relu2_grad_input_dropout2_grad")!.code;
    expect(gradient).toContain("act_grad4(dropped4(dy_at4(i), i), saved[i])");
    // The forward dropouts keep their kernels, on the same random streams as the gradients.
    expect(labels).toContain("dropout2");
  });

  it("inline an average pool's gradient only where its windows tile the input", () => {
    const labels = compile("tests/specs/bn_pool_remainder.net").plan!.train.map((d) => d.label);
    expect(labels).toContain(
      "bn1.grad_input + avgpool1.grad_input + tanh1.grad_input + bn1.grad_bias + bn1.grad_weight + conv1.grad_bias",
    );
    // Overlapping 3×3 windows at stride 2: the gradient is expanded by its own kernel.
    expect(labels).toContain("avgpool2.grad_input");
  });

  // Portable kernels, and this adapter's (with subgroups, direct convs whose epilogue applies the
  // batch norm folded into them, and which compute the statistics of the norm after them: with few
  // channels, and on a software adapter wide ones too).
  for (const [spec, adapter] of [
    ["specs/mlp.net", false],
    ["specs/dropout_mlp.net", false],
    ["specs/dropout_mlp.net", true],
    ["tests/specs/bn_pool_remainder.net", false],
    ["tests/specs/bn_pool_fanout.net", false],
    ["specs/lenet.net", false],
    ["specs/lenet.net", true],
    ["specs/bn_lenet.net", false],
    ["specs/bn_lenet.net", true],
    ["tests/specs/bn_pool_fanout.net", true],
    ["tests/specs/wide_conv_bn.net", true],
    ["tests/specs/grouped_convs.net", false],
    ["tests/specs/grouped_convs.net", true],
    ["tests/specs/inception_small.net", false],
    ["tests/specs/resnet_small.net", false],
    ["tests/specs/activation_fanout.net", false],
    ["tests/specs/bn_fanout.net", false],
    ["tests/specs/bn_fanout.net", true],
    ["tests/specs/concat_twice.net", false],
  ] as const) {
    const on = adapter ? "this adapter's kernels for " : "";
    it(`agree with the unfused program within 1e-5 on ${on}${spec}: outputs, and weights after two steps`, async () => {
      const target = adapter ? targetOf(gpu) : {};
      const run = async (fuse: boolean) => {
        const plan = compile(spec, { batch: 32, fuse, target }).plan!;
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
      expect(maxDiff(fused.output, unfused.output)).toBeLessThan(1e-5);
      for (const [name, values] of fused.tensors)
        expect(maxDiff(values, unfused.tensors.get(name)!), name).toBeLessThan(1e-5);
    });
  }

  // On real images a ResNet's ReLU inputs come within float32 rounding of zero (the float64
  // reference has one 1.0e-6 from zero in resnet_small's second block), so the two programs' weights
  // may part after a step. The statistics its direct convs take (over rows of 28, and of 14 in
  // partly filled vec4s) are compared where they act: in the first step's loss and running statistics.
  // A target claiming subgroups of 4 where the adapter's are larger (lavapipe's are 8) gives each
  // subgroup several slots: only its first lane's may hold the merged statistics, the others empty ones.
  it.each([
    ["this adapter's kernels", undefined],
    ["kernels for subgroups of at least 4", 4],
  ] as const)(
    "take a ResNet's batch statistics from its direct convs on %s: one step agrees with the unfused program",
    async (_, claimed) => {
      const real = targetOf(gpu);
      if (claimed !== undefined) expect(real.subgroupMinSize).toBeGreaterThan(claimed);
      const run = async (fuse: boolean) => {
        const target = fuse && claimed !== undefined ? { ...real, subgroupMinSize: claimed } : real;
        const plan = compile("tests/specs/resnet_small.net", { batch: 32, fuse, target }).plan!;
        const forward = plan.train.filter((d) => !d.label.includes(".grad"));
        const sums = forward.filter((d) => plan.kernels[d.kernel]!.name.endsWith("_forward_sums")).length;
        const model = await Model.create(gpu.device, plan);
        const rows = Uint32Array.from({ length: 32 }, (_, i) => i);
        model.trainStep(imageSource(train, plan.batch).batch(rows), plan.optimizer.lr);
        const [metrics] = await model.flushMetrics();
        const tensors = await model.readTensors();
        model.destroy();
        return { sums, loss: metrics!.loss, tensors };
      };
      const [fused, unfused] = [await run(true), await run(false)];
      // Five norms; in the fused program only the one after the stride-2 conv (a GEMM) sums its input.
      expect([fused.sums, unfused.sums]).toEqual([1, 5]);
      expect(Math.abs(fused.loss - unfused.loss)).toBeLessThan(1e-6);
      const running = [...fused.tensors.keys()].filter((name) => name.includes(".running_"));
      expect(running).toHaveLength(10);
      for (const name of running)
        expect(maxDiff(fused.tensors.get(name)!, unfused.tensors.get(name)!), name).toBeLessThan(1e-6);
    },
  );
});

describe("copy-free concat", () => {
  const SCHEDULES = ["train", "evaluate", "predict"] as const;
  /** Dispatches of concat copy kernels (labelled with the concat alone). */
  const copies = (schedule: DispatchPlan[]) => schedule.filter((d) => /concat1$/.test(d.label));

  it("has every Inception branch of GoogLeNet write into its concat's output: no copies in any schedule", () => {
    // Whole GEMMs (no split k, as on a software adapter): one dispatch per branch conv.
    const target = { minThreads: 1 };
    const fused = compile("specs/googlenet.net", { target }).plan!;
    const unfused = compile("specs/googlenet.net", { fuse: false, target }).plan!;
    for (const schedule of SCHEDULES) {
      expect(copies(unfused[schedule]).length, schedule).toBe(9 * 4);
      expect(copies(fused[schedule]).length, schedule).toBe(0);
    }
    const inPlace = fused.predict.filter((d) => d.label.endsWith(".concat1)"));
    expect(inPlace.length).toBe(9 * 4);
    expect(inPlace.map((d) => d.label)).toContain(
      "b3.inception1.p2.conv2 + b3.inception1.p2.relu2 (into b3.inception1.concat1)",
    );
    // A conv kernel binds its weights (the GEMM's dense A), then C: the four branches share one
    // buffer, which the next block's convs read as their input x (binding 2, after C).
    const block = inPlace.filter((d) => d.label.includes("(into b3.inception1."));
    const joined = block[0]!.bindings[1];
    expect(block.every((d) => d.bindings[1] === joined)).toBe(true);
    const next = fused.predict.find((d) => d.label.startsWith("b3.inception2.p1.conv1 "))!;
    expect(next.bindings[2]).toBe(joined);
    // It is live from the first branch on: no other layer of the block uses it in between.
    const others = fused.predict.filter((d) => d.label.startsWith("b3.inception1.") && !block.includes(d));
    expect(others.length).toBe(3);
    for (const d of others) expect(d.bindings, d.label).not.toContain(joined);
  });

  it("copies only the inputs that no conv writes in place", () => {
    const fused = compile("tests/specs/inception_small.net").plan!;
    const names = (schedule: DispatchPlan[]) => schedule.map((d) => fused.kernels[d.kernel]!.name);
    for (const schedule of SCHEDULES) {
      // The Inception block's concat copies nothing.
      expect(
        fused[schedule].some((d) => d.label === "mixed.inception1.concat1"),
        schedule,
      ).toBe(false);
      // The sigmoid that global_avgpool reads too and the pooled input are copied; the convs are not.
      expect(
        names(fused[schedule]).filter((name) => /_concat\d+$/.test(name)),
        schedule,
      ).toEqual(["joined_concat1_concat2", "joined_concat1_concat4", "concat1_concat1", "concat1_concat2"]);
      expect(
        fused[schedule].map((d) => d.label),
        schedule,
      ).toEqual(
        expect.arrayContaining([
          "plain.conv1 (into joined.concat1)",
          "summed.conv1 + summed.relu1 (into joined.concat1)",
        ]),
      );
    }
  });

  it("copies a conv's value that is a concat's input twice: written in place it would fill one of its two slices", () => {
    const plan = compile("tests/specs/concat_twice.net").plan!;
    for (const schedule of SCHEDULES) {
      expect(copies(plan[schedule]).length, schedule).toBe(2);
      const inPlace = plan[schedule].filter((d) => d.label.includes("(into "));
      expect(inPlace.length, schedule).toBe(0);
    }
  });

  it("writes in place along axis -3, channels counted from the end, and copies a grouped conv's output", () => {
    const plan = compile("tests/specs/concat_grouped.net").plan!;
    for (const schedule of SCHEDULES) {
      const labels = plan[schedule].map((d) => d.label);
      expect(labels, schedule).toContain("p.conv1 (into concat1)");
      expect(labels, schedule).toContain("g.conv1");
      // One copy: the grouped conv's channels.
      expect(copies(plan[schedule]).length, schedule).toBe(1);
    }
  });

  it.each([
    "tests/specs/concat_grouped.net",
    "tests/specs/inception_small.net",
    "specs/bn_lenet.net",
    "tests/specs/resnet_small.net",
    "tests/specs/bn_pool_remainder.net",
    "tests/specs/bn_pool_fanout.net",
    "specs/lenet.net",
    "specs/dropout_mlp.net",
  ])("%s runs in the float64 reference executor with the unfused graph's values", (spec) => {
    const { plan, training } = compileSpec(spec, { batch: 4 });
    const tensors = new Map(plan.tensors.map((t, index) => [t.name, initialValues(t, plan.seed, index)]));
    const feed = {
      input: Float64Array.from(randomFloats(plan.batch * 28 * 28, 5)),
      target: Float64Array.from({ length: plan.batch }, (_, r) => r % 10),
    };
    const fused = fuse(training, { subgroupMinSize: 8, software: true });
    // A layer with a fused activation computes the activation's value, and in evaluation a layer
    // with a folded batch norm the norm's: compare every other node.
    const hosts = new Set(fused.graph.nodes.flatMap((n) => (n.fusedInto === undefined ? [] : [n.fusedInto])));
    const folds = new Set(fused.graph.nodes.flatMap((n) => ("attrs" in n && n.attrs.foldedBatchnorm ? [n.id] : [])));
    for (const mode of ["train", "eval"] as const) {
      const run = { mode, seed: 1, rows: plan.batch };
      const expected = runGraph(training, tensors, feed, run);
      runGraph(fused, tensors, feed, run).forEach((values, id) => {
        if (hosts.has(id) || (mode === "eval" && folds.has(id))) return;
        expect(values, `${mode}: ${fused.graph.nodes[id]!.name}`).toEqual(expected[id]);
      });
    }
  });
});
