// bn: batch normalization over the channel axis of [N, C, H, W] or the features of [N, C], as
// torch.nn.BatchNorm2d/1d: learned scale and shift, running statistics kept as state.
// Training normalises with the batch's statistics (biased variance) and moves the running ones
// toward them (unbiased variance, as PyTorch); evaluation normalises with the running statistics.
// The gradient kernels recompute the batch statistics instead of storing them. Backward is two
// per-channel reductions (Σdy·x̂ and Σdy, which are also the weight and bias gradients) and dx,
// which takes both sums as inputs; fusion may inline the gradient of the activation after batch
// norm into all three (see gradientReader).

import { fusedActivation, gradientReader } from "./activations.js";
import { channelCount, perChannel } from "./channels.js";
import { applyEpilogueReference } from "./epilogue.js";
import {
  epilogueActivation,
  expectRank,
  kernelName,
  known,
  num,
  product,
  type Kernel,
  type KernelContext,
  type Mode,
  type OpFamily,
} from "./family.js";
import { f32, perElement, type BindingDecl } from "./wgsl.js";

const READ = (name: string): BindingDecl => ({ name, access: "read", type: "array<f32>" });
const OUT: BindingDecl = { name: "y", access: "read_write", type: "array<f32>" };
/** Training kernels bind the Step uniform: statistics cover only the batch's valid rows. */
const STEP: BindingDecl = { name: "step", access: "uniform", type: "Step" };

/** Positions of each op's inputs: batch norm's (data, then its owned tensors) and its gradients'. */
const FORWARD = { x: 0, weight: 1, bias: 2, runningMean: 3, runningVar: 4 } as const;
const GRAD_INPUT = { dy: 0, x: 1, weight: 2, gradWeight: 3, gradBias: 4, runningMean: 5, runningVar: 6 } as const;
const GRAD_WEIGHT = { dy: 0, x: 1, runningMean: 2, runningVar: 3 } as const;

/**
 * `batch_statistics(c, t)`: the channel's mean and biased variance in one pass over `x`. The sums
 * are of x minus the channel's first element, so the variance does not cancel away when the mean
 * is large against the spread.
 */
const BATCH_STATISTICS_WGSL = `
fn batch_statistics(c: u32, t: u32) -> vec2f {
  let shift = x[channel_element(c, 0u)];
  var sums = vec2f(0.0);
  for (var j = t; j < COUNT; j += THREADS) {
    let d = x[channel_element(c, j)] - shift;
    sums += vec2f(d, d * d);
  }
  let moments = workgroup_sum(t, sums) / f32(COUNT);
  return vec2f(shift + moments.x, max(moments.y - moments.x * moments.x, 0.0));
}
`;

function checkTrainable(shape: readonly number[]): void {
  if (channelCount(shape) < 2) {
    throw new Error(
      `bn in training needs more than one value per channel (batch × height × width), got 1: use a batch of at least 2`,
    );
  }
}

/** WGSL of the channel of flat element `i` in [N, C, ...]. */
function channelOf(shape: readonly number[]): string {
  return `(i / ${product(shape.slice(2))}u) % ${shape[1]}u`;
}

function kernel(
  ctx: KernelContext,
  what: string,
  inputs: [number, BindingDecl][],
  built: { code: string; workgroups: [number, number, number] },
): Kernel {
  return {
    name: kernelName(ctx.node, what),
    code: built.code,
    workgroups: built.workgroups,
    bindings: [
      ...inputs.map(([input, decl]) => ({ ref: { input }, access: decl.access })),
      { ref: "out", access: "read_write" },
      ...(ctx.mode === "train" ? [{ ref: "step" as const, access: "uniform" as const }] : []),
    ],
  };
}

/** Bindings of a kernel built with `kernel`, in its order. */
function declarations(ctx: KernelContext, inputs: [number, BindingDecl][]): BindingDecl[] {
  return [...inputs.map(([, decl]) => decl), OUT, ...(ctx.mode === "train" ? [STEP] : [])];
}

interface Statistics {
  mean: Float64Array;
  variance: Float64Array;
}

/** Statistics over the first `rows` rows (the valid ones of a partial batch). */
function batchStatistics(x: Float64Array, shape: readonly number[], rows: number): Statistics {
  const [channels, area] = [shape[1]!, product(shape.slice(2))];
  const valid = x.subarray(0, Math.min(rows, shape[0]!) * channels * area);
  const count = valid.length / channels;
  const channel = (i: number) => Math.floor(i / area) % channels;
  const mean = new Float64Array(channels);
  valid.forEach((v, i) => (mean[channel(i)] += v / count));
  const variance = new Float64Array(channels);
  valid.forEach((v, i) => (variance[channel(i)] += (v - mean[channel(i)]!) ** 2 / count));
  return { mean, variance };
}

/** The statistics a mode normalises with: the batch's in training, the running ones in evaluation. */
function statisticsFor(
  mode: Mode,
  x: Float64Array,
  shape: readonly number[],
  rows: number,
  runningMean: Float64Array,
  runningVar: Float64Array,
): Statistics {
  return mode === "train" ? batchStatistics(x, shape, rows) : { mean: runningMean, variance: runningVar };
}

/** x̂ for every element of x, and the channel of each element. */
function normalized(
  x: Float64Array,
  shape: readonly number[],
  stats: Statistics,
  eps: number,
): { xhat: Float64Array; channel: (i: number) => number } {
  const [channels, area] = [shape[1]!, product(shape.slice(2))];
  const channel = (i: number) => Math.floor(i / area) % channels;
  return {
    xhat: x.map((v, i) => (v - stats.mean[channel(i)]!) / Math.sqrt(stats.variance[channel(i)]! + eps)),
    channel,
  };
}

export const batchnorm: OpFamily = {
  op: "batchnorm",
  layer: {
    name: "bn",
    tensors: "one",
    args: [
      { name: "eps", type: "float", default: 1e-5, doc: "added to the variance" },
      { name: "momentum", type: "float", default: 0.1, doc: "running statistics update rate" },
    ],
    doc: "Batch normalization (2-D over channels of [N, C, H, W], 1-D over [N, C]).",
  },
  attrs: (args) => ({ eps: args.get("eps")!, momentum: args.get("momentum")! }),
  owned: () => [
    { role: "weight", kind: "param", init: { kind: "ones" } },
    { role: "bias", kind: "param", init: { kind: "zeros" } },
    { role: "running_mean", kind: "state", fill: 0 },
    { role: "running_var", kind: "state", fill: 1 },
  ],
  infer([x]) {
    expectRank(x!, [2, 4], "bn");
    const channels = known(x![1]!, "bn's channels");
    return { shape: x!, owned: [[channels], [channels], [channels], [channels]] };
  },
  // In evaluation, a batch norm that fusion folded into the layer before it (attribute `folded`)
  // is that layer's output: the layer's epilogue normalises (see src/ops/epilogue.ts).
  aliases: (mode, attrs) => mode === "eval" && attrs.folded === true,
  // Normalise, scale and shift: about 4 operations per element (statistics included).
  flops: (_inputs, y) => 4 * y.reduce((a, b) => a * b, 1),
  backward({ node, dy, needs, emit }) {
    const [x, weight, , runningMean, runningVar] = node.inputs as [number, number, number, number, number];
    const eps = { eps: num(node.attrs, "eps") };
    // dx needs both sums even where the weight or bias is frozen.
    const gradBias = needs[FORWARD.x] || needs[FORWARD.bias] ? emit("channel_sum", [dy!], {}, "grad_bias") : undefined;
    const gradWeight =
      needs[FORWARD.x] || needs[FORWARD.weight]
        ? emit("batchnorm_grad_weight", [dy!, x, runningMean, runningVar], eps, "grad_weight")
        : undefined;
    const gradInput = needs[FORWARD.x]
      ? emit(
          "batchnorm_grad_input",
          [dy!, x, weight, gradWeight!, gradBias!, runningMean, runningVar],
          eps,
          "grad_input",
        )
      : undefined;
    return [
      gradInput,
      needs[FORWARD.weight] ? gradWeight : undefined,
      needs[FORWARD.bias] ? gradBias : undefined,
      undefined,
      undefined,
    ];
  },
  kernels(ctx) {
    const shape = ctx.inputs[FORWARD.x]!;
    const eps = f32(num(ctx.node.attrs, "eps"));
    // A fused activation (see src/5-fuse) is applied as each element is written.
    const name = epilogueActivation(ctx.node.attrs);
    const activation = name === undefined ? undefined : fusedActivation(name);
    const activate = (value: string) => (activation === undefined ? value : activation.call(value));
    if (ctx.mode === "eval") {
      const inputs: [number, BindingDecl][] = [
        [FORWARD.x, READ("x")],
        [FORWARD.weight, READ("weight")],
        [FORWARD.bias, READ("bias")],
        [FORWARD.runningMean, READ("running_mean")],
        [FORWARD.runningVar, READ("running_var")],
      ];
      const built = perElement(
        product(shape),
        [...inputs.map(([, decl]) => decl), OUT],
        `let c = ${channelOf(shape)};
y[i] = ${activate(`(x[i] - running_mean[c]) * (weight[c] / sqrt(running_var[c] + ${eps})) + bias[c]`)};`,
        activation?.wgsl ?? "",
      );
      return [kernel(ctx, "forward", inputs, built)];
    }
    checkTrainable(shape);
    const momentum = num(ctx.node.attrs, "momentum");
    const inputs: [number, BindingDecl][] = [
      [FORWARD.x, READ("x")],
      [FORWARD.weight, READ("weight")],
      [FORWARD.bias, READ("bias")],
      [FORWARD.runningMean, { name: "running_mean", access: "read_write", type: "array<f32>" }],
      [FORWARD.runningVar, { name: "running_var", access: "read_write", type: "array<f32>" }],
    ];
    // Stale rows after a partial batch are normalised too (so they stay finite), not counted.
    const built = perChannel(
      shape,
      declarations(ctx, inputs),
      `let stats = batch_statistics(c, t);
let scale = weight[c] / sqrt(stats.y + ${eps});
let shift = bias[c] - stats.x * scale;
for (var j = t; j < TOTAL; j += THREADS) {
  let k = channel_element(c, j);
  y[k] = ${activate("x[k] * scale + shift")};
}
if (t == 0u) {
  // The running variance is unbiased, as PyTorch keeps it.
  let unbiased = stats.y * f32(COUNT) / f32(max(COUNT, 2u) - 1u);
  running_mean[c] = ${f32(1 - momentum)} * running_mean[c] + ${f32(momentum)} * stats.x;
  running_var[c] = ${f32(1 - momentum)} * running_var[c] + ${f32(momentum)} * unbiased;
}`,
      activation === undefined ? BATCH_STATISTICS_WGSL : `${BATCH_STATISTICS_WGSL}\n\n${activation.wgsl}`,
      true,
    );
    return [kernel(ctx, "forward", inputs, built)];
  },
  reference({ inputs, shapes, attrs, mode, rows }) {
    const [x, weight, bias, runningMean, runningVar] = inputs as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    // Folded into the layer before it, whose evaluation reference has already normalised.
    if (mode === "eval" && attrs.folded === true) return Float64Array.from(x);
    const stats = statisticsFor(mode, x, shapes[FORWARD.x]!, rows, runningMean, runningVar);
    const { xhat, channel } = normalized(x, shapes[FORWARD.x]!, stats, num(attrs, "eps"));
    return applyEpilogueReference(
      xhat.map((v, i) => v * weight[channel(i)]! + bias[channel(i)]!),
      { attrs, mode, inputs },
      channel,
    );
  },
};

/** The binding of `act_saved` where fusion inlined an activation's gradient into the reader. */
function savedBinding(saved: number | undefined): [number, BindingDecl][] {
  return saved === undefined ? [] : [[saved, READ("act_saved")]];
}

/**
 * dx from [dy, x, weight, dweight, dbias, running_mean, running_var]. Training (the batch
 * statistics depend on x): dx = weight·invstd·(dy − mean(dy) − x̂·mean(dy·x̂)), where the two means
 * are dbias and dweight over the channel's count; evaluation: dx = weight·invstd·dy.
 */
export const batchnormGradInput: OpFamily = {
  op: "batchnorm_grad_input",
  infer: ([, x]) => ({ shape: x! }),
  flops: ([dy]) => 6 * product(dy!),
  kernels(ctx) {
    const shape = ctx.inputs[GRAD_INPUT.x]!;
    const eps = f32(num(ctx.node.attrs, "eps"));
    const reader = gradientReader(ctx.node.attrs, ctx.inputs.length);
    if (ctx.mode === "eval") {
      const inputs: [number, BindingDecl][] = [
        [GRAD_INPUT.dy, READ("dy")],
        [GRAD_INPUT.weight, READ("weight")],
        [GRAD_INPUT.runningVar, READ("running_var")],
        ...savedBinding(reader.saved),
      ];
      const built = perElement(
        product(shape),
        [...inputs.map(([, decl]) => decl), OUT],
        `let c = ${channelOf(shape)};
y[i] = dy_at(i) * (weight[c] / sqrt(running_var[c] + ${eps}));`,
        reader.wgsl,
      );
      return [kernel(ctx, "grad_input", inputs, built)];
    }
    checkTrainable(shape);
    const inputs: [number, BindingDecl][] = [
      [GRAD_INPUT.dy, READ("dy")],
      [GRAD_INPUT.x, READ("x")],
      [GRAD_INPUT.weight, READ("weight")],
      [GRAD_INPUT.gradWeight, READ("grad_weight")],
      [GRAD_INPUT.gradBias, READ("grad_bias")],
      ...savedBinding(reader.saved),
    ];
    // Stale rows after a partial batch get no gradient, as if they were not there.
    const built = perChannel(
      shape,
      declarations(ctx, inputs),
      `let stats = batch_statistics(c, t);
let invstd = 1.0 / sqrt(stats.y + ${eps});
let mean_dy = grad_bias[c] / f32(COUNT);
let mean_dy_xhat = grad_weight[c] / f32(COUNT);
let scale = weight[c] * invstd;
for (var j = t; j < TOTAL; j += THREADS) {
  let k = channel_element(c, j);
  y[k] = select(0.0, scale * (dy_at(k) - mean_dy - (x[k] - stats.x) * invstd * mean_dy_xhat), j < COUNT);
}`,
      `${BATCH_STATISTICS_WGSL}\n${reader.wgsl}`,
      true,
    );
    return [kernel(ctx, "grad_input", inputs, built)];
  },
  reference({ inputs, shapes, attrs, mode, rows }) {
    const x = inputs[GRAD_INPUT.x]!;
    const weight = inputs[GRAD_INPUT.weight]!;
    const dy = gradientReader(attrs, inputs.length).reference(inputs);
    const shape = shapes[GRAD_INPUT.x]!;
    const stats = statisticsFor(mode, x, shape, rows, inputs[GRAD_INPUT.runningMean]!, inputs[GRAD_INPUT.runningVar]!);
    const { xhat, channel } = normalized(x, shape, stats, num(attrs, "eps"));
    const scale = (i: number) => weight[channel(i)]! / Math.sqrt(stats.variance[channel(i)]! + num(attrs, "eps"));
    if (mode === "eval") return dy.map((g, i) => g * scale(i));
    const valid = Math.min(rows, shape[0]!) * product(shape.slice(1));
    const count = valid / shape[1]!;
    const [gradWeight, gradBias] = [inputs[GRAD_INPUT.gradWeight]!, inputs[GRAD_INPUT.gradBias]!];
    return dy.map((g, i) =>
      i < valid ? scale(i) * (g - gradBias[channel(i)]! / count - (xhat[i]! * gradWeight[channel(i)]!) / count) : 0,
    );
  },
};

/** dweight = Σ dy·x̂ per channel, from [dy, x, running_mean, running_var]. */
export const batchnormGradWeight: OpFamily = {
  op: "batchnorm_grad_weight",
  infer: ([, x]) => ({ shape: [x![1]!] }),
  flops: ([dy]) => 4 * product(dy!),
  kernels(ctx) {
    const shape = ctx.inputs[GRAD_WEIGHT.x]!;
    const eps = f32(num(ctx.node.attrs, "eps"));
    const train = ctx.mode === "train";
    if (train) checkTrainable(shape);
    const reader = gradientReader(ctx.node.attrs, ctx.inputs.length);
    const inputs: [number, BindingDecl][] = [
      [GRAD_WEIGHT.dy, READ("dy")],
      [GRAD_WEIGHT.x, READ("x")],
      ...(train
        ? []
        : ([
            [GRAD_WEIGHT.runningMean, READ("running_mean")],
            [GRAD_WEIGHT.runningVar, READ("running_var")],
          ] as [number, BindingDecl][])),
      ...savedBinding(reader.saved),
    ];
    const built = perChannel(
      shape,
      declarations(ctx, inputs),
      `let stats = ${train ? "batch_statistics(c, t)" : "vec2f(running_mean[c], running_var[c])"};
let invstd = 1.0 / sqrt(stats.y + ${eps});
var sum = 0.0;
for (var j = t; j < COUNT; j += THREADS) {
  let k = channel_element(c, j);
  sum += dy_at(k) * (x[k] - stats.x) * invstd;
}
let total = workgroup_sum(t, vec2f(sum, 0.0));
if (t == 0u) {
  y[c] = total.x;
}`,
      `${train ? BATCH_STATISTICS_WGSL : ""}\n${reader.wgsl}`,
      train,
    );
    return [kernel(ctx, "grad_weight", inputs, built)];
  },
  reference({ inputs, shapes, attrs, mode, rows }) {
    const [, x, runningMean, runningVar] = inputs as [Float64Array, Float64Array, Float64Array, Float64Array];
    const dy = gradientReader(attrs, inputs.length).reference(inputs);
    const shape = shapes[GRAD_WEIGHT.x]!;
    const { xhat, channel } = normalized(
      x,
      shape,
      statisticsFor(mode, x, shape, rows, runningMean, runningVar),
      num(attrs, "eps"),
    );
    const valid = mode === "train" ? Math.min(rows, shape[0]!) * product(shape.slice(1)) : dy.length;
    const dweight = new Float64Array(shape[1]!);
    dy.subarray(0, valid).forEach((g, i) => (dweight[channel(i)] += g * xhat[i]!));
    return dweight;
  },
};
