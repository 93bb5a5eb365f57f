// What `netc summary` reports from the compiled plan (dispatches per schedule, GPU memory by kind)
// and the FLOPs and bytes each dispatch of the plan carries for `netc profile`.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile } from "../src/compile.js";
import { summaryCommand } from "../src/cli/summary.js";
import { formatSummary, summarize } from "../src/7-emit/summary.js";
import { fuse } from "../src/5-fuse/index.js";
import { NO_LIMITS } from "../src/6-plan/index.js";
import { parametersPerUpdate } from "../src/ops/optimizers.js";
import { isOp, type Node, type OpNode } from "../src/ir/graph.js";
import type { Mode, Target } from "../src/ops/family.js";
import { family } from "../src/ops/index.js";
import { concatSlot } from "../src/ops/structure.js";
import type { DispatchPlan, ModelPlan } from "../runtime/plan.js";
import { compileSpec } from "./reference/executor.js";

function planOf(file: string, options: { batch?: number; fuse?: boolean } = {}): ModelPlan {
  const result = compile(file, options);
  if (result.plan === undefined) throw new Error(`${file} does not compile`);
  return result.plan;
}

function summaryOf(file: string, options: { batch?: number; fuse?: boolean } = {}) {
  const { summary } = summaryCommand(file, options);
  if (summary?.plan === undefined) throw new Error(`${file} has no plan summary`);
  return { ...summary, plan: summary.plan };
}

describe("netc summary's plan section", () => {
  it("counts LeNet's parameters at 4 bytes each and its pooled activations at the spec's batch", () => {
    const summary = summaryOf("specs/lenet.net");
    const { memory } = summary.plan;
    expect(summary.plan.batch).toBe(256);
    expect(summary.totalParams).toBe(61_706);
    expect(memory.parameters).toBe(4 * 61_706);
    // Plain SGD keeps no optimizer state.
    expect(memory.optimizerState).toBe(0);
    expect(memory.activationsAndGradients).toBeGreaterThan(0);
    expect(memory.parameters + memory.optimizerState + memory.activationsAndGradients + memory.other).toBe(
      memory.total,
    );
    const plan = planOf("specs/lenet.net");
    expect(memory.total).toBe(plan.buffers.reduce((sum, b) => sum + b.bytes, 0));
    expect(memory.buffers).toBe(plan.buffers.length);
    // The input batch alone: 256 images of 28×28 f32.
    expect(memory.other).toBeGreaterThanOrEqual(256 * 28 * 28 * 4);
  });

  it("gives Adam two moments per parameter", () => {
    const { memory } = summaryOf("tests/specs/fixture_mlp_adam.net").plan;
    expect(memory.optimizerState).toBe(2 * memory.parameters);
  });

  it("plans at --batch when given: the same parameters, smaller activations", () => {
    const full = summaryOf("specs/lenet.net").plan;
    const small = summaryOf("specs/lenet.net", { batch: 8 });
    expect(small.input[0]).toBe(8);
    expect(small.plan.batch).toBe(8);
    expect(small.plan.memory.parameters).toBe(full.memory.parameters);
    expect(small.plan.memory.activationsAndGradients).toBeLessThan(full.memory.activationsAndGradients);
  });

  it.each(["specs/lenet.net", "specs/bn_lenet.net", "specs/mlp.net"])(
    "counts %s's dispatches as the plan's schedules hold them, fewer with fusion",
    (file) => {
      const fused = summaryOf(file).plan.dispatches;
      const unfused = summaryOf(file, { fuse: false }).plan.dispatches;
      const plan = planOf(file);
      expect(fused).toEqual({
        train: plan.train.length,
        evaluate: plan.evaluate.length,
        predict: plan.predict.length,
        ...(plan.bnStatistics.kind === "recomputed" ? { statistics: plan.statistics } : {}),
      });
      expect(fused.train).toBeLessThan(unfused.train);
      expect(fused.predict).toBeLessThan(unfused.predict);
      // Training runs the forward pass, the loss, the backward pass and the parameters' updates.
      expect(fused.train).toBeGreaterThan(fused.evaluate);
      expect(fused.evaluate).toBe(fused.predict + 1);
    },
  );

  it("plans specs too large for WebGPU's default limits: summary reports, compile checks", () => {
    const vgg = summaryOf("specs/vgg11.net").plan;
    expect(vgg.memory.total).toBeGreaterThan(2 ** 32);
    expect(compile("specs/vgg11.net").plan).toBeUndefined();
  });

  it("prints the dispatch counts and the memory breakdown under the layer table", () => {
    const lines = formatSummary(summaryOf("specs/lenet.net")).split("\n");
    const at = lines.findIndex((l) => l.startsWith("dispatches at batch 256: "));
    expect(lines[at]).toBe("dispatches at batch 256: 34 per training step, 8 per evaluation, 7 per prediction");
    expect(lines[at + 1]).toMatch(/^GPU memory at batch 256: [\d,]+ bytes \([\d.]+ MiB\) in 26 buffers/);
    expect(lines[at + 2]).toMatch(/^ {2}parameters\s+246,824 {2}0\.2 MiB$/);
  });

  it("counts the dispatches of batch norm's recomputed statistics: the forward as far as the last batch norm", () => {
    const { dispatches } = summaryOf("specs/bn_lenet.net").plan;
    const plan = planOf("specs/bn_lenet.net");
    expect(dispatches.statistics).toBe(plan.statistics);
    // The training step's first dispatches, up to bn4: the last linear layer and the loss are left out.
    expect(plan.train[plan.statistics - 1]!.label).toMatch(/^bn4/);
    expect(plan.train[plan.statistics]!.label).toBe("linear3");
    const lines = formatSummary(summaryOf("specs/bn_lenet.net")).split("\n");
    expect(lines.find((l) => l.startsWith("dispatches at batch 256: "))).toMatch(
      new RegExp(`, ${dispatches.statistics} per batch recomputing batch norm's statistics$`),
    );
  });

  it("counts BN-LeNet's running statistics under other, at 2 f32 per channel of each batch norm", () => {
    const { memory } = summaryOf("specs/bn_lenet.net").plan;
    const plan = planOf("specs/bn_lenet.net");
    const bytes = (...kinds: string[]) =>
      plan.buffers.filter((b) => kinds.includes(b.kind)).reduce((sum, b) => sum + b.bytes, 0);
    expect(memory).toEqual({
      total: bytes("param", "optimizer", "pool", "scratch", "input", "target", "state", "step", "metrics"),
      buffers: plan.buffers.length,
      parameters: bytes("param"),
      optimizerState: bytes("optimizer"),
      activationsAndGradients: bytes("pool", "scratch"),
      other: bytes("input", "target", "state", "step", "metrics"),
    });
    // The spec's batch norms follow conv(6), conv(16), linear(120) and linear(84): a running mean
    // and a running variance of one f32 per channel each.
    const state = 4 * 2 * (6 + 16 + 120 + 84);
    expect(bytes("state")).toBe(state);
    // Other holds the state besides the input [256, 1, 28, 28], the targets and the Step and metrics.
    expect(memory.other - bytes("input", "target", "step", "metrics")).toBe(state);
    expect(memory.other).toBeGreaterThanOrEqual(state + 256 * 28 * 28 * 4);
  });

  it.each(["specs/lenet.net", "specs/bn_lenet.net", "tests/specs/fixture_mlp_adam.net"])(
    "prints %s's memory in MiB of 1,048,576 bytes, to one decimal",
    (file) => {
      const summary = summaryOf(file);
      const lines = formatSummary(summary).split("\n");
      const total = lines.find((l) => l.startsWith("GPU memory at batch "))!;
      const [, totalBytes, totalMiB] = /: ([\d,]+) bytes \(([\d.]+) MiB\)/.exec(total)!;
      const parts = lines
        .slice(lines.indexOf(total) + 1)
        .map((l) => /^ {2}(\S.*?)\s+([\d,]+) {2}([\d.]+) MiB$/.exec(l))
        .filter((m) => m !== null)
        .map(([, label, bytes, mib]) => [label, bytes, mib]);
      const { memory } = summary.plan;
      const expected = (bytes: number) => (Math.round((bytes / 1048576) * 10) / 10).toFixed(1);
      expect([totalBytes, totalMiB]).toEqual([memory.total.toLocaleString("en-US"), expected(memory.total)]);
      expect(parts.map(([label]) => label)).toEqual([
        "parameters",
        "optimizer state",
        "activations and gradients",
        "other (batch, state, metrics)",
      ]);
      for (const [label, bytes, mib] of parts) {
        const value = Number(bytes!.replaceAll(",", ""));
        expect(mib, `${label}: ${bytes} bytes`).toBe(expected(value));
      }
      // A figure of bytes/10^6 would differ by 4.9%: enough to show at one decimal in the total.
      expect(Number(totalMiB)).not.toBe(Number((memory.total / 1e6).toFixed(1)));
    },
  );

  it("leaves the plan out for a spec without a train section", () => {
    const dir = mkdtempSync(join(tmpdir(), "netc-summary-"));
    try {
      const file = join(dir, "untrained.net");
      writeFileSync(file, "model untrained {\n  input x: [N, 4]\n  out x -> linear(2)\n}\n");
      const { summary, diagnostics } = summaryCommand(file, {});
      expect(diagnostics).toEqual([]);
      expect(summary?.totalParams).toBe(10);
      expect(summary?.plan).toBeUndefined();
      expect(formatSummary(summary!)).not.toContain("dispatches");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("frozen parameters in the plan", () => {
  const planFor = (rules: string) => {
    const dir = mkdtempSync(join(tmpdir(), "netc-frozen-"));
    try {
      const file = join(dir, "frozen.net");
      writeFileSync(
        file,
        "model frozen {\n  input x: [N, 1, 28, 28]\n  out x -> flatten -> linear(16) -> relu -> linear(10)\n}\n" +
          `train {\n  data = fashion_mnist()\n  loss = cross_entropy\n  optimizer = adam()\n  batch = 8\n  epochs = 1\n${rules}}\n`,
      );
      return planOf(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it("give a frozen parameter no optimizer state: Adam's two moments only for those it updates", () => {
    const plan = planFor('  param "linear1.*" { frozen = true }\n');
    const state = (name: string) => plan.tensors.find((t) => t.name === name)!.optimizerBuffers.length;
    expect(["linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias"].map(state)).toEqual([0, 0, 2, 2]);
    expect(plan.buffers.filter((b) => b.kind === "optimizer").map((b) => b.name)).toEqual([
      "linear2.weight.exp_avg",
      "linear2.weight.exp_avg_sq",
      "linear2.bias.exp_avg",
      "linear2.bias.exp_avg_sq",
    ]);
  });

  it("run no backward dispatch and no update where every parameter is frozen: the step is the forward pass and the loss", () => {
    const plan = planFor('  param "*" { frozen = true }\n');
    expect(plan.tensors.filter((t) => t.kind === "param").map((t) => [t.trainable, t.optimizerBuffers.length])).toEqual(
      [
        [false, 0],
        [false, 0],
        [false, 0],
        [false, 0],
      ],
    );
    expect(plan.buffers.filter((b) => b.kind === "optimizer")).toEqual([]);
    expect(plan.train.map((d) => d.label)).toEqual(plan.evaluate.map((d) => d.label));
  });
});

describe("a plan's tensors within the device's limits", () => {
  // tiny_regression at batch 8: its largest tensor is the input, [8, 2] floats = 64 bytes.
  const withLimits = (binding: number, buffer: number) =>
    compile("tests/specs/tiny_regression.net", {
      limits: { maxStorageBufferBindingSize: binding, maxBufferSize: buffer, maxStorageBuffersPerShaderStage: 8 },
    });
  const tooLarge = (limit: number) =>
    `tensor 'x' [8, 2] needs 64 bytes, more than the largest storage buffer binding this device allows (${limit} bytes): reduce the layer or the batch size`;

  it("allows a tensor exactly as large as a binding and a buffer may be", () => {
    const result = withLimits(64, 64);
    expect(result.diagnostics.map((d) => d.message)).toEqual([]);
    expect(result.plan).toBeDefined();
  });

  it("refuses a tensor one float larger than the smaller of the binding and buffer limits", () => {
    for (const [binding, buffer] of [
      [60, 1 << 20],
      [1 << 20, 60],
    ]) {
      const result = withLimits(binding!, buffer!);
      expect(result.plan).toBeUndefined();
      expect(result.diagnostics.map((d) => d.message)).toEqual([tooLarge(60)]);
    }
  });
});

describe("the layer table's FLOPs", () => {
  it("count a grouped conv's multiply-adds over its input channels per group only, 2 each, and 1 per bias add", () => {
    const dir = mkdtempSync(join(tmpdir(), "netc-summary-"));
    try {
      const file = join(dir, "grouped.net");
      writeFileSync(
        file,
        "model grouped {\n  input x: [N, 8, 6, 6]\n" +
          "  out x -> conv(8, 3, groups = 4) -> conv(8, 3, pad = 1) -> conv(8, 1, groups = 8, bias = false)\n}\n",
      );
      const { summary, diagnostics } = summaryCommand(file, { batch: 2 });
      expect(diagnostics).toEqual([]);
      // Each output position of each image does a multiply-add per weight element:
      // 2·N·Hout·Wout·numel(weight), plus one bias add per output element.
      const N = 2;
      const positions = 4 * 4;
      expect(summary!.layers.map((l) => [l.name, l.outputShape, l.params, l.flops])).toEqual([
        // weight [8, 8/4, 3, 3]
        ["conv1", [2, 8, 4, 4], 8 * 2 * 3 * 3 + 8, 2 * N * positions * (8 * 2 * 3 * 3) + N * 8 * positions],
        // weight [8, 8, 3, 3]
        ["conv2", [2, 8, 4, 4], 8 * 8 * 3 * 3 + 8, 2 * N * positions * (8 * 8 * 3 * 3) + N * 8 * positions],
        // weight [8, 8/8, 1, 1], no bias
        ["conv3", [2, 8, 4, 4], 8, 2 * N * positions * 8],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("dispatch FLOPs and bytes", () => {
  it("add up to the layer table's forward FLOPs over LeNet's prediction schedule", () => {
    const result = compile("specs/lenet.net");
    const plan = result.plan!;
    expect(plan.predict.reduce((sum, d) => sum + d.flops, 0)).toBe(summarize(result.graph!, 256).totalFlops);
  });

  it("count a linear layer's input, weight, bias and output once each", () => {
    const plan = planOf("specs/lenet.net");
    const linear3 = plan.train.find((d) => d.label === "linear3")!;
    // x [256, 84], W [10, 84], b [10], y [256, 10]
    expect(linear3.bytes).toBe((256 * 84 + 10 * 84 + 10 + 256 * 10) * 4);
    expect(linear3.flops).toBe(2 * 256 * 84 * 10 + 256 * 10);
  });

  it("give fused activations' FLOPs to the kernel they run in", () => {
    const fused = planOf("specs/lenet.net");
    const unfused = planOf("specs/lenet.net", { fuse: false });
    const flopsOf = (plan: ModelPlan, label: string) => plan.train.find((d) => d.label === label)!.flops;
    expect(flopsOf(fused, "linear1 + sigmoid1")).toBe(flopsOf(unfused, "linear1") + flopsOf(unfused, "sigmoid1"));
  });

  it("give a GEMM split across workgroups all its FLOPs in the slices' kernel, none in their sum", () => {
    const plan = planOf("specs/lenet.net");
    const gradWeight = plan.train.filter((d) => d.label === "features.conv2.grad_weight");
    expect(gradWeight.map((d) => plan.kernels[d.kernel]!.name)).toEqual([
      "features_conv2_grad_weight_grad_weight_slices",
      "features_conv2_grad_weight_grad_weight",
    ]);
    // dW [16, 6·5·5] = dy [16, 256·10·10] · im2col(x).
    expect(gradWeight.map((d) => d.flops)).toEqual([2 * 16 * 150 * 25600, 0]);
  });

  it("give a reduction's totals pass none of its FLOPs, the sums and element passes all of them", () => {
    const result = compile("specs/bn_lenet.net", { fuse: false });
    const plan = result.plan!;
    const norm = plan.train.filter((d) => d.label === "bn1");
    expect(norm.map((d) => plan.kernels[d.kernel]!.name)).toEqual([
      "bn1_forward_sums",
      "bn1_forward_totals",
      "bn1_forward",
    ]);
    const [sums, totals, element] = norm.map((d) => d.flops);
    expect(totals).toBe(0);
    const layer = summarize(result.graph!, plan.batch).layers.find((l) => l.name === "bn1")!;
    expect(sums! + element!).toBe(layer.flops);
    expect(sums).toBeGreaterThan(0);
  });

  it("count SGD's update as a multiply and a subtract per element, Adam's moments and step as 14", () => {
    const sgd = planOf("specs/lenet.net").train.find((d) => d.label === "linear3.weight + linear3.bias update")!;
    expect(sgd.flops).toBe(2 * (10 * 84 + 10));
    // param and grad of each, one Step uniform
    expect(sgd.bytes).toBe(2 * (10 * 84 + 10) * 4 + 32);
    const adam = planOf("tests/specs/fixture_mlp_adam.net").train.find(
      (d) => d.label === "linear2.weight + linear2.bias update",
    )!;
    expect(adam.flops).toBe(14 * (10 * 32 + 10));
    // param, grad and two moments of each, one Step uniform
    expect(adam.bytes).toBe(4 * (10 * 32 + 10) * 4 + 32);
  });

  it("count SGD with momentum's update as 4 FLOPs an element and Nesterov's as 6, each 2 more with weight decay", () => {
    // Both decay every parameter (weight_decay = 1e-3): d = g + λw (2), v = μv + d (2), Nesterov
    // d + μv (2), w -= lr·d (2). Linear(784, 10) (named linear1): 7840 weights and 10 biases in one dispatch.
    const update = (file: string) =>
      planOf(file).train.find((d) => d.label === "linear1.weight + linear1.bias update")!;
    const momentum = update("tests/specs/fixture_softmax_regression_sgd.net");
    expect(momentum.flops).toBe((4 + 2) * 7850);
    // param, grad and momentum buffer of each, one Step uniform
    expect(momentum.bytes).toBe(3 * 7850 * 4 + 32);
    expect(update("tests/specs/fixture_softmax_regression_sgd_nesterov.net").flops).toBe((6 + 2) * 7850);
  });

  it("updates as many parameters a dispatch as WebGPU's 8 storage bindings allow: 4 with SGD, 2 with momentum or Adam", () => {
    const labels = (file: string) =>
      planOf(file)
        .train.filter((d) => d.label.endsWith(" update"))
        .map((d) => d.label);
    expect(labels("specs/lenet.net")).toEqual([
      "features.conv1.weight + features.conv1.bias + features.conv2.weight + features.conv2.bias update",
      "linear1.weight + linear1.bias + linear2.weight + linear2.bias update",
      "linear3.weight + linear3.bias update",
    ]);
    expect(labels("tests/specs/fixture_mlp_adam.net")).toEqual([
      "linear1.weight + linear1.bias update",
      "linear2.weight + linear2.bias update",
    ]);
    // Momentum binds 3 buffers a parameter: 2 parameters take 6 bindings, 3 would take 9.
    expect(labels("tests/specs/fixture_mlp_sgd.net")).toEqual([
      "linear1.weight + linear1.bias update",
      "linear2.weight + linear2.bias update",
    ]);
    const sgd = (momentum: number) => ({ kind: "sgd", lr: 0.1, momentum, nesterov: false, weightDecay: 0 }) as const;
    const adam = { kind: "adam", lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 } as const;
    expect([8, 16].map((bindings) => parametersPerUpdate(sgd(0), bindings))).toEqual([4, 8]);
    expect([8, 16].map((bindings) => parametersPerUpdate(sgd(0.9), bindings))).toEqual([2, 5]);
    expect([8, 16].map((bindings) => parametersPerUpdate(adam, bindings))).toEqual([2, 4]);
    // One parameter even where its buffers alone exceed the bindings: the plan's limit check reports it.
    expect(parametersPerUpdate(adam, 3)).toBe(1);
  });
});

/**
 * The node whose value a binding of `id` in `mode` holds: through fused nodes, views and in-place
 * concat slots, as the plan places them (a tensor shares the buffer of the node it lives in).
 */
function holder(nodes: readonly Node[], id: number, mode: Mode): number {
  let node = nodes[id]!;
  for (;;) {
    const slot = isOp(node) ? concatSlot(node.attrs) : undefined;
    if (node.fusedInto !== undefined) node = nodes[node.fusedInto]!;
    else if (isOp(node) && family(node.op).aliases?.(mode, node.attrs)) node = nodes[node.inputs[0]!]!;
    else if (slot !== undefined) node = nodes[slot.concat]!;
    else return node.id;
  }
}

interface Use {
  /** The node whose value the binding holds (holder), or undefined for step, metrics and scratch. */
  tensor: number | undefined;
  /** Whether the kernel reads the tensor's value: every input it binds, in place or not. */
  reads: boolean;
  writes: boolean;
}

/**
 * Each dispatch's bindings as tensors, from the fused graph's kernels in the plan's order (forward,
 * loss, backward, then the parameters' updates): each dispatch's kernel must be the one the plan
 * compiled, so the two walks stay in step.
 */
function scheduleUses(
  file: string,
  batch: number,
  target: Target,
): {
  plan: ModelPlan;
  names: string[];
  shapes: number[][];
  uses: Record<"train" | "evaluate" | "predict", Use[][]>;
} {
  // Without a device's limits: VGG-11's first linear layer is larger than a binding may be.
  const { plan, training } = compileSpec(file, { batch, target, limits: NO_LIMITS });
  const fused = fuse(training, target);
  const nodes = fused.graph.nodes;
  const forward = nodes.slice(0, fused.forwardCount).filter(isOp);
  const backward = nodes.slice(fused.loss + 1).filter(isOp);
  const loss = nodes[fused.loss] as OpNode;
  const walk = (schedule: DispatchPlan[], ops: OpNode[], mode: Mode): Use[][] => {
    const uses = ops.flatMap((node) => {
      const noBuffer = node.fusedInto !== undefined || family(node.op).aliases?.(mode, node.attrs) === true;
      if (noBuffer || (node.writtenBy !== undefined && mode === "train")) return [];
      const kernels = family(node.op).kernels!({
        node,
        inputs: node.inputs.map((i) => nodes[i]!.shape as number[]),
        output: node.shape as number[],
        mode,
        target,
      });
      return kernels.map((kernel) => ({
        code: kernel.code,
        uses: kernel.bindings.map(({ ref, access }): Use => {
          const id =
            ref === "out"
              ? node.id
              : typeof ref === "string"
                ? undefined
                : "written" in ref
                  ? ref.written
                  : node.inputs[ref.input]!;
          const tensor = id === undefined ? undefined : holder(nodes, id, mode);
          // A kernel reads every input it binds, also in place, but for a node it writes itself.
          const input = typeof ref === "object" && "input" in ref && nodes[id!]!.writtenBy !== node.id;
          return { tensor, reads: access !== "read_write" || input, writes: access === "read_write" };
        }),
      }));
    });
    uses.forEach(({ code }, k) =>
      expect(plan.kernels[schedule[k]!.kernel]!.code === code, `${mode} dispatch ${k}`).toBe(true),
    );
    // The updates: each parameter's value, gradient and optimizer state, then the Step uniform.
    const updates = schedule.slice(uses.length).map((d) => {
      expect(d.label).toMatch(/ update$/);
      const names = d.label.slice(0, -" update".length).split(" + ");
      const perParameter = (d.bindings.length - 1) / names.length;
      return names
        .flatMap((name): Use[] => {
          const param = nodes.findIndex((n) => n.name === name);
          const grad = holder(nodes, fused.grads.get(param)!, "train");
          return [
            { tensor: param, reads: true, writes: true },
            { tensor: grad, reads: true, writes: false },
            ...Array.from({ length: perParameter - 2 }, () => ({ tensor: undefined, reads: true, writes: true })),
          ];
        })
        .concat([{ tensor: undefined, reads: true, writes: false }]);
    });
    return [...uses.map((u) => u.uses), ...updates];
  };
  return {
    plan,
    names: nodes.map((n) => n.name),
    shapes: nodes.map((n) => n.shape as number[]),
    uses: {
      train: walk(plan.train, [...forward, loss, ...backward], "train"),
      evaluate: walk(plan.evaluate, [...forward, loss], "eval"),
      predict: walk(plan.predict, forward, "eval"),
    },
  };
}

describe("the memory plan", () => {
  const specs = [
    ...readdirSync("specs").map((f) => `specs/${f}`),
    ...readdirSync("tests/specs").map((f) => `tests/specs/${f}`),
  ].filter((f) => f.endsWith(".net"));
  // tests/specs/view_chain.net reads a conv's output through two views (a flatten of a flatten), in
  // the linear layer after them and again in its weight gradient: the conv's buffer lives until then.
  // Portable kernels, and a software adapter's (direct convs computing batch norm's statistics,
  // weight gradients writing their bias gradient: nodes that other nodes' kernels write).
  const targets: [string, Target][] = [
    ["portable kernels", {}],
    ["a software adapter's kernels", { subgroupMinSize: 8, software: true, minThreads: 2, minWorkgroups: 2 }],
  ];

  it.each(specs.flatMap((spec) => targets.map(([name, target]) => ({ spec, name, target }))))(
    "$spec ($name): every pooled buffer a dispatch reads still holds the tensor it reads",
    ({ spec, target }) => {
      // At a small batch: what a buffer holds when does not depend on it.
      const { plan, names, shapes, uses } = scheduleUses(spec, 4, target);
      const pooled = (buffer: number) => plan.buffers[buffer]!.kind === "pool";
      let checked = 0;
      for (const schedule of ["train", "evaluate", "predict"] as const) {
        // The tensor each pooled buffer holds, as the schedule runs; nothing at its start.
        const holds = new Map<number, number>();
        plan[schedule].forEach((dispatch, k) => {
          const where = (tensor: number) => `${schedule} dispatch ${k} (${dispatch.label}) binding ${names[tensor]}`;
          const holding = (buffer: number) => {
            const tensor = holds.get(buffer);
            return tensor === undefined ? "nothing" : names[tensor];
          };
          const bound = uses[schedule][k]!.map((use, b) => ({ ...use, buffer: dispatch.bindings[b]! }));
          expect(bound.length, `${schedule} dispatch ${k}: bindings`).toBe(
            plan.kernels[dispatch.kernel]!.code.match(/@binding\(/g)!.length,
          );
          const pool = bound.filter(
            (u): u is typeof u & { tensor: number } => u.tensor !== undefined && pooled(u.buffer),
          );
          // One dispatch binds a buffer for one tensor: a read and a write of two cannot share it.
          for (const u of pool) {
            const sharing = new Set(pool.filter((v) => v.buffer === u.buffer).map((v) => v.tensor));
            expect(
              [...sharing].map((t) => names[t]),
              where(u.tensor),
            ).toEqual([names[u.tensor]]);
          }
          // Reads, then writes: a tensor written here holds its buffer from here on.
          for (const u of pool.filter((u) => u.reads)) {
            expect(holding(u.buffer), where(u.tensor)).toBe(names[u.tensor]);
            expect(holds.get(u.buffer)).toBe(u.tensor);
            checked++;
          }
          for (const u of pool.filter((u) => u.writes)) holds.set(u.buffer, u.tensor);
          // Evaluation stores every tensor whole (training may keep less: batch norm's statistics
          // alone where its readers recompute its output): its buffer must hold all of it.
          if (schedule !== "train") {
            for (const u of pool) {
              const bytes = 4 * shapes[u.tensor]!.reduce((product, size) => product * size, 1);
              expect(plan.buffers[u.buffer]!.bytes, where(u.tensor)).toBeGreaterThanOrEqual(bytes);
            }
          }
        });
      }
      expect(checked).toBeGreaterThan(0);
    },
  );
});
