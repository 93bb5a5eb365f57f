// The dense op families' WGSL kernels and the optimizer update kernels against their float64
// references, on random inputs plus the edge values that break naive formulas (±80, exact zeros,
// partial batches).

import { describe, expect, it } from "vitest";
import type { Attrs, OptimizerConfig } from "../src/ir/graph.js";
import { family } from "../src/ops/index.js";
import { optimizerKernel, optimizerState, referenceUpdate, type ParamUpdate } from "../src/ops/optimizers.js";
import { STEP_BYTES } from "../src/ops/wgsl.js";
import { download, runKernel, upload, useGpu } from "./helpers/gpu.js";
import {
  nodeFor,
  normalizedError,
  randomFloats,
  relativeError,
  runOnGpu,
  runReference,
  type OpInput,
  type OpRun,
} from "./helpers/ops.js";

const gpu = useGpu();

const TOLERANCE = 1e-4;

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function random(shape: number[], seed: number, scale = 1): OpInput {
  return { data: randomFloats(size(shape), seed, scale), shape };
}

/** Runs `op` on the GPU and in float64 and requires them to agree; returns both outputs. */
async function expectMatchesReference(op: string, attrs: Attrs, inputs: OpInput[], run: OpRun = {}) {
  const gpuResult = await runOnGpu(gpu().device, op, attrs, inputs, run);
  const expected = runReference(op, attrs, inputs, run);
  expect(gpuResult.output.length).toBe(expected.length);
  expect(relativeError(gpuResult.output, expected), `${op} ${JSON.stringify(attrs)}`).toBeLessThanOrEqual(TOLERANCE);
  return { gpu: gpuResult, expected };
}

describe("linear and its gradient ops", () => {
  it.each([
    { what: "with bias", x: [33, 70], out: 17, bias: true },
    { what: "without bias", x: [33, 70], out: 17, bias: false },
    { what: "rank-3 input", x: [3, 5, 9], out: 4, bias: true },
    { what: "one row, one output", x: [1, 6], out: 1, bias: true },
  ])("linear $what", async ({ x, out, bias }) => {
    const features = x[x.length - 1]!;
    const inputs = [random(x, 1), random([out, features], 2), ...(bias ? [random([out], 3)] : [])];
    const { gpu: result } = await expectMatchesReference("linear", { out, bias }, inputs);
    expect(result.shape).toEqual([...x.slice(0, -1), out]);
  });

  it.each([
    { transA: false, transB: false, a: [13, 7], b: [7, 5] },
    { transA: true, transB: false, a: [7, 13], b: [7, 5] },
    { transA: false, transB: true, a: [13, 7], b: [5, 7] },
    { transA: true, transB: true, a: [7, 13], b: [5, 7] },
    // linear's input gradient on a rank-3 input keeps the leading dimensions...
    { transA: false, transB: false, a: [3, 5, 4], b: [4, 9] },
    // ...and its weight gradient folds them into rows.
    { transA: true, transB: false, a: [3, 5, 4], b: [3, 5, 9] },
  ])("matmul transA=$transA transB=$transB, A $a, B $b", async ({ transA, transB, a, b }) => {
    await expectMatchesReference("matmul", { transA, transB }, [random(a, 4), random(b, 5)]);
  });

  it.each([[[37, 13]], [[3, 5, 6]], [[1, 300]]])("sum_rows over %j", async (shape) => {
    await expectMatchesReference("sum_rows", {}, [random(shape, 6)]);
  });

  it("sum_rows writes its 13 columns and nothing past them", async () => {
    const device = gpu().device;
    const x = random([37, 13], 6);
    const node = nodeFor("sum_rows", {}, [x], 7);
    const [kernel] = family("sum_rows").kernels!({ node, inputs: [x.shape], output: [13], mode: "train", target: {} });
    const SENTINEL = -12345.5;
    const input = upload(device, x.data as Float32Array);
    // Four floats more than the output needs, so that a write past column 12 lands in the buffer.
    const output = upload(device, new Float32Array(13 + 4).fill(SENTINEL));
    await runKernel(device, { code: kernel!.code, entryPoint: "main", workgroups: kernel!.workgroups }, [
      input,
      output,
    ]);
    const result = await download(device, output, 13 + 4);
    const expected = new Float64Array(13);
    for (let r = 0; r < 37; r++) for (let c = 0; c < 13; c++) expected[c]! += x.data[r * 13 + c]!;
    expect(relativeError(result.subarray(0, 13), expected)).toBeLessThanOrEqual(TOLERANCE);
    expect([...result.subarray(13)]).toEqual([SENTINEL, SENTINEL, SENTINEL, SENTINEL]);
    input.destroy();
    output.destroy();
  });
});

describe("activations", () => {
  // Exact zeros (relu's gradient at 0 is 0), tiny values, and ±80, where textbook tanh overflows.
  const EDGES = [0, -0, 0, 1e-6, -1e-6, 0.5, -0.5, 1, -1, 3, -3, 10, -10, 20, -20, 50, -50, 80, -80];
  const x: OpInput = { data: Float32Array.from([...EDGES, ...randomFloats(237, 7, 4)]), shape: [16, 16] };
  const dy = random([16, 16], 8);
  // What each gradient reads: the activation's output, or (gelu) its input.
  const savesOutput: Record<string, boolean> = { relu: true, sigmoid: true, tanh: true, gelu: false };

  // 255 elements: not whole vec4s, so the kernels take scalars.
  const odd: OpInput = { data: x.data.subarray(0, 255), shape: [5, 51] };
  const oddDy = random([5, 51], 8);

  it.each(Object.keys(savesOutput))("%s forward and activation_grad (vec4s, and scalars)", async (fn) => {
    for (const [input, gradient] of [
      [x, dy],
      [odd, oddDy],
    ] as const) {
      await expectMatchesReference(fn, {}, [input]);
      const saved = savesOutput[fn]
        ? { data: Float32Array.from(runReference(fn, {}, [input])), shape: input.shape }
        : input;
      await expectMatchesReference("activation_grad", { fn }, [gradient, saved]);
    }
  });

  it("relu's gradient is 0 where the output is exactly 0", async () => {
    const zeros: OpInput = { data: new Float32Array(16), shape: [4, 4] };
    const result = await runOnGpu(gpu().device, "activation_grad", { fn: "relu" }, [random([4, 4], 9), zeros]);
    expect([...result.output]).toEqual(new Array(16).fill(0));
  });
});

describe("dropout", () => {
  const p = 0.3;
  const x: OpInput = { data: randomFloats(64 * 50, 10).map((v) => 1.5 + v), shape: [64, 50] };

  it("train mode: the GPU mask and scaling equal the reference bit for bit, four elements a thread or one", async () => {
    const run = { id: 11, seed: 987 };
    const odd: OpInput = { data: x.data.subarray(0, 7 * 5), shape: [7, 5] };
    for (const input of [x, odd]) {
      const result = await runOnGpu(gpu().device, "dropout", { p }, [input], run);
      expect(result.output).toEqual(Float32Array.from(runReference("dropout", { p }, [input], run)));
      expect(result.output.filter((v) => v === 0).length).toBeGreaterThan(0);
    }
  });

  it("an activation's gradient that reads dy through the dropout after it equals the two kernels in turn", async () => {
    const saved: OpInput = { data: randomFloats(64 * 50, 12), shape: [64, 50] };
    const run = { id: 20, seed: 5 };
    const relu = { fn: "relu" };
    const masked = await runOnGpu(gpu().device, "dropout", { p, stream: 11 }, [x], run);
    const twoKernels = await runOnGpu(gpu().device, "activation_grad", relu, [
      { data: masked.output, shape: x.shape },
      saved,
    ]);
    const inlined = { ...relu, gradDropout: p, gradDropoutStream: 11 };
    const oneKernel = await runOnGpu(gpu().device, "activation_grad", inlined, [x, saved], run);
    expect(oneKernel.output).toEqual(twoKernels.output);
    expect(oneKernel.output).toEqual(Float32Array.from(runReference("activation_grad", inlined, [x, saved], run)));
    expect(oneKernel.output.filter((v) => v === 0).length).toBeGreaterThan(twoKernels.output.length / 3);
  });

  it("the gradient node (stream = the forward node) regenerates the forward mask", async () => {
    const forward = await runOnGpu(gpu().device, "dropout", { p }, [x], { id: 11, seed: 5 });
    const gradient = await runOnGpu(gpu().device, "dropout", { p, stream: 11 }, [x], { id: 20, seed: 5 });
    expect(gradient.output).toEqual(forward.output);
    const otherStep = await runOnGpu(gpu().device, "dropout", { p }, [x], { id: 11, seed: 6 });
    expect(otherStep.output).not.toEqual(forward.output);
  });

  it("eval mode is a view of the input", () => {
    expect(family("dropout").aliases?.("eval", {})).toBe(true);
    expect(family("dropout").aliases?.("train", {})).toBe(false);
    expect(runReference("dropout", { p }, [x], { mode: "eval" })).toEqual(Float64Array.from(x.data));
  });

  it("keeps about 1 - p of 100,000 elements", async () => {
    const ones: OpInput = { data: new Float32Array(100_000).fill(1), shape: [100, 1000] };
    const result = await runOnGpu(gpu().device, "dropout", { p }, [ones], { seed: 42 });
    const kept = result.output.filter((v) => v !== 0);
    // The binomial standard deviation is 0.0014; 0.007 is five of them.
    expect(Math.abs(kept.length / 100_000 - (1 - p))).toBeLessThan(0.007);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / (1 - p))]));
  });
});

describe("softmax", () => {
  // Row 0 spans ±80: exp overflows float32 there unless the row maximum is subtracted.
  const x: OpInput = {
    data: Float32Array.from([80, -80, 79, 0, -3, 80, 1, 2, -80, 5, ...randomFloats(50, 11, 5)]),
    shape: [6, 10],
  };

  it("softmax", async () => {
    await expectMatchesReference("softmax", { axis: -1 }, [x]);
  });

  it("accepts the last axis by its index, and no axis past it", async () => {
    const byIndex = await runOnGpu(gpu().device, "softmax", { axis: 1 }, [x]);
    const byMinusOne = await runOnGpu(gpu().device, "softmax", { axis: -1 }, [x]);
    expect(byIndex.output).toEqual(byMinusOne.output);
    expect(() => runReference("softmax", { axis: 2 }, [x])).toThrow(
      new Error("softmax normalises over the last axis (-1 or 1), got axis 2"),
    );
  });

  it("softmax_grad", async () => {
    const s = { data: Float32Array.from(runReference("softmax", { axis: -1 }, [x])), shape: x.shape };
    await expectMatchesReference("softmax_grad", {}, [random(x.shape, 12), s]);
  });
});

describe("broadcasting arithmetic", () => {
  const cases = [
    { a: [4, 3, 5], b: [4, 3, 5] },
    { a: [4, 3, 5], b: [5] },
    { a: [4, 3, 5], b: [3, 1] },
    { a: [2, 1, 4], b: [3, 1] },
    { a: [1], b: [6, 2] },
  ];
  it.each(cases)("add and mul of $a and $b", async ({ a, b }) => {
    for (const op of ["add", "mul"]) await expectMatchesReference(op, {}, [random(a, 13), random(b, 14)]);
  });

  it.each([
    { from: [4, 3, 5], to: [5] },
    { from: [4, 3, 5], to: [3, 1] },
    { from: [2, 3, 4], to: [2, 1, 4] },
    { from: [4, 3, 5], to: [1] },
  ])("sum_to from $from to $to", async ({ from, to }) => {
    const { gpu: result } = await expectMatchesReference("sum_to", { shape: to }, [random(from, 15)]);
    expect(result.shape).toEqual(to);
  });
});

describe("losses", () => {
  /** Logits of spread 120 clamped to ±80, as PyTorch's fixture has them. */
  function logits(rows: number, classes: number, seed: number): OpInput {
    return {
      data: randomFloats(rows * classes, seed, 120).map((v) => Math.max(-80, Math.min(80, v))),
      shape: [rows, classes],
    };
  }
  function labels(rows: number, classes: number): OpInput {
    return { data: Uint32Array.from({ length: rows }, (_, r) => (r * 7) % classes), shape: [rows] };
  }
  /** Rows whose first largest logit is the label: what the loss kernel counts as correct. */
  function hits(x: OpInput, y: OpInput, rows: number): number {
    const classes = x.shape[1]!;
    let count = 0;
    for (let r = 0; r < rows; r++) {
      const row = x.data.subarray(r * classes, (r + 1) * classes);
      if (row.indexOf(Math.max(...row)) === y.data[r]) count++;
    }
    return count;
  }

  // 300 rows exceed the loss kernel's 256 threads, so some threads sum two rows.
  it.each([
    { batch: 12, rows: 12 },
    { batch: 12, rows: 9 },
    { batch: 300, rows: 300 },
    { batch: 300, rows: 257 },
  ])("cross_entropy and its gradient, batch $batch with $rows valid rows", async ({ batch, rows }) => {
    const x = logits(batch, 10, batch + rows);
    const y = labels(batch, 10);
    const { gpu: loss, expected } = await expectMatchesReference("cross_entropy", {}, [x, y], { rows });
    expect(relativeError([loss.metrics[0]! / rows], expected)).toBeLessThanOrEqual(TOLERANCE);
    expect(loss.metrics[1]).toBe(hits(x, y, rows));
    expect(loss.metrics[2]).toBe(rows);

    const { gpu: grad } = await expectMatchesReference("cross_entropy_grad", {}, [x, y], { rows });
    expect(grad.output.subarray(rows * 10).every((v) => v === 0)).toBe(true);
  });

  it("cross_entropy of logits far from 0 but close together loses no precision to their size", async () => {
    const x = logits(16, 10, 5);
    // Logits of about 3e5, whose ulp is 0.03: the loss, about log 10, is their differences' alone.
    const shifted = { ...x, data: Float32Array.from(x.data, (v) => Math.fround(3e5 + v / 100)) };
    const { gpu: loss, expected } = await expectMatchesReference("cross_entropy", {}, [shifted, labels(16, 10)], {
      rows: 16,
    });
    expect(relativeError([loss.metrics[0]! / 16], expected)).toBeLessThanOrEqual(1e-6);
  });

  it.each([
    { batch: 8, rows: 8 },
    { batch: 8, rows: 5 },
  ])("mse and its gradient, batch $batch with $rows valid rows", async ({ batch, rows }) => {
    const prediction = random([batch, 3], 16, 2);
    const target = random([batch, 3], 17, 2);
    const { gpu: loss } = await expectMatchesReference("mse", {}, [prediction, target], { rows });
    expect(loss.metrics[2]).toBe(rows);
    const { gpu: grad } = await expectMatchesReference("mse_grad", {}, [prediction, target], { rows });
    expect(grad.output.subarray(rows * 3).every((v) => v === 0)).toBe(true);
  });
});

describe("optimizer kernels", () => {
  const sgd = (momentum: number, weightDecay: number, nesterov = false): OptimizerConfig => ({
    kind: "sgd",
    lr: 0.1,
    momentum,
    weightDecay,
    nesterov,
  });
  const adam = (kind: "adam" | "adamw", weightDecay: number): OptimizerConfig => ({
    kind,
    lr: 1e-3,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    weightDecay,
  });
  const cases: { what: string; config: OptimizerConfig; lrMult?: number; decay?: boolean }[] = [
    { what: "sgd", config: sgd(0, 0) },
    { what: "sgd with weight decay", config: sgd(0, 0.1) },
    { what: "sgd with momentum", config: sgd(0.9, 0) },
    { what: "sgd with momentum and weight decay", config: sgd(0.9, 1e-2) },
    { what: "sgd nesterov", config: sgd(0.9, 1e-2, true) },
    { what: "sgd with lrMult 2", config: sgd(0.9, 0), lrMult: 2 },
    { what: "sgd with decay off for this parameter", config: sgd(0.9, 0.1), decay: false },
    { what: "adam", config: adam("adam", 0) },
    { what: "adam with (coupled) weight decay", config: adam("adam", 0.01) },
    { what: "adamw", config: adam("adamw", 0.01) },
    { what: "adamw with lrMult 0.5", config: adam("adamw", 0.01), lrMult: 0.5 },
    { what: "adamw with decay off for this parameter", config: adam("adamw", 0.1), decay: false },
  ];
  // A count of whole vec4s takes the vectorised kernel; one that is not, the scalar kernel.
  const COUNTS = [1000, 1003];
  const LEARNING_RATES = [0.1, 0.05];

  /** The Step uniform for optimizer step `index` (from 1). */
  function stepUniform(config: OptimizerConfig, index: number, lr: number): ArrayBuffer {
    const data = new ArrayBuffer(STEP_BYTES);
    new Uint32Array(data, 0, 4).set([index, 0, 0, 0]);
    const corrections = config.kind === "sgd" ? [1, 1] : [1 - config.beta1 ** index, 1 - config.beta2 ** index];
    new Float32Array(data, 16, 4).set([lr, ...corrections, 0]);
    return data;
  }

  interface Tensors {
    param: Float32Array;
    state: Float32Array[];
  }

  /**
   * Each parameter's values and state after the steps at LEARNING_RATES of one kernel updating the
   * whole group, from zero state.
   */
  async function gpuSteps(
    config: OptimizerConfig,
    updates: ParamUpdate[],
    initial: Float32Array[],
    grads: Float32Array[][],
  ): Promise<Tensors[]> {
    const device = gpu().device;
    const kernel = optimizerKernel(config, updates);
    const tensors = updates.map((update, j) => ({
      param: upload(device, initial[j]!),
      grad: upload(device, grads[j]![0]!),
      state: optimizerState(config).map(() => upload(device, new Float32Array(update.count))),
    }));
    const step = device.createBuffer({ size: STEP_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    for (const [k, lr] of LEARNING_RATES.entries()) {
      tensors.forEach((t, j) => device.queue.writeBuffer(t.grad, 0, grads[j]![k]!));
      device.queue.writeBuffer(step, 0, stepUniform(config, k + 1, lr));
      await runKernel(device, { code: kernel.code, entryPoint: "main", workgroups: kernel.workgroups }, [
        ...tensors.flatMap((t) => [t.param, t.grad, ...t.state]),
        step,
      ]);
    }
    const result = await Promise.all(
      tensors.map(async (t, j) => ({
        param: await download(device, t.param, updates[j]!.count),
        state: await Promise.all(t.state.map((buffer) => download(device, buffer, updates[j]!.count))),
      })),
    );
    for (const buffer of [...tensors.flatMap((t) => [t.param, t.grad, ...t.state]), step]) buffer.destroy();
    return result;
  }

  const updateOf = (count: number, lrMult: number, decay: boolean, config: OptimizerConfig, name = "layer.weight") => ({
    name,
    count,
    lrMult,
    weightDecay: decay ? config.weightDecay : 0,
  });

  it.each(cases.flatMap((c) => COUNTS.map((count) => ({ ...c, count }))))(
    "$what, $count elements, in one kernel with two other parameters: two steps of each one's values and state",
    async ({ config, count, lrMult = 1, decay = true }) => {
      // The case's parameter between a scalar one (7 elements) and a vec4 one, whose settings differ.
      const updates = [
        updateOf(7, 2, !decay, config, "layer.bias"),
        updateOf(count, lrMult, decay, config),
        updateOf(64, 0.5, !decay, config, "other.weight"),
      ];
      const initial = updates.map((u, j) => randomFloats(u.count, 20 + 3 * j));
      const grads = updates.map((u, j) => [randomFloats(u.count, 21 + 3 * j), randomFloats(u.count, 22 + 3 * j)]);
      const actual = await gpuSteps(config, updates, initial, grads);

      for (const [j, update] of updates.entries()) {
        const expectedParam = Float64Array.from(initial[j]!);
        const expectedState = optimizerState(config).map(() => new Float64Array(update.count));
        for (const [k, lr] of LEARNING_RATES.entries()) {
          referenceUpdate(config, update, expectedParam, Float64Array.from(grads[j]![k]!), expectedState, {
            lr,
            index: k + 1,
          });
        }
        expect(relativeError(actual[j]!.param, expectedParam), update.name).toBeLessThanOrEqual(TOLERANCE);
        for (const [k, state] of actual[j]!.state.entries()) {
          expect(
            normalizedError(state, expectedState[k]!),
            `${update.name} ${optimizerState(config)[k]}`,
          ).toBeLessThanOrEqual(TOLERANCE);
        }
        // The update must have moved the parameters by about lr·|g|, so a no-op kernel cannot pass.
        expect(relativeError(initial[j]!, expectedParam)).toBeGreaterThan(1e-3);
      }
    },
  );

  it.each(cases)(
    "$what: the vec4 kernel computes each element bit for bit as the scalar one",
    async ({ config, lrMult = 1, decay = true }) => {
      // 1000 elements are whole vec4s; 1001, the same elements and one more, go scalar.
      const counts = [1000, 1001];
      const initial = randomFloats(1001, 20);
      const grads = [randomFloats(1001, 21), randomFloats(1001, 22)];
      const [vectorised, scalar] = await Promise.all(
        counts.map(async (count) => {
          const [tensors] = await gpuSteps(
            config,
            [updateOf(count, lrMult, decay, config)],
            [initial.slice(0, count)],
            [grads.map((g) => g.slice(0, count))],
          );
          return tensors;
        }),
      );
      const bits = (values: Float32Array) => new Uint32Array(values.buffer, values.byteOffset, 1000);
      const scalarTensors = [scalar!.param, ...scalar!.state];
      for (const [k, values] of [vectorised!.param, ...vectorised!.state].entries()) {
        expect(bits(values)).toEqual(bits(scalarTensors[k]!));
      }
    },
  );
});
