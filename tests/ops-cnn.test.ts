// The convolutional op families (conv2d, pooling, batch norm, concat) and their gradient ops:
// every kernel against its float64 reference, the PyTorch fixtures through each family's
// `backward`, and each reference gradient against finite differences of the reference forward.

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Attrs, OpNode } from "../src/ir/graph.js";
import type { Mode, Target } from "../src/ops/family.js";
import { family } from "../src/ops/index.js";
import type { GpuContext } from "../runtime/gpu.js";
import { requestNodeGpu } from "../runtime/node/gpu.js";
import { targetOf } from "../src/cli/train.js";
import { decodeSafetensors } from "../runtime/safetensors.js";
import { nodeFor, randomFloats, relativeError, runOnGpu, runReference, type OpInput } from "./helpers/ops.js";

let gpu: GpuContext;
/**
 * What training compiles for on this device (subgroup GEMM tiles and direct convs where the adapter
 * has subgroups, and wide direct convs on a software adapter), but with a GPU's appetite for
 * threads, so that GEMMs split k across workgroups here too.
 */
let deviceTarget: Target;
beforeAll(async () => {
  gpu = await requestNodeGpu();
  deviceTarget = { ...targetOf(gpu), minThreads: undefined };
});
afterAll(() => gpu.destroy());

const TOLERANCE = 1e-4;

interface Tensor {
  data: Float64Array;
  shape: number[];
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function random(shape: number[], seed: number, scale = 1, offset = 0): OpInput {
  return { data: randomFloats(size(shape), seed, scale).map((v) => v + offset), shape };
}

const toTensor = (input: OpInput): Tensor => ({ data: Float64Array.from(input.data), shape: input.shape });
const toInput = (tensor: Tensor): OpInput => ({ data: Float32Array.from(tensor.data), shape: tensor.shape });

/** Positive values in [low, high): running variances. */
function positive(shape: number[], seed: number, low: number, high: number): OpInput {
  return { data: randomFloats(size(shape), seed).map((v) => low + ((v + 1) / 2) * (high - low)), shape };
}

/** A node of `op` reading inputs 0, 1, ... (the ids of the tensors it is given, in order). */
function testNode(id: number, op: string, attrs: Attrs, inputCount: number, shape: number[]): OpNode {
  return {
    id,
    op,
    name: "test",
    inputs: Array.from({ length: inputCount }, (_, k) => k),
    attrs,
    shape,
    loc: { file: "test", line: 1, col: 1, length: 1 },
    calledFrom: [],
  };
}

function outputShape(op: string, attrs: Attrs, inputs: readonly Tensor[]): number[] {
  const owned = family(op).owned?.(attrs).length ?? 0;
  return family(op).infer(
    inputs.slice(0, inputs.length - owned).map((t) => t.shape),
    attrs,
  ).shape as number[];
}

/** A family's float64 reference on float64 inputs (the finite differences need full precision). */
function reference(op: string, attrs: Attrs, inputs: readonly Tensor[], mode: Mode): Float64Array {
  return family(op).reference!({
    id: 7,
    inputs: inputs.map((t) => t.data),
    shapes: inputs.map((t) => t.shape),
    output: outputShape(op, attrs, inputs),
    attrs,
    mode,
    seed: 1,
    rows: inputs[0]!.shape[0]!,
  });
}

type Evaluate = (op: string, attrs: Attrs, inputs: Tensor[]) => Float64Array | Promise<Float64Array>;

const onGpu =
  (mode: Mode, target = deviceTarget): Evaluate =>
  async (op, attrs, inputs) =>
    Float64Array.from((await runOnGpu(gpu.device, op, attrs, inputs.map(toInput), { mode, target })).output);

const onReference =
  (mode: Mode): Evaluate =>
  (op, attrs, inputs) =>
    reference(op, attrs, inputs, mode);

/**
 * The gradients of Σ y·dy for each input of `op`, computed by the nodes its family's `backward`
 * emits (as autodiff would add them), each evaluated by `evaluate`. Undefined where not needed.
 */
async function backwardGradients(
  op: string,
  attrs: Attrs,
  inputs: Tensor[],
  dy: Tensor,
  needs: boolean[],
  evaluate: Evaluate,
): Promise<(Float64Array | undefined)[]> {
  const shapes = inputs.map((t) => t.shape);
  const nodeId = shapes.push(outputShape(op, attrs, inputs)) - 1;
  const dyId = shapes.push(dy.shape) - 1;
  const emitted: { id: number; op: string; inputs: number[]; attrs: Attrs }[] = [];
  const node = testNode(nodeId, op, attrs, inputs.length, shapes[nodeId]!);
  const grads = family(op).backward!({
    node,
    dy: dyId,
    needs,
    shape: (id) => shapes[id]!,
    emit(gradOp, gradInputs, gradAttrs) {
      const id =
        shapes.push(
          family(gradOp).infer(
            gradInputs.map((i) => shapes[i]!),
            gradAttrs,
          ).shape as number[],
        ) - 1;
      emitted.push({ id, op: gradOp, inputs: gradInputs, attrs: gradAttrs });
      return id;
    },
  });
  const values = new Map<number, Float64Array>([...inputs.map((t, k) => [k, t.data] as const), [dyId, dy.data]]);
  for (const e of emitted) {
    if (e.inputs.includes(nodeId)) values.set(nodeId, await evaluate(op, attrs, inputs));
    values.set(
      e.id,
      await evaluate(
        e.op,
        e.attrs,
        e.inputs.map((i) => ({ data: values.get(i)!, shape: shapes[i]! })),
      ),
    );
  }
  return grads.map((id) => (id === undefined ? undefined : values.get(id)));
}

/** Runs an op's kernels on the GPU and checks them against its reference. */
async function expectKernelsMatchReference(
  op: string,
  attrs: Attrs,
  inputs: OpInput[],
  mode: Mode = "train",
  target = deviceTarget,
): Promise<void> {
  const gpuResult = await runOnGpu(gpu.device, op, attrs, inputs, { mode, target });
  const expected = runReference(op, attrs, inputs, { mode });
  expect(gpuResult.output.length).toBe(expected.length);
  expect(relativeError(gpuResult.output, expected), `${op} ${JSON.stringify(attrs)} (${mode})`).toBeLessThanOrEqual(
    TOLERANCE,
  );
}

/** Every gradient op the family emits, on the GPU, against the same graph on the references. */
async function expectGradientsMatchReference(
  op: string,
  attrs: Attrs,
  inputs: OpInput[],
  needs: boolean[],
  mode: Mode = "train",
  target = deviceTarget,
): Promise<void> {
  const tensors = inputs.map(toTensor);
  const dy = toTensor(random(outputShape(op, attrs, tensors), 99));
  const actual = await backwardGradients(op, attrs, tensors, dy, needs, onGpu(mode, target));
  const expected = await backwardGradients(op, attrs, tensors, dy, needs, onReference(mode));
  expected.forEach((grad, k) => {
    if (grad === undefined) return;
    expect(
      relativeError(actual[k]!, grad),
      `${op} gradient ${k} ${JSON.stringify(attrs)} (${mode})`,
    ).toBeLessThanOrEqual(TOLERANCE);
  });
}

/**
 * Central differences of Σ reference(x)·dy for each needed input, against the reference gradient
 * graph: ε = 1e-6 in float64, relative tolerance 1e-6.
 */
async function expectGradientsMatchFiniteDifferences(
  op: string,
  attrs: Attrs,
  inputs: OpInput[],
  needs: boolean[],
  mode: Mode = "train",
): Promise<void> {
  const tensors = inputs.map(toTensor);
  const dy = toTensor(random(outputShape(op, attrs, tensors), 99));
  const analytic = await backwardGradients(op, attrs, tensors, dy, needs, onReference(mode));
  const loss = (perturbed: Tensor[]) =>
    reference(op, attrs, perturbed, mode).reduce((sum, y, i) => sum + y * dy.data[i]!, 0);
  const eps = 1e-6;
  tensors.forEach((tensor, k) => {
    if (!needs[k]) return;
    const numeric = tensor.data.map((_, i) => {
      const shifted = (delta: number) =>
        tensors.map((t, j) => (j === k ? { ...t, data: t.data.map((v, e) => (e === i ? v + delta : v)) } : t));
      return (loss(shifted(eps)) - loss(shifted(-eps))) / (2 * eps);
    });
    expect(
      relativeError(analytic[k]!, numeric),
      `${op} input ${k} ${JSON.stringify(attrs)} (${mode})`,
    ).toBeLessThanOrEqual(1e-6);
  });
}

/** One file of PyTorch cases: each case's attributes (parsed metadata) and tensors. */
function fixtureCases(
  file: string,
): { name: string; meta: Record<string, unknown>; tensor: (name: string) => Tensor; has: (name: string) => boolean }[] {
  const { tensors, metadata } = decodeSafetensors(
    new Uint8Array(readFileSync(new URL(`fixtures/${file}`, import.meta.url))),
  );
  return Object.keys(metadata)
    .sort()
    .map((name) => ({
      name,
      meta: JSON.parse(metadata[name]!) as Record<string, unknown>,
      has: (t: string) => tensors.has(`${name}.${t}`),
      tensor: (t: string) => {
        const found = tensors.get(`${name}.${t}`);
        if (found === undefined) throw new Error(`fixture ${file} has no tensor ${name}.${t}`);
        return { data: Float64Array.from(found.data), shape: found.shape };
      },
    }));
}

/** A fixture case through the GPU: forward output, then each input's gradient from its grad_y. */
async function expectFixture(
  label: string,
  op: string,
  attrs: Attrs,
  inputs: Tensor[],
  gradY: Tensor,
  expected: { y: Tensor; grads: (Tensor | undefined)[] },
  mode: Mode,
): Promise<void> {
  const y = await onGpu(mode)(op, attrs, inputs);
  expect(relativeError(y, expected.y.data), `${label}: y`).toBeLessThanOrEqual(TOLERANCE);
  const needs = inputs.map((_, k) => expected.grads[k] !== undefined);
  const grads = await backwardGradients(op, attrs, inputs, gradY, needs, onGpu(mode));
  expected.grads.forEach((grad, k) => {
    if (grad !== undefined)
      expect(relativeError(grads[k]!, grad.data), `${label}: gradient of input ${k}`).toBeLessThanOrEqual(TOLERANCE);
  });
}

/** Runs an op's kernels on the GPU and returns the final contents of every input, written in place or not. */
async function runInputsAfter(op: string, attrs: Attrs, inputs: OpInput[], mode: Mode): Promise<Float32Array[]> {
  return (await runOnGpu(gpu.device, op, attrs, inputs, { mode, target: deviceTarget })).inputsAfter;
}

const MODES: Mode[] = ["train", "eval"];

/** Test-name text for attributes: `kernel 3×3, stride 2×2, ceil true`. */
const label = (attrs: Attrs) =>
  Object.entries(attrs)
    .map(([key, value]) => `${key} ${Array.isArray(value) ? value.join("×") : String(value)}`)
    .join(", ");

/** Finite differences evaluate the forward twice per input element: keep their cases tiny. */
const FINITE_DIFFERENCE_ELEMENTS = 400;

describe("pooling", () => {
  const windows = [
    { shape: [2, 3, 8, 8], kernel: [2, 2], stride: [2, 2], pad: [0, 0], ceil: false },
    { shape: [2, 2, 7, 9], kernel: [3, 3], stride: [2, 2], pad: [1, 1], ceil: false },
    { shape: [1, 2, 7, 7], kernel: [3, 3], stride: [2, 2], pad: [1, 1], ceil: true },
    { shape: [1, 3, 8, 8], kernel: [3, 3], stride: [2, 2], pad: [0, 0], ceil: true },
    { shape: [2, 2, 6, 6], kernel: [3, 3], stride: [1, 1], pad: [1, 1], ceil: false },
    // Stride larger than the window along rows: some input rows belong to no window.
    { shape: [1, 2, 9, 10], kernel: [2, 3], stride: [3, 2], pad: [1, 0], ceil: false },
    { shape: [1, 1, 10, 11], kernel: [4, 2], stride: [3, 3], pad: [2, 1], ceil: true },
    { shape: [2, 3, 5, 5], kernel: [5, 5], stride: [5, 5], pad: [0, 0], ceil: false },
    // Windows tiling all but a last row, in rows of 8 and of 6 (average pooling's gradient on vec4s).
    { shape: [1, 2, 5, 8], kernel: [2, 2], stride: [2, 2], pad: [0, 0], ceil: false },
    { shape: [2, 2, 7, 6], kernel: [2, 2], stride: [2, 2], pad: [0, 0], ceil: false },
    // Windows 4 wide (a vec4 of elements in one window) and 3 wide (across two) tiling rows of 8 and 12.
    { shape: [1, 2, 9, 8], kernel: [4, 4], stride: [4, 4], pad: [0, 0], ceil: false },
    { shape: [1, 2, 6, 12], kernel: [3, 3], stride: [3, 3], pad: [0, 0], ceil: false },
    // Windows tiling rows of whole vec4s exactly, 4, 2 (above) and 1 wide: average pooling's forward
    // on vec4s.
    { shape: [1, 2, 6, 8], kernel: [3, 4], stride: [3, 4], pad: [0, 0], ceil: false },
    { shape: [2, 1, 4, 8], kernel: [2, 1], stride: [2, 1], pad: [0, 0], ceil: false },
    // Rows of whole vec2s, not vec4s (max pooling's band kernels take vec2s), windows 2 and 1 wide.
    { shape: [2, 3, 6, 10], kernel: [2, 2], stride: [2, 2], pad: [0, 0], ceil: false },
    { shape: [1, 2, 9, 6], kernel: [3, 1], stride: [3, 1], pad: [0, 0], ceil: false },
  ];
  const cases = [
    ...windows.flatMap(({ shape, ...window }) => [
      { op: "maxpool2d", shape, attrs: window as Attrs },
      { op: "avgpool2d", shape, attrs: { ...window, countPad: true } as Attrs },
      { op: "avgpool2d", shape, attrs: { ...window, countPad: false } as Attrs },
    ]),
    { op: "global_avgpool", shape: [2, 4, 5, 5], attrs: {} },
    { op: "global_avgpool", shape: [3, 2, 4, 7], attrs: {} },
  ].map((c) => ({ ...c, name: `${c.op} ${label(c.attrs)} on [${c.shape.join(", ")}]` }));

  it.each(cases)("$name: kernels match the reference", async ({ op, shape, attrs }) => {
    const x = random(shape, 11);
    await expectKernelsMatchReference(op, attrs, [x]);
    await expectGradientsMatchReference(op, attrs, [x], [true]);
  });

  it.each(cases)("$name: reference gradient matches finite differences", async ({ op, shape, attrs }) => {
    await expectGradientsMatchFiniteDifferences(op, attrs, [random(shape, 12)], [true]);
  });

  it("max pooling sends a tied window's gradient to its first maximum, as PyTorch", async () => {
    const x: OpInput = { data: Float32Array.of(5, 5, 1, 5), shape: [1, 1, 2, 2] };
    const attrs = { kernel: [2, 2], stride: [2, 2], pad: [0, 0], ceil: false };
    const [dx] = await backwardGradients(
      "maxpool2d",
      attrs,
      [toTensor(x)],
      { data: Float64Array.of(3), shape: [1, 1, 1, 1] },
      [true],
      onGpu("train"),
    );
    expect([...dx!]).toEqual([3, 0, 0, 0]);
  });

  it("max pooling over windows that tile rows of whole vec4s: one kernel each way, first maxima on ties", async () => {
    // Two 2×2 windows over a 2×4 plane: 5 ties in the first (its first element wins), 7 in the
    // second (its row-major first, (0, 3), wins over (1, 2) and (1, 3)).
    const x: OpInput = { data: Float32Array.of(5, 5, 1, 7, 5, 1, 7, 7), shape: [1, 1, 2, 4] };
    const attrs = { kernel: [2, 2], stride: [2, 2], pad: [0, 0], ceil: false };
    const node = nodeFor("maxpool2d", attrs, [x], 0);
    const forward = family("maxpool2d").kernels!({
      node,
      inputs: [x.shape],
      output: [1, 1, 1, 2],
      mode: "train",
      target: {},
    });
    expect(forward.map((k) => k.name)).toEqual(["test_maxpool2d_forward"]);
    expect(forward[0]!.code).toContain("y[i] = vec2f(m0, m1);");
    const dy = { data: Float64Array.of(3, 4), shape: [1, 1, 1, 2] };
    const [dx] = await backwardGradients("maxpool2d", attrs, [toTensor(x)], dy, [true], onGpu("train"));
    expect([...dx!]).toEqual([3, 0, 0, 4, 0, 0, 0, 0]);
    const grad = family("maxpool2d_grad").kernels!({
      node: nodeFor("maxpool2d_grad", attrs, [toInput(dy), x], 0),
      inputs: [dy.shape, x.shape],
      output: x.shape,
      mode: "train",
      target: {},
    });
    expect(grad.map((k) => k.name)).toEqual(["test_maxpool2d_grad_grad"]);
  });

  // The max pooling gather writes a block of up to 8×8 elements per thread, smaller where the
  // target wants more threads: a software adapter (minThreads 1) gets whole blocks, cut at the
  // planes' edges; the default target, 1×1 blocks at these sizes.
  const software: Target = { minThreads: 1 };
  const maxWindows = [
    ...windows,
    { shape: [2, 3, 19, 21], kernel: [3, 3], stride: [2, 2], pad: [1, 1], ceil: false },
    { shape: [1, 2, 17, 18], kernel: [2, 2], stride: [2, 2], pad: [0, 0], ceil: true },
  ].map(({ shape, ...window }) => ({
    shape,
    attrs: window as Attrs,
    name: `${label(window as Attrs)} on [${shape.join(", ")}]`,
  }));

  it.each(maxWindows)(
    "max pooling $name: whole gather blocks match the reference, bit for bit the 1×1 blocks",
    async ({ shape, attrs }) => {
      // After a ReLU about half the inputs are 0: windows of tied maxima.
      const x = toTensor(random(shape, 13, 1, 0.2));
      x.data = x.data.map((v) => Math.max(v, 0));
      const dy = toTensor(random(outputShape("maxpool2d", attrs, [x]), 14));
      const grad = (target: Target) => onGpu("train", target)("maxpool2d_grad", attrs, [dy, x]);
      const blocks = await grad({ ...deviceTarget, ...software });
      expect(relativeError(blocks, reference("maxpool2d_grad", attrs, [dy, x], "train"))).toBeLessThanOrEqual(
        TOLERANCE,
      );
      expect([...blocks]).toEqual([...(await grad(deviceTarget))]);
    },
  );

  it("max pooling sends each window's gradient to its first maximum, padding and overlaps included", async () => {
    // 3×3 windows at stride 1 over a padded 3×3 input: the nine windows overlap, (0, 1) is the
    // first maximum of six of them and ties with (0, 2) and (1, 2) in three, and every input is
    // negative, so padding counted as 0 would win.
    const x: Tensor = { data: Float64Array.of(-3, -1, -1, -2, -5, -1, -4, -4, -2), shape: [1, 1, 3, 3] };
    const dy: Tensor = { data: Float64Array.from({ length: 9 }, (_, k) => 2 ** k), shape: [1, 1, 3, 3] };
    const attrs = { kernel: [3, 3], stride: [1, 1], pad: [1, 1], ceil: false };
    for (const target of [deviceTarget, { ...deviceTarget, ...software }]) {
      const dx = await onGpu("train", target)("maxpool2d_grad", attrs, [dy, x]);
      expect([...dx]).toEqual([0, 1 + 2 + 4 + 8 + 16 + 32, 0, 64, 0, 128 + 256, 0, 0, 0]);
    }
  });

  it.each(fixtureCases("op_pool.safetensors"))("PyTorch $name ($meta.description)", async ({ name, meta, tensor }) => {
    const op = meta.kind === "max" ? "maxpool2d" : meta.kind === "avg" ? "avgpool2d" : "global_avgpool";
    const window = { kernel: meta.kernel, stride: meta.stride, pad: meta.padding, ceil: meta.ceil_mode } as Attrs;
    const attrs =
      op === "global_avgpool"
        ? {}
        : op === "avgpool2d"
          ? { ...window, countPad: meta.count_include_pad as boolean }
          : window;
    await expectFixture(
      name,
      op,
      attrs,
      [tensor("x")],
      tensor("grad_y"),
      { y: tensor("y"), grads: [tensor("grad_x")] },
      "train",
    );
  });
});

describe("batch norm", () => {
  const shapes = [
    [4, 3, 5, 5],
    [8, 6],
    // More elements per channel than threads per workgroup, and not a multiple of them.
    [2, 5, 17, 19],
    [3, 1, 1, 1],
    // Several chunks per channel in the reduction passes (7 of 916 elements, for a large GPU).
    [16, 3, 20, 20],
    // Planes of a multiple of 4 elements: the passes take vec4s.
    [3, 2, 4, 6],
    // [N, C] over several chunks of rows (3 of 700, for a large GPU) and two groups of 64 channels.
    [2100, 70],
  ];
  const inputs = (shape: number[]): OpInput[] => {
    const channels = [shape[1]!];
    return [
      random(shape, 21, 2, 3),
      positive(channels, 22, 0.5, 1.5),
      random(channels, 23),
      random(channels, 24),
      positive(channels, 25, 0.5, 2.5),
    ];
  };
  const attrs = { eps: 1e-5, momentum: 0.1 };
  const needs = [true, true, true, false, false];
  const cases = shapes.flatMap((shape) =>
    MODES.map((mode) => ({ shape, mode, name: `[${shape.join(", ")}] in ${mode} mode` })),
  );

  it.each(cases)("$name: kernels match the reference", async ({ shape, mode }) => {
    await expectKernelsMatchReference("batchnorm", attrs, inputs(shape), mode);
    await expectGradientsMatchReference("batchnorm", attrs, inputs(shape), needs, mode);
  });

  it.each(cases.filter((c) => size(c.shape) <= FINITE_DIFFERENCE_ELEMENTS))(
    "$name: reference gradient matches finite differences",
    async ({ shape, mode }) => {
      await expectGradientsMatchFiniteDifferences("batchnorm", attrs, inputs(shape), needs, mode);
    },
  );

  // Running variances about 1e-4: eps (1e-5) moves each output by about 5%, far above the tolerance.
  it.each(
    [
      [4, 3, 5, 5],
      [3, 2, 4, 6],
      [6, 5],
    ].map((shape) => ({ shape, name: `[${shape.join(", ")}]` })),
  )("$name in eval mode, running variances near eps: y = (x − mean) / sqrt(var + eps) · γ + β", async ({ shape }) => {
    const channels = shape[1]!;
    const state = [
      random(shape, 31, 0.02),
      positive([channels], 32, 0.5, 1.5),
      random([channels], 33),
      random([channels], 34, 0.01),
      positive([channels], 35, 5e-5, 2e-4),
    ];
    await expectKernelsMatchReference("batchnorm", attrs, state, "eval");
    await expectGradientsMatchReference("batchnorm", attrs, state, needs, "eval");
    const [x, weight, bias, mean, variance] = state.map((t) => t.data);
    const plane = size(shape.slice(2));
    const expected = x!.map((v, i) => {
      const c = Math.floor(i / plane) % channels;
      return ((v - mean![c]!) / Math.sqrt(variance![c]! + attrs.eps)) * weight![c]! + bias![c]!;
    });
    const y = await onGpu("eval")("batchnorm", attrs, state.map(toTensor));
    expect(relativeError(y, expected)).toBeLessThanOrEqual(TOLERANCE);
    // Without eps the outputs would be this far off: the check above tells the two apart.
    const withoutEps = x!.map((v, i) => {
      const c = Math.floor(i / plane) % channels;
      return ((v - mean![c]!) / Math.sqrt(variance![c]!)) * weight![c]! + bias![c]!;
    });
    expect(relativeError(withoutEps, expected)).toBeGreaterThan(100 * TOLERANCE);
  });

  it("training moves the running statistics toward the batch's (unbiased variance); evaluation leaves them", async () => {
    const x: OpInput = { data: Float32Array.of(1, 2, 3, 4, 10, 20, 30, 40), shape: [4, 2] };
    const state = [
      x,
      positive([2], 1, 1, 1),
      random([2], 2),
      { data: Float32Array.of(1, -1), shape: [2] },
      { data: Float32Array.of(2, 3), shape: [2] },
    ];
    const trained = await runInputsAfter("batchnorm", attrs, state, "train");
    // Channel 0 holds 1, 3, 10, 30 (mean 11, squared deviations 526); channel 1 holds 2, 4, 20, 40 (16.5, 931).
    expect(trained[3]![0]).toBeCloseTo(0.9 * 1 + 0.1 * 11, 5);
    expect(trained[3]![1]).toBeCloseTo(0.9 * -1 + 0.1 * 16.5, 5);
    expect(trained[4]![0]).toBeCloseTo(0.9 * 2 + (0.1 * 526) / 3, 4);
    expect(trained[4]![1]).toBeCloseTo(0.9 * 3 + (0.1 * 931) / 3, 4);
    const evaluated = await runInputsAfter("batchnorm", attrs, state, "eval");
    expect([...evaluated[3]!, ...evaluated[4]!]).toEqual([1, -1, 2, 3]);
  });

  it("on a software adapter, walks each channel's reduction in blocks and takes up to 4 vec4s of one channel per thread of the element pass", () => {
    const shape = [16, 3, 20, 20];
    const node = nodeFor("batchnorm", attrs, inputs(shape), 0);
    const kernels = (target: Target) =>
      family("batchnorm").kernels!({
        node,
        inputs: inputs(shape).map((i) => i.shape),
        output: shape,
        mode: "train",
        target,
      });
    const [sums, , software] = kernels({ subgroupMinSize: 8, software: true });
    expect(sums!.code).toContain("for (var j = block + 4u * (t % 8u); j < end; j += 32u)");
    expect(software!.code).toContain("for (var i = first; i < first + 4u; i++)");
    expect(software!.workgroups[0]).toBe(Math.ceil((16 * 3 * 400) / 4 / 4 / 256));
    // A GPU keeps a thread per vec4.
    const [, , portable] = kernels({});
    expect(portable!.code).not.toContain("for (var i");
    expect(portable!.workgroups[0]).toBe(Math.ceil((16 * 3 * 400) / 4 / 256));
  });

  it("refuses training on one value per channel", () => {
    return expect(runOnGpu(gpu.device, "batchnorm", attrs, inputs([1, 2, 1, 1]), { mode: "train" })).rejects.toThrow(
      "bn in training needs more than one value per channel (batch × height × width), got 1: use a batch of at least 2",
    );
  });

  it.each(fixtureCases("op_batchnorm.safetensors"))(
    "PyTorch $name ($meta.description)",
    async ({ name, meta, tensor, has }) => {
      const mode: Mode = meta.training ? "train" : "eval";
      const attrs = { eps: meta.eps as number, momentum: meta.momentum as number };
      const state = ["x", "weight", "bias", "running_mean", "running_var"].map(tensor);
      const expected = {
        y: tensor("y"),
        grads: [tensor("grad_x"), tensor("grad_weight"), tensor("grad_bias"), undefined, undefined],
      };
      await expectFixture(name, "batchnorm", attrs, state, tensor("grad_y"), expected, mode);
      const after = await runInputsAfter("batchnorm", attrs, state.map(toInput), mode);
      const [runningMean, runningVar] = has("new_running_mean")
        ? [tensor("new_running_mean"), tensor("new_running_var")]
        : [state[3]!, state[4]!];
      expect(relativeError(after[3]!, runningMean.data), `${name}: running mean`).toBeLessThanOrEqual(TOLERANCE);
      expect(relativeError(after[4]!, runningVar.data), `${name}: running variance`).toBeLessThanOrEqual(TOLERANCE);
    },
  );
});

describe("concat", () => {
  const cases = [
    {
      shapes: [
        [2, 3, 4, 5],
        [2, 1, 4, 5],
        [2, 2, 4, 5],
      ],
      axis: 1,
    },
    {
      shapes: [
        [1, 3, 2, 2],
        [3, 3, 2, 2],
      ],
      axis: 0,
    },
    {
      shapes: [
        [2, 3, 4, 5],
        [2, 3, 4, 2],
      ],
      axis: 3,
    },
    {
      shapes: [
        [2, 3, 4, 5],
        [2, 3, 4, 2],
      ],
      axis: -1,
    },
    {
      shapes: [
        [4, 7],
        [4, 1],
        [4, 3],
      ],
      axis: 1,
    },
  ].map((c) => ({
    ...c,
    name: `${c.shapes.map((shape) => `[${shape.join(", ")}]`).join(" + ")} along axis ${c.axis}`,
  }));

  it.each(cases)("$name: kernels match the reference", async ({ shapes, axis }) => {
    const inputs = shapes.map((shape, k) => random(shape, 31 + k));
    await expectKernelsMatchReference("concat", { axis }, inputs);
    await expectGradientsMatchReference(
      "concat",
      { axis },
      inputs,
      shapes.map(() => true),
    );
  });

  it.each(cases)("$name: reference gradient matches finite differences", async ({ shapes, axis }) => {
    await expectGradientsMatchFiniteDifferences(
      "concat",
      { axis },
      shapes.map((shape, k) => random(shape, 41 + k)),
      shapes.map(() => true),
    );
  });

  it("places each input in its own slice and gives each its slice of the gradient back", async () => {
    const a: OpInput = { data: Float32Array.of(1, 2, 3, 4), shape: [2, 2] };
    const b: OpInput = { data: Float32Array.of(5, 6), shape: [2, 1] };
    const joined = await runOnGpu(gpu.device, "concat", { axis: 1 }, [a, b]);
    expect([...joined.output]).toEqual([1, 2, 5, 3, 4, 6]);
    const dy = { data: Float64Array.of(10, 20, 30, 40, 50, 60), shape: [2, 3] };
    const [da, db] = await backwardGradients(
      "concat",
      { axis: 1 },
      [toTensor(a), toTensor(b)],
      dy,
      [true, true],
      onGpu("train"),
    );
    expect([...da!]).toEqual([10, 20, 40, 50]);
    expect([...db!]).toEqual([30, 60]);
  });

  it("skips the gradient of an input that needs none", async () => {
    const grads = await backwardGradients(
      "concat",
      { axis: 0 },
      [toTensor(random([1, 2], 1)), toTensor(random([2, 2], 2))],
      toTensor(random([3, 2], 3)),
      [false, true],
      onReference("train"),
    );
    expect(grads[0]).toBeUndefined();
    expect(grads[1]!.length).toBe(4);
  });
});

describe("conv2d", () => {
  const geometry = (
    kernel: number[],
    extra: Partial<Record<"stride" | "pad" | "dilation", number[]>> & { groups?: number; bias?: boolean } = {},
  ) => ({
    kernel,
    stride: extra.stride ?? [1, 1],
    pad: extra.pad ?? [0, 0],
    dilation: extra.dilation ?? [1, 1],
    groups: extra.groups ?? 1,
    bias: extra.bias ?? true,
  });
  const cases = [
    { x: [2, 3, 8, 8], out: 4, attrs: geometry([3, 3]) },
    { x: [2, 3, 7, 7], out: 5, attrs: geometry([3, 3], { pad: [1, 1] }) },
    { x: [1, 2, 5, 6], out: 3, attrs: geometry([3, 3], { pad: [2, 2] }) },
    { x: [2, 3, 11, 10], out: 4, attrs: geometry([3, 3], { stride: [2, 2] }) },
    { x: [2, 3, 9, 9], out: 4, attrs: geometry([3, 3], { stride: [2, 3], pad: [1, 1] }) },
    { x: [1, 2, 9, 9], out: 3, attrs: geometry([3, 3], { dilation: [2, 2] }) },
    { x: [1, 2, 10, 9], out: 3, attrs: geometry([3, 2], { dilation: [2, 3], stride: [2, 1], pad: [2, 1] }) },
    // Stride and dilation sharing a factor: the input gradient's phases take every tap along rows
    // (stride 2, dilation 2: taps a step of 2 / gcd 2 apart) and every other one along columns;
    // and along rows every other tap (stride 4, dilation 2), one or two of three per phase.
    { x: [1, 2, 11, 11], out: 3, attrs: geometry([3, 3], { dilation: [2, 1], stride: [2, 2], pad: [1, 1] }) },
    { x: [1, 2, 13, 10], out: 3, attrs: geometry([3, 3], { dilation: [2, 1], stride: [4, 2], pad: [2, 1] }) },
    { x: [2, 4, 7, 7], out: 6, attrs: geometry([3, 3], { groups: 2, pad: [1, 1] }) },
    { x: [2, 4, 6, 6], out: 4, attrs: geometry([3, 3], { groups: 4, pad: [1, 1] }) },
    { x: [1, 3, 6, 6], out: 6, attrs: geometry([3, 3], { groups: 3, stride: [2, 2] }) },
    { x: [2, 6, 5, 5], out: 8, attrs: geometry([1, 1]) },
    { x: [2, 4, 6, 6], out: 8, attrs: geometry([1, 1], { stride: [2, 2], bias: false }) },
    { x: [2, 3, 6, 9], out: 4, attrs: geometry([3, 5], { pad: [1, 2] }) },
    { x: [2, 3, 6, 6], out: 4, attrs: geometry([3, 3], { bias: false }) },
    { x: [2, 1, 8, 8], out: 6, attrs: geometry([5, 5], { pad: [2, 2] }) },
    { x: [1, 3, 11, 11], out: 4, attrs: geometry([5, 5], { stride: [3, 3], pad: [1, 1] }) },
    // More channels than one thread's rows of C (forward and input gradient), and a partial tile.
    { x: [2, 20, 6, 5], out: 24, attrs: geometry([3, 3], { pad: [1, 1] }) },
    { x: [1, 40, 5, 5], out: 36, attrs: geometry([3, 3], { groups: 2, stride: [2, 2] }) },
    // Enough channels for subgroup tiles where the adapter has subgroups.
    { x: [2, 36, 6, 6], out: 40, attrs: geometry([3, 3], { pad: [1, 1] }) },
    // Wide convs over rows of whole vec4s: direct kernels on a software adapter (this one), forward
    // (24 channels in three threads' groups of 8) and input gradient (20 channels, groups of 5);
    // rows of one vec4, 8 outputs per channel group in a workgroup of 64.
    { x: [2, 20, 8, 8], out: 24, attrs: geometry([3, 3], { pad: [1, 1] }) },
    { x: [2, 20, 4, 4], out: 24, attrs: geometry([3, 3], { pad: [1, 1] }) },
    // Weight gradients as direct kernels on a software adapter (input channels in workgroups of 8
    // or more, rows of whole vec4s): 3 groups of 8 output channels over 16 input channels; a kernel
    // one row high over 64; a kernel one column wide padded by 2 rows; padding wider than the
    // kernel, so each output row's window starts 3 columns left of it, with 16 output channels
    // (two per lane loading dy).
    { x: [2, 16, 8, 8], out: 24, attrs: geometry([3, 3], { pad: [1, 1] }) },
    { x: [1, 64, 4, 4], out: 8, attrs: geometry([1, 3], { pad: [0, 1], bias: false }) },
    { x: [2, 8, 6, 8], out: 8, attrs: geometry([3, 1], { pad: [2, 0] }) },
    { x: [1, 8, 4, 4], out: 16, attrs: geometry([3, 3], { pad: [3, 3] }) },
    // ... over rows read element by element: dy's and the input's (6 wide), and dy's only (rows of
    // 8 to rows of 6).
    { x: [2, 8, 5, 6], out: 16, attrs: geometry([3, 3], { pad: [1, 1] }) },
    { x: [1, 8, 7, 8], out: 8, attrs: geometry([3, 3]) },
    // ... over kernel rows: a 5×5 kernel padded by 2 over rows of whole vec4s (40 threads, 16
    // output channels); an oblong kernel over 3 input channels read element by element (15 threads
    // in a subgroup of 8 lanes: one spare lane). Also LeNet's second conv, [2, 6, 14, 14], below.
    { x: [2, 8, 8, 8], out: 16, attrs: geometry([5, 5], { pad: [2, 2] }) },
    { x: [2, 3, 9, 9], out: 8, attrs: geometry([5, 3], { pad: [2, 1] }) },
    // Stride 2 at 128 channels: each phase's input gradient splits k where the target wants more
    // threads (a GPU's appetite), over a batch of two images (whose slices of C store their
    // columns image after image, unlike dx).
    { x: [2, 64, 8, 8], out: 128, attrs: geometry([3, 3], { stride: [2, 2], pad: [1, 1] }) },
    // Few weights over a long sum: the weight gradient splits k.
    { x: [8, 1, 16, 16], out: 2, attrs: geometry([3, 3], { pad: [1, 1] }) },
    // The same with 16 weights per channel: where subgroups have 8 lanes, a subgroup tile over all of C.
    { x: [2, 1, 19, 19], out: 2, attrs: geometry([4, 4]) },
    // 16 channels: subgroup tiles where the adapter has subgroups; with 8 input channels, the
    // input gradient's direct kernel (below).
    { x: [2, 8, 8, 8], out: 16, attrs: geometry([3, 3], { pad: [1, 1] }) },
    // Stride 1, few channels: direct kernels where the adapter has subgroups, forward and input
    // gradient (above too). Rows of whole vec4s: BN-LeNet's second conv; rows and columns padded
    // unequally with an oblong kernel, 12 channels in two threads' groups of 6; 1×1; a kernel one
    // column wide. Rows of 14 and 10: LeNet's second conv.
    { x: [2, 3, 12, 12], out: 6, attrs: geometry([5, 5]) },
    { x: [2, 6, 14, 14], out: 16, attrs: geometry([5, 5]) },
    { x: [2, 2, 8, 12], out: 12, attrs: geometry([3, 5], { pad: [1, 2] }) },
    { x: [2, 4, 8, 8], out: 5, attrs: geometry([1, 1], { bias: false }) },
    { x: [1, 2, 6, 8], out: 3, attrs: geometry([3, 1], { pad: [1, 0] }) },
    // Groups, where the adapter has subgroups as direct kernels, each thread's channels in one
    // group: depthwise over rows of whole vec4s, 24 channels (weight gradient over images, each
    // workgroup one group's); a channel multiplier of 2 over a ragged batch of 3 images; one of 4
    // (5×5: 2 channels a thread, a group's weight gradient in two workgroups); 20 output channels in
    // each of two groups (threads of 5; with the weight gradient a GEMM).
    { x: [2, 24, 8, 8], out: 24, attrs: geometry([3, 3], { groups: 24, pad: [1, 1] }) },
    { x: [3, 3, 6, 8], out: 6, attrs: geometry([5, 3], { groups: 3, pad: [2, 1] }) },
    { x: [2, 2, 8, 8], out: 8, attrs: geometry([5, 5], { groups: 2, pad: [2, 2] }) },
    { x: [2, 8, 8, 8], out: 40, attrs: geometry([3, 3], { groups: 2, pad: [1, 1] }) },
    // Input channels per group in multiples of 8: the weight gradient's lanes over a group's input
    // channels, 16 output channels a workgroup (8 input channels per group), or 8 over 16 input
    // channels per group read element by element.
    { x: [2, 16, 8, 8], out: 32, attrs: geometry([3, 3], { groups: 2, pad: [1, 1] }) },
    { x: [1, 32, 4, 6], out: 16, attrs: geometry([3, 3], { groups: 2, pad: [1, 1] }) },
    // Dilation at stride 1, where the adapter has subgroups as direct kernels, their taps that far
    // apart in the window each thread loads: over rows of whole vec4s (weight gradient over input
    // channels); along columns only, over rows of 9 read element by element, so that a software
    // adapter's threads still slide 2 output rows (weight gradient over kernel rows); one input
    // channel (weight gradient over images); depthwise.
    { x: [2, 8, 12, 12], out: 16, attrs: geometry([3, 3], { dilation: [2, 2], pad: [2, 2] }) },
    { x: [2, 3, 10, 9], out: 8, attrs: geometry([3, 2], { dilation: [1, 3], pad: [1, 2] }) },
    { x: [2, 1, 12, 12], out: 6, attrs: geometry([3, 3], { dilation: [3, 3], pad: [3, 3] }) },
    { x: [2, 8, 8, 8], out: 8, attrs: geometry([3, 3], { groups: 8, dilation: [2, 2], pad: [2, 2] }) },
  ].map(({ x, out, attrs }) => ({
    x,
    attrs: { out, ...attrs } as Attrs,
    name: `[${x.join(", ")}] to ${out} channels, ${label(attrs)}`,
  }));

  const inputs = (x: number[], attrs: Attrs, seed: number): OpInput[] => {
    const out = attrs.out as number;
    const kernel = attrs.kernel as number[];
    const weight = [out, x[1]! / (attrs.groups as number), kernel[0]!, kernel[1]!];
    return [random(x, seed), random(weight, seed + 1, 0.5), ...(attrs.bias ? [random([out], seed + 2)] : [])];
  };
  const needs = (attrs: Attrs) => [true, true, ...(attrs.bias ? [true] : [])];

  it.each(cases)("$name: kernels match the reference", async ({ x, attrs }) => {
    await expectKernelsMatchReference("conv2d", attrs, inputs(x, attrs, 51));
    await expectGradientsMatchReference("conv2d", attrs, inputs(x, attrs, 51), needs(attrs));
  });

  it.each(cases)("$name: kernels without subgroups (any adapter) match the reference", async ({ x, attrs }) => {
    await expectKernelsMatchReference("conv2d", attrs, inputs(x, attrs, 52), "train", {});
    await expectGradientsMatchReference("conv2d", attrs, inputs(x, attrs, 52), needs(attrs), "train", {});
  });

  // GPUs' workgroup tiles (64 or more channels by 128 or more columns of C): forward and weight
  // gradient at 64 channels; all three at 130 (a partial tile) over 72 input channels. With the
  // device's workgroup memory, 8×4 per thread in k steps of 16; with WebGPU's 16 KiB the same at 64
  // channels, and 8×8 in steps of 8 at 130.
  const wide = [
    { x: [2, 16, 8, 8], out: 64, attrs: geometry([3, 3], { pad: [1, 1] }) },
    { x: [3, 72, 11, 11], out: 130, attrs: geometry([3, 3], { pad: [1, 1] }) },
    // Stride 2: the input gradient's phases too (64 channels by 2 images × 64 positions).
    { x: [2, 64, 16, 16], out: 128, attrs: geometry([3, 3], { pad: [1, 1], stride: [2, 2] }) },
    // Two groups of 64 channels: a GEMM batch per (image, group).
    { x: [2, 128, 12, 12], out: 128, attrs: geometry([3, 3], { pad: [1, 1], groups: 2 }) },
  ];
  it.each(wide)("[$x] to $out channels: GPUs' workgroup tiles match the reference", async ({ x, out, attrs: a }) => {
    const attrs = { out, ...a } as Attrs;
    const storage = gpu.device.limits.maxComputeWorkgroupStorageSize;
    const { subgroupMinSize } = deviceTarget;
    const gpuTarget: Target = { ...(subgroupMinSize ? { subgroupMinSize } : {}), workgroupStorage: storage };
    for (const target of [gpuTarget, {}]) {
      const node = testNode(0, "conv2d", attrs, 3, family("conv2d").infer([x], attrs).shape as number[]);
      const shapes = [x, [out, x[1]! / (attrs.groups as number), 3, 3], [out]];
      const output = node.shape as number[];
      const forward = family("conv2d").kernels!({ node, inputs: shapes, output, mode: "train", target });
      expect(forward.map((k) => k.code).join("\n")).toContain("var<workgroup> gemm_tile_a");
      await expectKernelsMatchReference("conv2d", attrs, inputs(x, attrs, 53), "train", target);
      await expectGradientsMatchReference("conv2d", attrs, inputs(x, attrs, 53), needs(attrs), "train", target);
    }
  });

  it.each(cases.filter((c) => size(c.x) <= FINITE_DIFFERENCE_ELEMENTS))(
    "$name: reference gradient matches finite differences",
    async ({ x, attrs }) => {
      await expectGradientsMatchFiniteDifferences("conv2d", attrs, inputs(x, attrs, 61), needs(attrs));
    },
  );

  it("computes stride-1 convs directly where the adapter has subgroups and the channels are few or, on a software adapter, rows wide", () => {
    const code = (op: string, x: number[], y: number[], attrs: Attrs, target: Target) => {
      const loc = { file: "test", line: 1, col: 1, length: 1 };
      const node: OpNode = { id: 0, name: "conv1", op, inputs: [], shape: y, loc, calledFrom: [], attrs };
      const groups = attrs.groups as number;
      const shapes = op === "conv2d" ? [x, [y[1]!, x[1]! / groups, 5, 5], [y[1]!]] : [x, [x[1]!, y[1]! / groups, 5, 5]];
      return family(op).kernels!({ node, inputs: shapes, output: y, mode: "train", target })
        .map((k) => k.code)
        .join("\n");
    };
    const lenet = { kernel: [5, 5], stride: [1, 1], pad: [0, 0], dilation: [1, 1], groups: 1, bias: true };
    const subgroups = { subgroupMinSize: 8 };
    // LeNet's second conv, forward and input gradient; without subgroups, implicit GEMMs.
    expect(code("conv2d", [4, 6, 12, 12], [4, 16, 8, 8], { ...lenet, out: 16 }, subgroups)).toContain(
      "subgroupBroadcast(",
    );
    const gradInput = { ...lenet, shape: [4, 6, 12, 12] };
    expect(code("conv2d_grad_input", [4, 16, 8, 8], [4, 6, 12, 12], gradInput, subgroups)).toContain(
      "subgroupBroadcast(",
    );
    expect(code("conv2d_grad_input", [4, 16, 8, 8], [4, 6, 12, 12], gradInput, {})).toContain("fn load_b(");
    // A target may turn them off (to compare with the GEMMs).
    const noDirect = { ...subgroups, directConvs: false };
    expect(code("conv2d", [4, 6, 12, 12], [4, 16, 8, 8], { ...lenet, out: 16 }, noDirect)).toContain("fn load_b(");
    expect(code("conv2d_grad_input", [4, 16, 8, 8], [4, 6, 12, 12], gradInput, noDirect)).toContain("fn load_b(");
    // LeNet's, in rows of 14 and 10: loads of vec2s, stores of single elements; rows of an odd
    // width are read element by element.
    const rows = code("conv2d", [4, 6, 14, 14], [4, 16, 10, 10], { ...lenet, out: 16 }, subgroups);
    expect(rows).toContain("var<storage, read> x: array<vec2f>;");
    expect(rows).toContain("if (4u * q + 3u < 10u) {");
    const odd = code("conv2d", [4, 6, 13, 13], [4, 16, 9, 9], { ...lenet, out: 16 }, subgroups);
    expect(odd).toContain("var<storage, read> x: array<f32>;");
    // A stride leaves gaps.
    expect(code("conv2d", [4, 6, 11, 11], [4, 16, 4, 4], { ...lenet, out: 16, stride: [2, 2] }, subgroups)).toContain(
      "fn load_b(",
    );
    // 32 channels: GEMMs on a GPU; on a software adapter, direct where input and output rows are
    // whole vec4s.
    const wide = { ...lenet, out: 32 };
    const software = { ...subgroups, software: true };
    expect(code("conv2d", [4, 6, 12, 12], [4, 32, 8, 8], wide, subgroups)).toContain("fn load_b(");
    expect(code("conv2d", [4, 6, 12, 12], [4, 32, 8, 8], wide, software)).toContain("subgroupBroadcast(");
    expect(code("conv2d", [4, 6, 10, 10], [4, 32, 6, 6], wide, software)).toContain("fn load_b(");
    expect(code("conv2d", [4, 6, 14, 14], [4, 32, 10, 10], wide, software)).toContain("fn load_b(");
    // A wide 1×1 conv's taps share no loads: its forward stays a GEMM, its input gradient does not.
    const pointwise = { ...lenet, out: 32, kernel: [1, 1] };
    expect(code("conv2d", [4, 24, 8, 8], [4, 32, 8, 8], pointwise, software)).toContain("fn load_b(");
    const pointwiseGradInput = { ...pointwise, shape: [4, 32, 8, 8] };
    expect(code("conv2d_grad_input", [4, 32, 8, 8], [4, 32, 8, 8], pointwiseGradInput, software)).toContain(
      "subgroupBroadcast(",
    );
    // A software adapter's thread computes up to 4 output rows, loading one new input row per kernel
    // row and sliding the others along: down the input for a conv, up it for an input gradient.
    const forward = code("conv2d", [4, 6, 12, 12], [4, 16, 8, 8], { ...lenet, out: 16 }, software);
    expect(forward).toContain("let oh = ((i / 2u) % 2u) * 4u;");
    expect(forward).toContain("let ih = i32(oh) + i32(kh) + 3;");
    expect(forward).toMatch(/r0_0 = r1_0;[^]*r1_0 = r2_0;[^]*r2_0 = v0;/);
    const backward = code("conv2d_grad_input", [4, 16, 8, 8], [4, 6, 12, 12], gradInput, software);
    expect(backward).toContain("let oh = ((i / 3u) % 3u) * 4u;");
    expect(backward).toMatch(/r3_0 = r2_0;[^]*r2_0 = r1_0;[^]*r1_0 = v0;/);
    // Wide convs keep one row (their accumulators would outgrow the registers).
    expect(code("conv2d", [4, 6, 12, 12], [4, 32, 8, 8], wide, software)).toContain("let oh = (i / 2u) % 8u;");
    // 10 rows: 2 per thread; a GPU keeps one.
    expect(code("conv2d", [4, 6, 14, 14], [4, 16, 10, 10], { ...lenet, out: 16 }, software)).toContain(
      "let oh = ((i / 3u) % 5u) * 2u;",
    );
    expect(rows).toContain("let oh = (i / 3u) % 10u;");
    // Few outputs per channel group (4 images × 4 rows of one vec4): workgroups of 64, not 256.
    const small = code("conv2d", [4, 6, 8, 8], [4, 32, 4, 4], wide, software);
    expect(small).toContain("@workgroup_size(64)");
    expect(code("conv2d", [4, 6, 12, 12], [4, 32, 8, 8], wide, software)).toContain("@workgroup_size(64)");
    expect(code("conv2d", [16, 6, 20, 20], [16, 32, 16, 16], wide, software)).toContain("@workgroup_size(256)");
    // Groups of at most 16 output channels, as a depthwise conv's one, run direct on any adapter
    // with subgroups: each workgroup's channels in one group, whose input channels alone it reads
    // (its first found from the workgroup's index, uniform where the weights are broadcast). Wider
    // groups take the rule of wide convs.
    const depthwise = { ...lenet, out: 32, groups: 32 };
    const perChannel = code("conv2d", [4, 32, 14, 14], [4, 32, 10, 10], depthwise, subgroups);
    expect(perChannel).toContain("let first_input = wid.x;");
    expect(perChannel).toContain("for (var ci = first_input; ci < first_input + 1u; ci++) {");
    const depthwiseGradInput = { ...depthwise, shape: [4, 32, 14, 14] };
    expect(code("conv2d_grad_input", [4, 32, 10, 10], [4, 32, 14, 14], depthwiseGradInput, subgroups)).toContain(
      "for (var ci = first_input; ci < first_input + 1u; ci++) {",
    );
    expect(code("conv2d", [4, 32, 14, 14], [4, 32, 10, 10], depthwise, {})).toContain("fn load_b(");
    const twoGroups = { ...lenet, out: 64, groups: 2 };
    expect(code("conv2d", [4, 8, 12, 12], [4, 64, 8, 8], twoGroups, subgroups)).toContain("fn load_b(");
    const wideGroups = code("conv2d", [4, 8, 12, 12], [4, 64, 8, 8], twoGroups, software);
    expect(wideGroups).toContain("let first_input = (wid.x / 4u) * 4u;");
    // Dilated kernels too, a thread's window wide enough for its taps' spacing; one output row a
    // thread on a software adapter where the rows are dilated (they would not slide by one).
    const dilated = { ...lenet, out: 16, dilation: [2, 2] };
    const spaced = code("conv2d", [4, 6, 16, 16], [4, 16, 8, 8], dilated, software);
    expect(spaced).toContain("let ih = i32(oh) + i32(kh * 2u);");
    expect(spaced).toContain("let oh = (i / 2u) % 8u;");
    // Taps 0 to 8 of outputs 4q … 4q + 3: input columns 4q … 4q + 11, three vec4s.
    expect(spaced).toContain("let b2 = i32(q) + 2;");
    expect(spaced).not.toContain("let b3");
    const dilatedGradInput = { ...dilated, shape: [4, 6, 16, 16] };
    expect(code("conv2d_grad_input", [4, 16, 8, 8], [4, 6, 16, 16], dilatedGradInput, subgroups)).toContain(
      "let ih = i32(oh) - i32(kh * 2u);",
    );
    expect(code("conv2d", [4, 6, 16, 16], [4, 16, 8, 8], dilated, {})).toContain("fn load_b(");
  });

  it("computes stride-1 weight gradients directly on a software adapter: over input channels where they fill workgroups of 8, over kernel rows, or over images with one input channel", () => {
    const code = (x: number[], out: number, attrs: Partial<Attrs>, target: Target) => {
      const geometryOf = { kernel: [3, 3], stride: [1, 1], pad: [1, 1], dilation: [1, 1], groups: 1, ...attrs };
      const [kh, kw] = geometryOf.kernel as number[];
      const [ph, pw] = geometryOf.pad as number[];
      const [sh, sw] = geometryOf.stride as number[];
      const dy = [
        x[0]!,
        out,
        Math.floor((x[2]! + 2 * ph! - kh!) / sh!) + 1,
        Math.floor((x[3]! + 2 * pw! - kw!) / sw!) + 1,
      ];
      const y = [out, x[1]!, kh!, kw!];
      const loc = { file: "test", line: 1, col: 1, length: 1 };
      const node: OpNode = {
        id: 0,
        name: "conv1",
        op: "conv2d_grad_weight",
        inputs: [],
        shape: y,
        loc,
        calledFrom: [],
        attrs: geometryOf,
      };
      return family("conv2d_grad_weight").kernels!({ node, inputs: [dy, x], output: y, mode: "train", target })
        .map((k) => k.code)
        .join("\n");
    };
    const software = { subgroupMinSize: 8, software: true };
    expect(code([4, 64, 16, 16], 64, {}, software)).toContain("fn input_at(");
    // The same on a GPU, and where something does not fit: implicit GEMMs.
    expect(code([4, 64, 16, 16], 64, {}, { subgroupMinSize: 8 })).toContain("fn load_b(");
    // Input channels that do not fill workgroups of 8, and kernels larger than 3×3: over kernel rows,
    // a thread per row of each input channel's taps; the last subgroup's spare lanes store nothing.
    const rows = code([4, 60, 16, 16], 64, {}, software);
    expect(rows).toContain("let ky = thread % 3u;");
    expect(rows).toContain("let ci = min(thread / 3u, 59u);");
    expect(rows).toContain("if (thread < 180u) {");
    const fiveByFive = code([4, 64, 16, 16], 64, { kernel: [5, 5], pad: [2, 2] }, software);
    expect(fiveByFive).toContain("let ih0 = i32(oy + ky) - 2;");
    expect(fiveByFive).not.toContain("if (thread <");
    expect(fiveByFive).toContain("acc15_0_4");
    expect(fiveByFive).not.toContain("acc0_1_");
    // Kernel rows wider than 9 taps stay GEMMs.
    expect(code([4, 8, 16, 16], 16, { kernel: [3, 11], pad: [1, 5] }, software)).toContain("fn load_b(");
    // Rows that are not whole vec4s are read element by element.
    const rows14 = code([4, 64, 14, 14], 64, {}, software);
    expect(rows14).toContain("fn dy_quad(");
    expect(rows14).toContain("var<storage, read> x: array<f32>;");
    expect(code([4, 64, 16, 16], 64, { stride: [2, 2] }, software)).toContain("fn load_b(");
    expect(code([4, 64, 16, 16], 64, { kernel: [1, 1], pad: [0, 0] }, software)).toContain("fn load_b(");
    // Workgroups of the most input channels that divide them, up to 64.
    expect(code([4, 96, 16, 16], 64, {}, software)).toContain("@workgroup_size(32)");
    // One input channel (LeNet's first conv): lanes over the images, three output channels a
    // thread, the lanes' sums added at the end; not past 5×5 kernels. LeNet's second conv (6 input
    // channels) goes over kernel rows.
    const lenet = { kernel: [5, 5], pad: [2, 2] };
    const first = code([256, 1, 28, 28], 6, lenet, software);
    expect(first).toContain("for (var first = 0u; first < 256u; first += 8u) {");
    expect(first).toContain("subgroupAdd(acc2_4_4)");
    expect(first).not.toContain("acc3_");
    expect(code([256, 1, 28, 28], 6, lenet, { subgroupMinSize: 8 })).toContain("fn load_b(");
    expect(code([256, 6, 14, 14], 16, { kernel: [5, 5], pad: [0, 0] }, software)).toContain("let ky = thread % 5u;");
    expect(code([256, 1, 28, 28], 6, { kernel: [7, 7], pad: [3, 3] }, software)).toContain("fn load_b(");
    // One input channel per group (a depthwise conv, here with two output channels per group): the
    // same, each workgroup one group's, whose input channel it reads.
    const depthwise = code([16, 32, 14, 14], 64, { groups: 32 }, software);
    expect(depthwise).toContain("let ci = wid.y;");
    expect(depthwise).toContain("subgroupAdd(acc1_2_2)");
    expect(depthwise).toContain("dw[(group * 2u + 1u) * 9u + 8u] = sum1_2_2;");
    // 16 output channels per group, 8 a thread: two workgroups a group.
    expect(code([16, 4, 14, 14], 64, { groups: 4 }, software)).toContain("let ci = wid.y / 2u;");
    // Input channels per group in multiples of 8: over a group's input channels; else the GEMM.
    const eightPerGroup = code([16, 64, 14, 14], 128, { groups: 8 }, software);
    expect(eightPerGroup).toContain("let cl = wid.x * 8u + t;");
    expect(eightPerGroup).toContain("let ci = wid.y * 8u + cl;");
    expect(code([16, 32, 14, 14], 64, { groups: 8 }, software)).toContain("fn load_b(");
    // Dilated: the taps' rows and columns that far apart.
    const dilated = code([4, 64, 16, 16], 64, { dilation: [2, 2], pad: [2, 2] }, software);
    expect(dilated).toContain("let ih2 = i32(oy) + 2;");
    expect(dilated).toContain("acc0_0_2 += dot(dy0, vec4f(v0_1.z, v0_1.w, v0_2.x, v0_2.y));");
    const dilatedRows = code([4, 60, 16, 16], 64, { dilation: [3, 1], pad: [3, 1] }, software);
    expect(dilatedRows).toContain("let ih0 = i32(oy + ky * 3u) - 3;");
  });

  it("refuses more (image, group) GEMM batches than one dispatch allows, naming the largest batch size", () => {
    const attrs = {
      out: 1024,
      kernel: [3, 3],
      stride: [1, 1],
      pad: [1, 1],
      dilation: [1, 1],
      groups: 1024,
      bias: false,
    };
    const node = testNode(1, "conv2d", attrs, 2, []);
    const shapes = (batch: number) => ({
      node,
      inputs: [
        [batch, 1024, 7, 7],
        [1024, 1, 3, 3],
      ],
      output: [batch, 1024, 7, 7],
      mode: "train" as const,
      target: {},
    });
    expect(family("conv2d").kernels!(shapes(63))).toHaveLength(1);
    expect(() => family("conv2d").kernels!(shapes(64))).toThrow(
      "conv with 1024 groups at batch size 64 needs 65536 GEMM batches, more than WebGPU's 65535: use a batch size of at most 63",
    );
  });

  it.each(fixtureCases("op_conv2d.safetensors"))(
    "PyTorch $name ($meta.description)",
    async ({ name, meta, tensor }) => {
      const attrs = {
        out: meta.out_channels as number,
        kernel: meta.kernel as number[],
        stride: meta.stride as number[],
        pad: meta.padding as number[],
        dilation: meta.dilation as number[],
        groups: meta.groups as number,
        bias: meta.bias as boolean,
      };
      const state = [tensor("x"), tensor("weight"), ...(attrs.bias ? [tensor("bias")] : [])];
      const grads = [tensor("grad_x"), tensor("grad_weight"), ...(attrs.bias ? [tensor("grad_bias")] : [])];
      await expectFixture(name, "conv2d", attrs, state, tensor("grad_y"), { y: tensor("y"), grads }, "train");
    },
  );
});
