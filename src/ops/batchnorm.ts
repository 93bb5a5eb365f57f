// bn: batch normalization over the channel axis of [N, C, H, W] or the features of [N, C], as
// torch.nn.BatchNorm2d/1d: learned scale and shift, running statistics kept as state.
// Training normalises with the batch's statistics (biased variance) and moves the running ones
// toward them (unbiased variance, as PyTorch); evaluation normalises with the running statistics.
// The gradient kernels recompute the batch statistics instead of storing them.

import { fusedActivation } from "./activations.js";
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

/** Positions of each op's inputs: batch norm's (data, then its owned tensors) and its gradients'. */
const FORWARD = { x: 0, weight: 1, bias: 2, runningMean: 3, runningVar: 4 } as const;
const GRAD_INPUT = { dy: 0, x: 1, weight: 2, runningMean: 3, runningVar: 4 } as const;
const GRAD_WEIGHT = { dy: 0, x: 1, runningMean: 2, runningVar: 3 } as const;

/** `batch_statistics(c, t)`: the channel's mean and biased variance, in two passes over `x`. */
const BATCH_STATISTICS_WGSL = `
fn batch_statistics(c: u32, t: u32) -> vec2f {
  var sum = 0.0;
  for (var j = t; j < COUNT; j += THREADS) {
    sum += x[channel_element(c, j)];
  }
  let mean = workgroup_sum(t, vec2f(sum, 0.0)).x / f32(COUNT);
  var squares = 0.0;
  for (var j = t; j < COUNT; j += THREADS) {
    let d = x[channel_element(c, j)] - mean;
    squares += d * d;
  }
  return vec2f(mean, workgroup_sum(t, vec2f(squares, 0.0)).x / f32(COUNT));
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
    ],
  };
}

interface Statistics {
  mean: Float64Array;
  variance: Float64Array;
}

function batchStatistics(x: Float64Array, shape: readonly number[]): Statistics {
  const [channels, area, count] = [shape[1]!, product(shape.slice(2)), channelCount(shape)];
  const channel = (i: number) => Math.floor(i / area) % channels;
  const mean = new Float64Array(channels);
  x.forEach((v, i) => (mean[channel(i)] += v / count));
  const variance = new Float64Array(channels);
  x.forEach((v, i) => (variance[channel(i)] += (v - mean[channel(i)]!) ** 2 / count));
  return { mean, variance };
}

/** The statistics a mode normalises with: the batch's in training, the running ones in evaluation. */
function statisticsFor(
  mode: Mode,
  x: Float64Array,
  shape: readonly number[],
  runningMean: Float64Array,
  runningVar: Float64Array,
): Statistics {
  return mode === "train" ? batchStatistics(x, shape) : { mean: runningMean, variance: runningVar };
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
  // Normalise, scale and shift: about 4 operations per element (statistics included).
  flops: (_inputs, y) => 4 * y.reduce((a, b) => a * b, 1),
  backward({ node, dy, needs, emit }) {
    const [x, weight, , runningMean, runningVar] = node.inputs as [number, number, number, number, number];
    const eps = { eps: num(node.attrs, "eps") };
    return [
      needs[FORWARD.x]
        ? emit("batchnorm_grad_input", [dy!, x, weight, runningMean, runningVar], eps, "grad_input")
        : undefined,
      needs[FORWARD.weight]
        ? emit("batchnorm_grad_weight", [dy!, x, runningMean, runningVar], eps, "grad_weight")
        : undefined,
      needs[FORWARD.bias] ? emit("channel_sum", [dy!], {}, "grad_bias") : undefined,
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
    const count = channelCount(shape);
    const momentum = num(ctx.node.attrs, "momentum");
    const inputs: [number, BindingDecl][] = [
      [FORWARD.x, READ("x")],
      [FORWARD.weight, READ("weight")],
      [FORWARD.bias, READ("bias")],
      [FORWARD.runningMean, { name: "running_mean", access: "read_write", type: "array<f32>" }],
      [FORWARD.runningVar, { name: "running_var", access: "read_write", type: "array<f32>" }],
    ];
    const built = perChannel(
      shape,
      [...inputs.map(([, decl]) => decl), OUT],
      `let stats = batch_statistics(c, t);
let scale = weight[c] / sqrt(stats.y + ${eps});
let shift = bias[c] - stats.x * scale;
for (var j = t; j < COUNT; j += THREADS) {
  let k = channel_element(c, j);
  y[k] = ${activate("x[k] * scale + shift")};
}
if (t == 0u) {
  running_mean[c] = ${f32(1 - momentum)} * running_mean[c] + ${f32(momentum)} * stats.x;
  running_var[c] = ${f32(1 - momentum)} * running_var[c] + ${f32((momentum * count) / (count - 1))} * stats.y;
}`,
      activation === undefined ? BATCH_STATISTICS_WGSL : `${BATCH_STATISTICS_WGSL}\n\n${activation.wgsl}`,
    );
    return [kernel(ctx, "forward", inputs, built)];
  },
  reference({ inputs, shapes, attrs, mode }) {
    const [x, weight, bias, runningMean, runningVar] = inputs as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    const stats = statisticsFor(mode, x, shapes[FORWARD.x]!, runningMean, runningVar);
    const { xhat, channel } = normalized(x, shapes[FORWARD.x]!, stats, num(attrs, "eps"));
    return applyEpilogueReference(
      xhat.map((v, i) => v * weight[channel(i)]! + bias[channel(i)]!),
      attrs,
    );
  },
};

/**
 * dx from [dy, x, weight, running_mean, running_var]. Training (the batch statistics depend on x):
 * dx = weight·invstd·(dy − mean(dy) − x̂·mean(dy·x̂)); evaluation: dx = weight·invstd·dy.
 */
export const batchnormGradInput: OpFamily = {
  op: "batchnorm_grad_input",
  infer: ([, x]) => ({ shape: x! }),
  flops: ([dy]) => 8 * product(dy!),
  kernels(ctx) {
    const shape = ctx.inputs[GRAD_INPUT.x]!;
    const eps = f32(num(ctx.node.attrs, "eps"));
    if (ctx.mode === "eval") {
      const inputs: [number, BindingDecl][] = [
        [GRAD_INPUT.dy, READ("dy")],
        [GRAD_INPUT.weight, READ("weight")],
        [GRAD_INPUT.runningVar, READ("running_var")],
      ];
      const built = perElement(
        product(shape),
        [...inputs.map(([, decl]) => decl), OUT],
        `let c = ${channelOf(shape)};
y[i] = dy[i] * (weight[c] / sqrt(running_var[c] + ${eps}));`,
      );
      return [kernel(ctx, "grad_input", inputs, built)];
    }
    checkTrainable(shape);
    const inputs: [number, BindingDecl][] = [
      [GRAD_INPUT.dy, READ("dy")],
      [GRAD_INPUT.x, READ("x")],
      [GRAD_INPUT.weight, READ("weight")],
    ];
    const built = perChannel(
      shape,
      [...inputs.map(([, decl]) => decl), OUT],
      `let stats = batch_statistics(c, t);
let invstd = 1.0 / sqrt(stats.y + ${eps});
var sums = vec2f(0.0);
for (var j = t; j < COUNT; j += THREADS) {
  let k = channel_element(c, j);
  sums += vec2f(dy[k], dy[k] * (x[k] - stats.x) * invstd);
}
let means = workgroup_sum(t, sums) / f32(COUNT);
let scale = weight[c] * invstd;
for (var j = t; j < COUNT; j += THREADS) {
  let k = channel_element(c, j);
  y[k] = scale * (dy[k] - means.x - (x[k] - stats.x) * invstd * means.y);
}`,
      BATCH_STATISTICS_WGSL,
    );
    return [kernel(ctx, "grad_input", inputs, built)];
  },
  reference({ inputs, shapes, attrs, mode }) {
    const [dy, x, weight, runningMean, runningVar] = inputs as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    const shape = shapes[GRAD_INPUT.x]!;
    const stats = statisticsFor(mode, x, shape, runningMean, runningVar);
    const { xhat, channel } = normalized(x, shape, stats, num(attrs, "eps"));
    const scale = (i: number) => weight[channel(i)]! / Math.sqrt(stats.variance[channel(i)]! + num(attrs, "eps"));
    if (mode === "eval") return dy.map((g, i) => g * scale(i));
    const count = channelCount(shape);
    const meanDy = new Float64Array(shape[1]!);
    const meanDyXhat = new Float64Array(shape[1]!);
    dy.forEach((g, i) => {
      meanDy[channel(i)] += g / count;
      meanDyXhat[channel(i)] += (g * xhat[i]!) / count;
    });
    return dy.map((g, i) => scale(i) * (g - meanDy[channel(i)]! - xhat[i]! * meanDyXhat[channel(i)]!));
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
    const inputs: [number, BindingDecl][] = [
      [GRAD_WEIGHT.dy, READ("dy")],
      [GRAD_WEIGHT.x, READ("x")],
      ...(train
        ? []
        : ([
            [GRAD_WEIGHT.runningMean, READ("running_mean")],
            [GRAD_WEIGHT.runningVar, READ("running_var")],
          ] as [number, BindingDecl][])),
    ];
    const built = perChannel(
      shape,
      [...inputs.map(([, decl]) => decl), OUT],
      `let stats = ${train ? "batch_statistics(c, t)" : "vec2f(running_mean[c], running_var[c])"};
let invstd = 1.0 / sqrt(stats.y + ${eps});
var sum = 0.0;
for (var j = t; j < COUNT; j += THREADS) {
  let k = channel_element(c, j);
  sum += dy[k] * (x[k] - stats.x) * invstd;
}
let total = workgroup_sum(t, vec2f(sum, 0.0));
if (t == 0u) {
  y[c] = total.x;
}`,
      train ? BATCH_STATISTICS_WGSL : "",
    );
    return [kernel(ctx, "grad_weight", inputs, built)];
  },
  reference({ inputs, shapes, attrs, mode }) {
    const [dy, x, runningMean, runningVar] = inputs as [Float64Array, Float64Array, Float64Array, Float64Array];
    const shape = shapes[GRAD_WEIGHT.x]!;
    const { xhat, channel } = normalized(
      x,
      shape,
      statisticsFor(mode, x, shape, runningMean, runningVar),
      num(attrs, "eps"),
    );
    const dweight = new Float64Array(shape[1]!);
    dy.forEach((g, i) => (dweight[channel(i)] += g * xhat[i]!));
    return dweight;
  },
};
