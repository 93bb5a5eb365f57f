// bn: batch normalization over the channel axis of [N, C, H, W] or the features of [N, C], as
// torch.nn.BatchNorm2d/1d: learned scale and shift, running statistics kept as state.
// Training normalises with the batch's statistics (biased variance) and moves the running ones
// toward them (unbiased variance, as PyTorch); evaluation normalises with the running statistics.
// The gradient kernels recompute the batch statistics instead of storing them. Backward is two
// per-channel reductions (Σdy·x̂ and Σdy, which are also the weight and bias gradients) and dx,
// which takes both sums as inputs; fusion may inline the gradient of the activation after batch
// norm (and of an average pool after that) into all three (see gradientReader), and compute all
// three in one group of passes (attribute `writesParamGradients`, see src/5-fuse). The reductions
// run in passes (see channels.ts).

import { fusedActivation, gradientReader, type FusedActivation, type GradientReader } from "./activations.js";
import {
  channelCount,
  channelPasses,
  elementPass,
  input,
  output,
  elementType,
  gradientInputs,
  sumsPass,
  totalsPass,
  type Bound,
  type ChannelPasses,
} from "./channels.js";
import { runsDirectKernels } from "./conv-direct.js";
import { applyEpilogueReference } from "./epilogue.js";
import {
  epilogueActivation,
  expectRank,
  kernelName,
  known,
  num,
  product,
  ShapeError,
  type Kernel,
  type KernelContext,
  type Mode,
  type OpFamily,
} from "./family.js";
import { pooledRowsValue } from "./pool.js";
import { f32, modulo, over, perElement, type BindingDecl } from "./wgsl.js";

const READ = (name: string): BindingDecl => ({ name, access: "read", type: "array<f32>" });
const OUT: BindingDecl = { name: "y", access: "read_write", type: "array<f32>" };

/** Positions of each op's inputs: batch norm's (data, then its owned tensors) and its gradients'. */
const FORWARD = { x: 0, weight: 1, bias: 2, runningMean: 3, runningVar: 4 } as const;
export const GRAD_INPUT = {
  dy: 0,
  x: 1,
  weight: 2,
  gradWeight: 3,
  gradBias: 4,
  runningMean: 5,
  runningVar: 6,
} as const;
const GRAD_WEIGHT = { dy: 0, x: 1, runningMean: 2, runningVar: 3 } as const;

/**
 * The WGSL batch norm's training passes share, for their layout: element tensors bound as scalars,
 * or with 4 lanes as vec4s of four elements of one channel (see ChannelLayout.lanes).
 *   statistics    — the sums pass of the batch statistics, over x bound as `x`: Σd and Σd² for
 *                   d = x minus the channel's first element, so the variance does not cancel away
 *                   when the mean is large against the spread;
 *   gradientSums  — the sums pass of the backward, reading dy through `reader`: the statistics'
 *                   sums and, for g = dy, Σg·d and Σg (the bias gradient), so that
 *                   Σdy·x̂ = invstd · Σg·(d − mean(d)) needs no second pass;
 *   moments       — a totals pass's `mean` and biased `variance` of channel c from those sums.
 */
function passCode(passes: ChannelPasses) {
  const vector = passes.layout.lanes === 4;
  const shift = `let shift = ${vector ? "x[channel_element(c, 0u) / 4u].x" : "x[channel_element(c, 0u)]"};`;
  const product = (a: string, b: string) => (vector ? `dot(${a}, ${b})` : `${a} * ${b}`);
  const total = (a: string) => (vector ? `dot(${a}, vec4f(1.0))` : a);
  return {
    vector,
    statistics: {
      setup: shift,
      body: `let d = x[k] - shift;\nsum += vec4f(${total("d")}, ${product("d", "d")}, 0.0, 0.0);`,
    },
    gradientSums: (reader: GradientReader) => ({
      setup: [shift, reader.channel("c")].filter(Boolean).join("\n"),
      body: `let x_k = x[k];
let d = x_k - shift;
let g = ${vector ? reader.at4("k", "x_k") : reader.at("k", "x_k")};
sum += vec4f(${total("d")}, ${product("d", "d")}, ${product("g", "d")}, ${total("g")});`,
    }),
    moments: `${shift}
let centred = sums.x / f32(count);
let mean = shift + centred;
let variance = max(sums.y / f32(count) - centred * centred, 0.0);`,
    // The same from the chunks' counts, means and sums of squared deviations (a conv's, see
    // directStatisticsSlots), merged with Chan's parallel formula.
    mergedMoments: `var merged = 0.0;
var mean = 0.0;
var m2 = 0.0;
for (var chunk = 0u; chunk < CHUNKS; chunk++) {
  let part = scratch[c * CHUNKS + chunk];
  if (part.x > 0.0) {
    let total = merged + part.x;
    let delta = part.y - mean;
    mean += delta * part.x / total;
    m2 += part.z + delta * delta * merged * part.x / total;
    merged = total;
  }
}
let variance = m2 / f32(count);`,
  };
}

/** The bindings of dy (and its saved tensor) and of x, and dy_at's WGSL (see gradientInputs). */
function gradientBindings(
  passes: ChannelPasses,
  reader: GradientReader,
  positions: { dy: number; x: number },
): { dy: Bound; x: Bound; saved: Bound[]; helpers: string } {
  return { ...gradientInputs(passes, reader, positions.dy), x: input(positions.x, "x", "read", elementType(passes)) };
}

/** Stores Σdy·x̂ from the gradient sums' totals into `into`, after the moments. */
const GRAD_WEIGHT_TOTAL = (into: string, eps: string) =>
  `${into} = (sums.z - centred * sums.w) / sqrt(variance + ${eps});`;

function checkTrainable(shape: readonly number[]): void {
  if (channelCount(shape) < 2) {
    throw new Error(
      `bn in training needs more than one value per channel (batch × height × width), got 1: use a batch of at least 2`,
    );
  }
}

/** `line` on a line of its own after what precedes it, or nothing where it is empty. */
function prefixed(line: string): string {
  return line === "" ? "" : `\n${line}`;
}

/** WGSL of the channel of flat element `i` in [N, C, ...]. */
function channelOf(shape: readonly number[]): string {
  return modulo(over("i", product(shape.slice(2))), shape[1]!);
}

/** An evaluation kernel over every element (no batch statistics). */
function elementKernel(
  ctx: KernelContext,
  what: string,
  inputs: [number, BindingDecl][],
  built: { code: string; workgroups: [number, number, number] },
): Kernel {
  return {
    name: kernelName(ctx.node, what, ctx.mode),
    code: built.code,
    workgroups: built.workgroups,
    bindings: [
      ...inputs.map(([index, decl]) => ({ ref: { input: index }, access: decl.access })),
      { ref: "out", access: "read_write" },
    ],
  };
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
  infer([x], attrs) {
    expectRank(x!, [2, 4], "bn");
    const [eps, momentum] = [num(attrs, "eps"), num(attrs, "momentum")];
    if (!(eps > 0)) throw new ShapeError(`bn's eps must be above 0, got ${eps}`);
    if (!(momentum >= 0 && momentum <= 1)) throw new ShapeError(`bn's momentum must be from 0 to 1, got ${momentum}`);
    const channels = known(x![1]!, "bn's channels");
    return { shape: x!, owned: [[channels], [channels], [channels], [channels]] };
  },
  // In evaluation, a batch norm that fusion folded into the layer before it (attribute `folded`)
  // is that layer's output: the layer's epilogue normalises (see src/ops/epilogue.ts).
  aliases: (mode, attrs) => mode === "eval" && attrs.folded === true,
  // Where every reader recomputes the output (attribute `savesStatistics`), training stores a
  // vec4 of scale and shift per channel in its place.
  storedBytes: (mode, attrs, y) => (mode === "train" && attrs.savesStatistics === true ? 16 * y[1]! : undefined),
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
      return [elementKernel(ctx, "forward", inputs, built)];
    }
    checkTrainable(shape);
    const momentum = num(ctx.node.attrs, "momentum");
    // Where fusion gave the statistics to the conv before it (attribute `statisticsFromConv`, set
    // where the conv runs as a direct kernel on this target: the partial statistics per channel it
    // writes), that kernel writes them (see src/ops/conv-direct.ts).
    const fromConv = typeof ctx.node.attrs.statisticsFromConv === "number" && runsDirectKernels(ctx.target);
    const slots = fromConv ? (ctx.node.attrs.statisticsFromConv as number) : undefined;
    const passes = channelPasses(ctx, shape, "forward", true, true, slots);
    const code = passCode(passes);
    // Where fusion found every reader able to recompute the output (attribute `savesStatistics`,
    // see src/5-fuse), the output's buffer holds each channel's scale and shift instead.
    const savesStatistics = ctx.node.attrs.savesStatistics === true;
    const x = input(FORWARD.x, "x", "read", elementType(passes));
    return [
      ...(fromConv ? [] : [sumsPass(passes, [x], code.statistics)]),
      totalsPass(
        passes,
        [
          ...(fromConv ? [] : [x]),
          input(FORWARD.weight, "weight"),
          input(FORWARD.bias, "bias"),
          input(FORWARD.runningMean, "running_mean", "read_write"),
          input(FORWARD.runningVar, "running_var", "read_write"),
          ...(savesStatistics ? [output("array<vec4f>")] : []),
        ],
        `${fromConv ? code.mergedMoments : code.moments}
let scale = weight[c] / sqrt(variance + ${eps});
scratch[VALUES + c] = vec4f(scale, bias[c] - mean * scale, 0.0, 0.0);${savesStatistics ? "\ny[c] = scratch[VALUES + c];" : ""}
// The running variance is unbiased, as PyTorch keeps it. A recomputation of the statistics sets
// the rate: 1 / (its batch number) averages its batches.
let unbiased = variance * f32(count) / f32(max(count, 2u) - 1u);
let rate = select(${f32(momentum)}, step.statistics_rate, step.statistics_rate > 0.0);
running_mean[c] = (1.0 - rate) * running_mean[c] + rate * mean;
running_var[c] = (1.0 - rate) * running_var[c] + rate * unbiased;`,
        !fromConv,
      ),
      // Stale rows after a partial batch are normalised too (so they stay finite), not counted.
      normalizePass(ctx, passes, x, activation, savesStatistics),
    ];
  },
  referenceState({ inputs, shapes, attrs, rows }) {
    const shape = shapes[FORWARD.x]!;
    const { mean, variance } = batchStatistics(inputs[FORWARD.x]!, shape, rows);
    const count = Math.min(rows, shape[0]!) * product(shape.slice(2));
    const momentum = num(attrs, "momentum");
    const moved = (running: Float64Array, batch: Float64Array) =>
      running.map((r, c) => (1 - momentum) * r + momentum * batch[c]!);
    return new Map([
      [FORWARD.runningMean, moved(inputs[FORWARD.runningMean]!, mean)],
      [
        FORWARD.runningVar,
        moved(
          inputs[FORWARD.runningVar]!,
          variance.map((v) => (v * count) / Math.max(count - 1, 1)),
        ),
      ],
    ]);
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

/**
 * Training's element pass: y = activation(x · scale + shift). Where fusion gave the norm the
 * average pool after it (attributes `writesPool`, the pool's node, and `poolWindows`, see
 * src/5-fuse), each thread normalises the rows of one band of windows and writes their average
 * too, and only that where y's buffer holds the statistics instead (`savesStatistics`).
 */
function normalizePass(
  ctx: KernelContext,
  passes: ChannelPasses,
  x: Bound,
  activation: FusedActivation | undefined,
  savesStatistics: boolean,
): Kernel {
  const bindings = savesStatistics ? [x] : [x, output(elementType(passes))];
  const normalized = (at: string) => `x[${at}] * v.x + v.y`;
  if (passes.layout.lanes === 1) {
    const value = activation === undefined ? normalized("i") : activation.call(normalized("i"));
    return elementPass({ ...passes, validRows: false }, bindings, {
      body: `y[i] = ${value};`,
      helpers: activation?.wgsl ?? "",
      target: ctx.target,
    });
  }
  const activate4 = (value: string) => (activation === undefined ? value : activation.call4(value));
  const helpers = activation === undefined ? "" : `${activation.wgsl}\n\n${activation.wgsl4}`;
  const { writesPool, poolWindows } = ctx.node.attrs;
  if (typeof writesPool !== "number") {
    return elementPass({ ...passes, validRows: false }, bindings, {
      body: `y[i] = ${activate4(normalized("i"))};`,
      helpers,
      target: ctx.target,
    });
  }
  const [kh, kw] = poolWindows as [number, number];
  const pooled = pooledRowsValue([kh, kw], "window");
  return elementPass(
    { ...passes, validRows: false },
    [...bindings, { ref: { written: writesPool }, name: "pooled", access: "read_write", type: pooled.type }],
    {
      body: `var window = vec4f(0.0);
for (var r = 0u; r < ${kh}u; r++) {
  let e = k + r * ROW;
  let a = ${activate4(normalized("e"))};${savesStatistics ? "" : "\n  y[e] = a;"}
  window += a;
}
pooled[i] = ${pooled.value};`,
      helpers,
      bandRows: kh,
      target: ctx.target,
    },
  );
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
    const reader = gradientReader(ctx.node.attrs, ctx.inputs);
    if (ctx.mode === "eval") {
      const inputs: [number, BindingDecl][] = [
        [GRAD_INPUT.dy, READ("dy")],
        [GRAD_INPUT.weight, READ("weight")],
        [GRAD_INPUT.runningVar, READ("running_var")],
        ...(reader.saved === undefined ? [] : [[reader.saved, READ("act_saved")] as [number, BindingDecl]]),
      ];
      const built = perElement(
        product(shape),
        [...inputs.map(([, decl]) => decl), OUT],
        `let c = ${channelOf(shape)};${prefixed(reader.channel("c"))}
y[i] = ${reader.at("i", "x[i]")} * (weight[c] / sqrt(running_var[c] + ${eps}));`,
        reader.wgsl,
      );
      return [elementKernel(ctx, "grad_input", inputs, built)];
    }
    checkTrainable(shape);
    const passes = channelPasses(ctx, shape, "grad_input", true, true);
    const code = passCode(passes);
    const { dy, x, saved, helpers } = gradientBindings(passes, reader, GRAD_INPUT);
    // Stale rows after a partial batch get no gradient, as if they were not there.
    const slab = product(shape.slice(1));
    const dx = elementPass(passes, [dy, x, ...saved, output(elementType(passes))], {
      setup: reader.channel("c"),
      body: code.vector
        ? `let valid = 4u * i / ${slab}u < step.rows;
let x_i = x[i];
y[i] = select(vec4f(0.0), v.x * (${reader.at4("i", "x_i")} - v.w - (x_i - v.y) * v.z), valid);`
        : `let valid = i / ${slab}u < step.rows;
let x_i = x[i];
y[i] = select(0.0, v.x * (${reader.at("i", "x_i")} - v.w - (x_i - v.y) * v.z), valid);`,
      helpers,
      target: ctx.target,
    });
    // dx = scale · (dy − mean(dy) − (x − mean) · invstd · mean(dy·x̂)).
    const values = `let invstd = 1.0 / sqrt(variance + ${eps});
scratch[VALUES + c] = vec4f(weight[c] * invstd, mean, invstd * grad_weight[c] / f32(count), grad_bias[c] / f32(count));`;
    if (ctx.node.attrs.writesParamGradients === true) {
      // Fused (src/5-fuse): one sums pass for the statistics and both gradients, written here, and
      // where a bias before the norm takes Σdx as its gradient (attribute `inputGradientSum`, the
      // bias gradient's node), Σdx too: of dx's three terms the first two cancel exactly, leaving
      // −scale · invstd · Σ(x − mean) · mean(dy·x̂), zero up to rounding as when dx is summed.
      const sum = ctx.node.attrs.inputGradientSum;
      const inputGradientSum: Bound[] =
        typeof sum === "number"
          ? [{ ref: { written: sum }, name: "grad_input_sum", access: "read_write", type: "array<f32>" }]
          : [];
      const sumLine =
        typeof sum === "number"
          ? `\ngrad_input_sum[c] = -weight[c] * invstd * invstd * (sums.x - f32(count) * centred) * grad_weight[c] / f32(count);`
          : "";
      return [
        sumsPass(passes, [dy, x, ...saved], { ...code.gradientSums(reader), helpers }),
        totalsPass(
          passes,
          [
            x,
            input(GRAD_INPUT.weight, "weight"),
            input(GRAD_INPUT.gradWeight, "grad_weight", "read_write"),
            input(GRAD_INPUT.gradBias, "grad_bias", "read_write"),
            ...inputGradientSum,
          ],
          `${code.moments}
${GRAD_WEIGHT_TOTAL("grad_weight[c]", eps)}
grad_bias[c] = sums.w;
${values}${sumLine}`,
        ),
        dx,
      ];
    }
    return [
      sumsPass(passes, [x], code.statistics),
      totalsPass(
        passes,
        [
          x,
          input(GRAD_INPUT.weight, "weight"),
          input(GRAD_INPUT.gradWeight, "grad_weight"),
          input(GRAD_INPUT.gradBias, "grad_bias"),
        ],
        `${code.moments}
${values}`,
      ),
      dx,
    ];
  },
  reference({ inputs, shapes, attrs, mode, rows }) {
    const x = inputs[GRAD_INPUT.x]!;
    const weight = inputs[GRAD_INPUT.weight]!;
    const dy = gradientReader(attrs, shapes).reference(inputs);
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
    const reader = gradientReader(ctx.node.attrs, ctx.inputs);
    if (train) {
      const passes = channelPasses(ctx, shape, "grad_weight", true, true);
      const code = passCode(passes);
      const { dy, x, saved, helpers } = gradientBindings(passes, reader, GRAD_WEIGHT);
      return [
        sumsPass(passes, [dy, x, ...saved], { ...code.gradientSums(reader), helpers }),
        totalsPass(passes, [x, output()], `${code.moments}\n${GRAD_WEIGHT_TOTAL("y[c]", eps)}`),
      ];
    }
    const passes = channelPasses(ctx, shape, "grad_weight", false);
    const { dy, x, saved } = gradientBindings(passes, reader, GRAD_WEIGHT);
    return [
      sumsPass(
        passes,
        [dy, x, input(GRAD_WEIGHT.runningMean, "running_mean"), input(GRAD_WEIGHT.runningVar, "running_var"), ...saved],
        {
          setup: `let mean = running_mean[c];\nlet invstd = 1.0 / sqrt(running_var[c] + ${eps});${prefixed(reader.channel("c"))}`,
          body: `let x_k = x[k];\nsum.x += ${reader.at("k", "x_k")} * (x_k - mean) * invstd;`,
          helpers: reader.wgsl,
        },
      ),
      totalsPass(passes, [output()], "y[c] = sums.x;"),
    ];
  },
  reference({ inputs, shapes, attrs, mode, rows }) {
    const [, x, runningMean, runningVar] = inputs as [Float64Array, Float64Array, Float64Array, Float64Array];
    const dy = gradientReader(attrs, shapes).reference(inputs);
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
