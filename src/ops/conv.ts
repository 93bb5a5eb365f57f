// conv: 2-D convolution over [N, C, H, W], as torch.nn.Conv2d (weight [out, C / groups, kh, kw]),
// and its gradients. All three are implicit GEMMs: custom operand loaders read the input, weight
// and output gradient at im2col addresses (zero outside the input), so no im2col matrix is ever
// stored. One GEMM batch per (image, group) makes the GEMM's row-major C land in NCHW order.

import type { Attrs, Shape } from "../ir/graph.js";
import {
  bool,
  expectRank,
  kernelName,
  known,
  num,
  pair,
  product,
  ShapeError,
  type BindingRef,
  type Kernel,
  type KernelContext,
  type OpFamily,
  type Target,
  weightAndBias,
} from "./family.js";
import {
  directConvServes,
  directConvKernel,
  directStatisticsSlots,
  directWeightGradientKernel,
  directWeightGradientServes,
  weightGradientSumsBias,
  type ConvShape,
  type DirectConv,
  type DirectWeightGradient,
} from "./conv-direct.js";
import {
  applyEpilogueReference,
  gemmAsKernels,
  gemmBindingRefs,
  layerBindingInputs,
  layerEpilogue,
  tunedGemm,
} from "./epilogue.js";
import { splitK, tileFits, unsplitGemmTile, type GemmSpec, type GemmTile } from "./gemm.js";
import { concatSlot } from "./structure.js";
import {
  MAX_WORKGROUPS_PER_DIM,
  modulo,
  offsetBy,
  over,
  perElement,
  plus,
  rowMajor,
  scaled,
  times,
  type BindingDecl,
} from "./wgsl.js";

export interface ConvGeometry {
  kernel: [number, number];
  stride: [number, number];
  pad: [number, number];
  dilation: [number, number];
  groups: number;
}

function convGeometry(attrs: Attrs): ConvGeometry {
  return {
    kernel: pair(attrs.kernel),
    stride: pair(attrs.stride),
    pad: pair(attrs.pad),
    dilation: pair(attrs.dilation),
    groups: num(attrs, "groups"),
  };
}

/** Every size a convolution kernel bakes in, from concrete input and output shapes. */
interface ConvSizes {
  batch: number;
  channels: number;
  height: number;
  width: number;
  out: number;
  outHeight: number;
  outWidth: number;
  groups: number;
  /** Input and output channels per group. */
  groupChannels: number;
  groupOut: number;
  g: ConvGeometry;
  /** Kernel taps per input channel (kh·kw). */
  taps: number;
}

function convSizes(x: readonly number[], y: readonly number[], attrs: Attrs): ConvSizes {
  const g = convGeometry(attrs);
  return {
    batch: x[0]!,
    channels: x[1]!,
    height: x[2]!,
    width: x[3]!,
    out: y[1]!,
    outHeight: y[2]!,
    outWidth: y[3]!,
    groups: g.groups,
    groupChannels: x[1]! / g.groups,
    groupOut: y[1]! / g.groups,
    g,
    taps: g.kernel[0] * g.kernel[1],
  };
}

/** GEMM batches of one (image, group) each: the GEMM dispatches them along z, at most 65,535. */
/**
 * How a conv's GEMM (forward or input gradient) covers the images of the batch, each with `area`
 * positions: without groups, as C's columns, in a block per image, so that late layers with few
 * positions still make large GEMMs; with groups, as GEMM batches, one per image and group.
 * `image` and `position` are the WGSL of the image and position of column `col` in batch `batch`.
 */
function imageColumns(
  s: ConvSizes,
  area: number,
): { spec: Pick<GemmSpec, "batch" | "n" | "columnBlock">; image: string; position: string } {
  if (s.groups === 1) {
    return {
      spec: { batch: 1, n: s.batch * area, columnBlock: area },
      image: over("col", area),
      position: modulo("col", area),
    };
  }
  return { spec: { batch: imageGroupBatches(s), n: area }, image: over("batch", s.groups), position: "col" };
}

function imageGroupBatches(s: ConvSizes): number {
  const batches = s.batch * s.groups;
  if (batches > MAX_WORKGROUPS_PER_DIM) {
    throw new Error(
      `conv with ${s.groups} groups at batch size ${s.batch} needs ${batches} GEMM batches, more than WebGPU's ${MAX_WORKGROUPS_PER_DIM}: use a batch size of at most ${Math.floor(MAX_WORKGROUPS_PER_DIM / s.groups)}`,
    );
  }
  return batches;
}

function convFlops(s: ConvSizes): number {
  return 2 * s.batch * s.out * s.outHeight * s.outWidth * s.groupChannels * s.taps;
}

/** The geometry attributes a convolution's gradient ops carry over from it. */
function geometryAttrs(attrs: Attrs): Attrs {
  return {
    kernel: attrs.kernel!,
    stride: attrs.stride!,
    pad: attrs.pad!,
    dilation: attrs.dilation!,
    groups: attrs.groups!,
  };
}

/**
 * WGSL statements returning the input element that kernel tap `tap` of output position `pos`
 * reads in channel `channel` of `image`, or 0.0 where the tap falls in the zero padding: one
 * element of the im2col matrix, computed when loaded. Loaders are branch-free (a tap in the
 * padding reads element 0 and discards it), so the lanes of a SIMD group never diverge in the
 * GEMM's unrolled loads.
 */
function im2colWgsl(s: ConvSizes, image: string, channel: string, tap: string, pos: string): string {
  const { g } = s;
  const h = plus(times(over(pos, s.outWidth), g.stride[0]), times(over(tap, g.kernel[1]), g.dilation[0]));
  const w = plus(times(modulo(pos, s.outWidth), g.stride[1]), times(modulo(tap, g.kernel[1]), g.dilation[1]));
  const at = rowMajor([image, channel, "u32(h)", "u32(w)"], [s.channels, s.height, s.width]);
  return `let h = i32(${h})${offsetBy(-g.pad[0])};
  let w = i32(${w})${offsetBy(-g.pad[1])};
  let inside = (h >= 0) & (h < ${s.height}) & (w >= 0) & (w < ${s.width});
  return select(0.0, x[select(0u, ${at}, inside)], inside);`;
}

const READ_F32 = (name: string) => ({ name, access: "read" as const, type: "array<f32>" });

/** Output positions per image (C's columns) up to which a conv takes `narrowTile`. */
const NARROW = 48;

/**
 * A tile for a narrow C: a grouped conv's per-image GEMM late in a deep net (2×2 to 6×6
 * positions; convs without groups take the whole batch as columns instead), or a weight gradient
 * over few input channels. The other tiles span 64 or more columns, so most of their lanes would
 * idle: on an H100, a 9-position conv ran in 2.87 ms with this tile against 6.2 ms with the
 * subgroup tile. Up to 8 columns per thread, as many as split n evenly, and few threads along n,
 * the rest along m.
 */
function narrowTile(spec: Pick<GemmSpec, "m" | "n">): GemmTile {
  const waste = (cols: number) => Math.ceil(spec.n / cols) * cols - spec.n;
  const cols = [8, 7, 6, 5, 4]
    .filter((c) => c <= spec.n)
    .reduce((best, c) => (waste(c) < waste(best) ? c : best), Math.min(spec.n, 8));
  const threadsX = Math.ceil(spec.n / cols);
  const rows = Math.min(spec.m, 4);
  const threadsY = Math.max(1, Math.min(Math.floor(64 / threadsX), Math.ceil(spec.m / rows)));
  return { strategy: "register", threads: [threadsX, threadsY], rows, cols };
}

/**
 * The GEMM tile for a convolution, measured on lavapipe. Loads through custom loaders cost more
 * than the multiply-adds, so each thread computes an 8×8 block of C (each loaded value is used 8
 * times), or all of C's rows when it has fewer (few channels) and then 16 columns (LeNet's
 * 6-channel conv1 and conv2 input gradient 12–15% faster than with 8; 24 and 32 were slower); the
 * threads along n are the count (8, 16 or 32) whose tiles pad C's columns least. Where the adapter
 * has subgroups, C with 16 or more rows (channels) takes a subgroup tile instead: each weight is
 * loaded once per subgroup (1.3–1.5× faster at 64 channels; at BN-LeNet's 16, 1.3× on conv2 and
 * 2.4× on its weight gradient), as 16 rows of 4 columns per lane (through the loaders, 10–15%
 * faster than 8 columns on a 64-channel conv; the 32 rows dense GEMMs take on software adapters ran
 * bench/conv.ts's shapes 0.78–1.26×, mostly slower). Few outputs over a long k keep the split-k
 * tile, except where the columns fill two subgroups' lanes: a subgroup tile over all of C (k split
 * across workgroups where the target wants more threads or workgroups) ran BN-LeNet's conv1 weight
 * gradient (6×25, k 147,456) 2–3× faster on lavapipe, whose loads of the split-k tile's scalar
 * operands are loops over the lanes.
 */
function convTile(spec: Pick<GemmSpec, "m" | "n" | "k">, target: Target): GemmTile {
  return splitK(spec, wideGpuTile(spec, target) ?? tileOverC(spec, target), target);
}

/**
 * On GPUs, C of at least 64 rows (channels) and 128 columns takes a workgroup tile, as large dense
 * GEMMs do: 8 rows of 4 columns per thread in k steps of 16 where the device's workgroup memory
 * holds them (24 KiB; 16 KiB at 64 channels), else 8×8 in steps of 8; 16 threads across, and 16
 * down (8 for fewer than 128 channels). On an H100, ResNet-18 at 96×96, batch 256, trained at
 * 6,917 img/s with the subgroup tiles below and 8,861 with these (bench/RESULTS.md; its 3×3 convs
 * at 14–24 TFLOP/s, before at 14–17).
 */
function wideGpuTile(spec: Pick<GemmSpec, "m" | "n">, target: Target): GemmTile | undefined {
  if (target.software || spec.m < 64 || spec.n < 128) return undefined;
  const threads: [number, number] = [16, spec.m >= 128 ? 16 : 8];
  const deep: GemmTile = { strategy: "workgroup", threads, rows: 8, cols: 4, depth: 16 };
  return tileFits(deep, target) ? deep : { strategy: "workgroup", threads, rows: 8, cols: 8, depth: 8 };
}

function tileOverC(spec: Pick<GemmSpec, "m" | "n" | "k">, target: Target): GemmTile {
  const fallback = unsplitGemmTile(spec, target);
  const size = target.subgroupMinSize;
  const subgroup = (lanes: number): GemmTile => ({
    strategy: "subgroup",
    subgroupSize: lanes,
    threads: lanes,
    rows: Math.min(spec.m, 16),
    cols: 4,
  });
  if (fallback.strategy === "splitk") return size === undefined || spec.n < 2 * size ? fallback : subgroup(size);
  if (spec.n <= NARROW) return narrowTile(spec);
  if (fallback.strategy === "subgroup" && spec.m >= 16) return subgroup(fallback.subgroupSize);
  const rows = Math.min(spec.m, 8);
  const cols = rows < 8 ? 16 : 8;
  const threadsY = Math.min(8, Math.ceil(spec.m / rows));
  const padding = (threadsX: number) => Math.ceil(spec.n / (cols * threadsX)) * cols * threadsX - spec.n;
  const threadsX = [8, 16, 32]
    .filter((t) => t * threadsY <= 64)
    .reduce((best, t) => (padding(t) < padding(best) ? t : best));
  return { strategy: "register", threads: [threadsX, threadsY], rows, cols };
}

/** Whether the direct kernel (see ./conv-direct.ts) computes this conv or its input gradient. */
function directServes(s: ConvSizes, direct: DirectConv, ctx: KernelContext): boolean {
  return strideOfOne(s.g) && directConvServes(direct, ctx.target);
}

/** The weights' index along their second dimension of the conv's input channel `c`: c within its group. */
function inGroup(s: ConvSizes, c: string): string {
  return s.groups === 1 ? c : modulo(c, s.groupChannels);
}

/** The conv's input and output sizes for a direct kernel of its forward or weight gradient. */
function directShape(s: ConvSizes): ConvShape {
  return {
    batch: s.batch,
    inChannels: s.channels,
    inHeight: s.height,
    inWidth: s.width,
    outChannels: s.out,
    outHeight: s.outHeight,
    outWidth: s.outWidth,
    kernel: s.g.kernel,
    dilation: s.g.dilation,
    groups: s.groups,
  };
}

/** Stride 1: what direct kernels take. */
function strideOfOne(g: ConvGeometry): boolean {
  return g.stride[0] === 1 && g.stride[1] === 1;
}

/**
 * Where this conv's forward runs as a direct kernel on `target` (from its input and output
 * shapes), the batch norm after it can take its statistics from that kernel (src/5-fuse): the
 * partial statistics per channel it would write; else undefined.
 */
export function directForwardStatisticsSlots(
  attrs: Attrs,
  input: Shape,
  output: Shape,
  target: Target,
): number | undefined {
  const s = convSizes(input as number[], output as number[], attrs);
  const forward = { ...directShape(s), rows: { step: 1 as const, offset: -s.g.pad[0] } };
  if (!strideOfOne(s.g) || !directConvServes(forward, target)) return undefined;
  return directStatisticsSlots(forward, { ...target, subgroupMinSize: target.subgroupMinSize! });
}

/**
 * Whether a conv's weight gradient (`conv2d_grad_weight` with the conv's attributes, from dy's and
 * x's shapes) can also write the conv's bias gradient on `target` (see weightGradientSumsBias).
 */
export function weightGradientWritesBias(attrs: Attrs, dy: Shape, x: Shape, target: Target): boolean {
  const s = convSizes(x as number[], dy as number[], attrs);
  return strideOfOne(s.g) && weightGradientSumsBias({ ...directShape(s), pad: s.g.pad }, target);
}

/** The direct kernel as the node's; `inputs` names the node input each binding but `y` reads. */
function directKernel(ctx: KernelContext, what: string, direct: DirectConv, inputs: Record<string, number>): Kernel {
  const target = { ...ctx.target, subgroupMinSize: ctx.target.subgroupMinSize! };
  return {
    ...nodeKernel(ctx, what, directConvKernel(direct, target), inputs),
    // The statistics' slots, then the values the norm's totals pass leaves for its last pass.
    ...(direct.statistics === true
      ? { scratchBytes: 16 * ctx.output[1]! * (directStatisticsSlots(direct, target) + 1) }
      : {}),
  };
}

/**
 * A kernel built for this node: its output binding (`y` or `dw`) is the node's output; `written`
 * names the bindings of nodes it writes besides (Node.writtenBy).
 */
function nodeKernel(
  ctx: KernelContext,
  what: string,
  built: { code: string; workgroups: [number, number, number]; bindings: BindingDecl[] },
  inputs: Record<string, number>,
  written: Record<string, number> = {},
): Kernel {
  const bindingInputs = layerBindingInputs(ctx, inputs);
  const own: Record<string, BindingRef> = { y: "out", dw: "out", scratch: "scratch", step: "step" };
  for (const [name, node] of Object.entries(written)) own[name] = { written: node };
  return {
    name: kernelName(ctx.node, what, ctx.mode),
    code: built.code,
    workgroups: built.workgroups,
    bindings: built.bindings.map(({ name, access }) => ({
      ref: own[name] ?? { input: bindingInputs[name]! },
      access: access === "uniform" ? "read" : access,
    })),
  };
}

/** A convolution GEMM as the node's kernels, with the tile chosen for convolution shapes. */
function convGemm(
  ctx: KernelContext,
  what: string,
  spec: Omit<GemmSpec, "name" | "tile">,
  inputs: Record<string, number>,
): Kernel[] {
  return gemmAsKernels(ctx, what, { ...spec, tile: convTile(spec, ctx.target) }, inputs);
}

export const conv2d: OpFamily = {
  op: "conv2d",
  layer: {
    name: "conv",
    tensors: "one",
    args: [
      { name: "channels", type: "int", doc: "output channels" },
      { name: "kernel", type: "int2", doc: "kernel size k or (kh, kw)" },
      { name: "stride", type: "int2", default: 1, doc: "stride" },
      { name: "pad", type: "int2", default: 0, doc: "zero padding on each side" },
      { name: "dilation", type: "int2", default: 1, doc: "spacing between kernel taps" },
      { name: "groups", type: "int", default: 1, doc: "channel groups (in and out must divide)" },
      { name: "bias", type: "bool", default: true, doc: "learn a per-channel bias" },
    ],
    doc: "2-D convolution (input channels are inferred).",
  },
  attrs: (args) => ({
    out: args.get("channels")!,
    kernel: pair(args.get("kernel")),
    stride: pair(args.get("stride")),
    pad: pair(args.get("pad")),
    dilation: pair(args.get("dilation")),
    groups: args.get("groups")!,
    bias: args.get("bias")!,
  }),
  owned: weightAndBias,
  infer([x], attrs) {
    expectRank(x!, [4], "conv");
    const g = convGeometry(attrs);
    const out = num(attrs, "out");
    if (out < 1) throw new ShapeError(`conv needs at least 1 output channel, got ${out}`);
    const channels = known(x![1]!, "conv's input channels");
    if (g.groups < 1 || channels % g.groups !== 0 || out % g.groups !== 0) {
      throw new ShapeError(
        `conv with groups=${g.groups} needs input channels (${channels}) and output channels (${out}) divisible by it`,
      );
    }
    for (const [what, v] of [
      ["kernel", g.kernel],
      ["stride", g.stride],
      ["dilation", g.dilation],
    ] as const) {
      if (v[0] < 1 || v[1] < 1) throw new ShapeError(`conv's ${what} must be at least 1, got (${v.join(", ")})`);
    }
    if (g.pad[0] < 0 || g.pad[1] < 0) throw new ShapeError(`conv's padding must not be negative`);
    const spatial = [2, 3].map((axis, i) => {
      const size = known(x![axis]!, "conv's input height and width");
      const span = g.dilation[i]! * (g.kernel[i]! - 1) + 1;
      const padded = size + 2 * g.pad[i]!;
      if (padded < span) {
        throw new ShapeError(
          `conv's kernel (${g.kernel.join("×")}, dilation ${g.dilation[i]}) is larger than its padded input (${x![2]}×${x![3]} padded by ${g.pad[i]})`,
        );
      }
      return Math.floor((padded - span) / g.stride[i]!) + 1;
    });
    const owned: Shape[] = [[out, channels / g.groups, ...g.kernel]];
    if (bool(attrs, "bias")) owned.push([out]);
    return { shape: [x![0]!, out, spatial[0]!, spatial[1]!], owned };
  },
  flops([x], y, attrs) {
    const g = convGeometry(attrs);
    const outputs = y[0]! * y[1]! * y[2]! * y[3]!;
    const macs = outputs * (x![1]! / g.groups) * g.kernel[0] * g.kernel[1];
    return 2 * macs + (bool(attrs, "bias") ? outputs : 0);
  },
  backward({ node, dy, needs, emit, shape }) {
    const [x, weight] = node.inputs as [number, number];
    const geometry = geometryAttrs(node.attrs);
    return [
      needs[0]
        ? emit("conv2d_grad_input", [dy!, weight], { ...geometry, shape: shape(x) as number[] }, "grad_input")
        : undefined,
      needs[1] ? emit("conv2d_grad_weight", [dy!, x], geometry, "grad_weight") : undefined,
      needs[2] ? emit("channel_sum", [dy!], {}, "grad_bias") : undefined,
    ];
  },
  // C[image·group] = W_group (out × C/g·kh·kw) · im2col(x) (C/g·kh·kw × Ho·Wo), plus the bias.
  kernels(ctx) {
    const s = convSizes(ctx.inputs[0]!, ctx.output, ctx.node.attrs);
    const hasBias = bool(ctx.node.attrs, "bias");
    const depth = s.groupChannels * s.taps;
    const channel = (row: string) => plus(groupStart(s, s.groupOut), row);
    const direct: DirectConv = {
      ...directShape(s),
      rows: { step: 1, offset: -s.g.pad[0] },
      cols: { step: 1, offset: -s.g.pad[1] },
      weightBase: (out, inp) => times(plus(times(out, s.groupChannels), inGroup(s, inp)), s.taps),
      input: "x",
      ...layerEpilogue(ctx, hasBias, { axis: "row", index: channel }),
      // The batch norm after it takes its batch statistics from here (src/5-fuse).
      statistics: ctx.mode === "train" && ctx.node.attrs.batchStatistics === true,
    };
    if (directServes(s, direct, ctx) && concatSlot(ctx.node.attrs) === undefined) {
      return [directKernel(ctx, "forward", direct, { x: 0, weight: 1, bias: 2 })];
    }
    const area = s.outHeight * s.outWidth;
    const images = imageColumns(s, area);
    return convGemm(
      ctx,
      "forward",
      {
        ...images.spec,
        m: s.groupOut,
        k: depth,
        // Without groups the weights are A itself, dense and row-major, which the GEMM reads as
        // vec4s: on lavapipe 1.2–1.8× faster than through a loader (bench/conv.ts's shapes).
        a:
          s.groups === 1
            ? { kind: "dense", transposed: false }
            : {
                kind: "custom",
                bindings: [READ_F32("weight")],
                wgsl: `fn load_a(batch: u32, row: u32, col: u32) -> f32 {
  return weight[${rowMajor([channel("row"), "col"], [depth])}];
}`,
              },
        b: {
          kind: "custom",
          bindings: [READ_F32("x")],
          wgsl: `fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  ${im2colWgsl(s, images.image, plus(groupStart(s, s.groupChannels), over("row", s.taps)), modulo("row", s.taps), images.position)}
}`,
        },
        ...layerEpilogue(ctx, hasBias, { axis: "row", index: channel }),
        ...concatRows(ctx.node.attrs, s),
      },
      { x: 0, weight: 1, gemm_a: 1, bias: 2 },
    );
  },
  reference({ inputs, shapes, output, attrs, mode }) {
    const [x, weight] = inputs as [Float64Array, Float64Array];
    const bias = bool(attrs, "bias") ? inputs[2] : undefined;
    const s = convSizes(shapes[0]!, output, attrs);
    const y = new Float64Array(product(output));
    const channel = (i: number) => Math.floor(i / (s.outHeight * s.outWidth)) % s.out;
    forEachTap(s, (yi, xi, wi) => (y[yi] += x[xi]! * weight[wi]!));
    if (bias !== undefined) y.forEach((_, i) => (y[i] += bias[channel(i)]!));
    return applyEpilogueReference(y, { attrs, mode, inputs }, channel);
  },
};

/**
 * The GEMM spec's `into` field, to spread into it, for a convolution that writes its channels of
 * a concat's output in place: image n's C (out × Ho·Wo) is rows offset.. of that image's channels.
 * Only ungrouped convolutions take part (src/5-fuse/concat.ts): with groups, a GEMM batch is
 * one group of an image, not a whole image.
 */
function concatRows(attrs: Attrs, s: ConvSizes): Pick<GemmSpec, "into"> {
  const slot = concatSlot(attrs);
  if (slot === undefined) return {};
  if (s.groups !== 1) throw new Error(`a conv with ${s.groups} groups cannot write into a concat in place`);
  return { into: { rows: slot.total, offset: slot.offset } };
}

/**
 * Calls `visit(output index, input index, weight index)` for every multiply-add of the
 * convolution, skipping taps in the zero padding: the references' one loop nest.
 */
function forEachTap(s: ConvSizes, visit: (yi: number, xi: number, wi: number) => void): void {
  const { g } = s;
  for (let n = 0; n < s.batch; n++) {
    for (let o = 0; o < s.out; o++) {
      const group = Math.floor(o / s.groupOut);
      for (let oh = 0; oh < s.outHeight; oh++) {
        for (let ow = 0; ow < s.outWidth; ow++) {
          const yi = ((n * s.out + o) * s.outHeight + oh) * s.outWidth + ow;
          for (let c = 0; c < s.groupChannels; c++) {
            for (let i = 0; i < g.kernel[0]; i++) {
              const h = oh * g.stride[0] + i * g.dilation[0] - g.pad[0];
              if (h < 0 || h >= s.height) continue;
              for (let j = 0; j < g.kernel[1]; j++) {
                const w = ow * g.stride[1] + j * g.dilation[1] - g.pad[1];
                if (w < 0 || w >= s.width) continue;
                const xi = ((n * s.channels + group * s.groupChannels + c) * s.height + h) * s.width + w;
                visit(yi, xi, ((o * s.groupChannels + c) * g.kernel[0] + i) * g.kernel[1] + j);
              }
            }
          }
        }
      }
    }
  }
}

/**
 * The input positions of one phase along one axis (those ≡ `offset` mod the stride) and the
 * kernel taps that reach them: tap i reaches input x from output (x + pad − i·dilation) / stride,
 * a whole output only for taps congruent to the phase, which step by stride / gcd(stride, dilation).
 */
interface AxisPhase {
  offset: number;
  positions: number;
  /** The taps firstTap, firstTap + tapStep, … (`taps` of them, possibly none). */
  firstTap: number;
  tapStep: number;
  taps: number;
  /**
   * The output whose window puts tap firstTap on the phase's first position; each later tap's is
   * tapShift outputs earlier.
   */
  firstOutput: number;
  tapShift: number;
}

function axisPhases(size: number, kernel: number, stride: number, pad: number, dilation: number): AxisPhase[] {
  const divisor = gcd(stride, dilation);
  return Array.from({ length: stride }, (_, offset) => {
    const taps = Array.from({ length: kernel }, (_, i) => i).filter(
      (i) => (offset + pad - i * dilation) % stride === 0,
    );
    const firstTap = taps[0] ?? 0;
    return {
      offset,
      positions: Math.max(0, Math.ceil((size - offset) / stride)),
      firstTap,
      tapStep: stride / divisor,
      taps: taps.length,
      firstOutput: (offset + pad - firstTap * dilation) / stride,
      tapShift: dilation / divisor,
    };
  });
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Input positions with the same (h mod stride, w mod stride): `index` numbers them row-major. */
interface Phase {
  index: number;
  h: AxisPhase;
  w: AxisPhase;
  positions: number;
  taps: number;
}

/** The phases of the input that have positions; a stride of 1 leaves one, with every position and tap. */
function inputPhases(s: ConvSizes): Phase[] {
  const { g } = s;
  const rows = axisPhases(s.height, g.kernel[0], g.stride[0], g.pad[0], g.dilation[0]);
  const cols = axisPhases(s.width, g.kernel[1], g.stride[1], g.pad[1], g.dilation[1]);
  return rows
    .flatMap((h) =>
      cols.map((w) => ({
        index: h.offset * g.stride[1] + w.offset,
        h,
        w,
        positions: h.positions * w.positions,
        taps: h.taps * w.taps,
      })),
    )
    .filter((phase) => phase.positions > 0);
}

/** ` - i32(tap) * shift`: a tap's shift of the output position, or nothing where it is 0. */
function tapShift(tap: string, shift: number): string {
  return tap === "0u" || shift === 0 ? "" : ` - ${scaled(`i32(${tap})`, shift)}`;
}

/** The first channel of GEMM batch `batch`'s group, in groups of `perGroup` channels. */
function groupStart(s: ConvSizes, perGroup: number): string {
  return times(modulo("batch", s.groups), perGroup);
}

/**
 * One phase's dx as an implicit GEMM without stride gaps: C[image·group] = W_groupᵀ (C/g × out/g·taps)
 * · col2im(dy) (out/g·taps × positions), over only the taps that reach the phase's positions.
 */
function phaseGemm(s: ConvSizes, phase: Phase): Omit<GemmSpec, "name" | "tile"> {
  const { g } = s;
  const { h, w, taps } = phase;
  const images = imageColumns(s, phase.positions);
  const out = plus(groupStart(s, s.groupOut), over("col", taps));
  // With every tap (stride 1), the phase's taps are the weight's, contiguous.
  const weightTap =
    taps === s.taps
      ? "tap"
      : plus(
          times(plus(`${h.firstTap}u`, times(over("tap", w.taps), h.tapStep)), g.kernel[1]),
          `${w.firstTap}u`,
          times(modulo("tap", w.taps), w.tapStep),
        );
  return {
    ...images.spec,
    m: s.groupChannels,
    k: s.groupOut * taps,
    // A 1×1 kernel without groups: the weights [out, channels] are A stored transposed, which the
    // GEMM reads as vec4s (on lavapipe 1.07–1.39× faster than through the loader).
    a:
      s.taps === 1 && s.groups === 1
        ? { kind: "dense", transposed: true }
        : {
            kind: "custom",
            bindings: [READ_F32("weight")],
            wgsl: `fn load_a(batch: u32, row: u32, col: u32) -> f32 {
  let o = ${out};
  let tap = ${modulo("col", taps)};
  return weight[${rowMajor(["o", "row", weightTap], [s.groupChannels, s.taps])}];
}`,
          },
    b: {
      kind: "custom",
      bindings: [READ_F32("dy")],
      wgsl: `fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let tap = ${modulo("row", taps)};
  let pos = ${images.position};
  // The output row and column whose window puts this tap on the phase's position pos.
  let oh = i32(${over("pos", w.positions)})${offsetBy(h.firstOutput)}${tapShift(over("tap", w.taps), h.tapShift)};
  let ow = i32(${modulo("pos", w.positions)})${offsetBy(w.firstOutput)}${tapShift(modulo("tap", w.taps), w.tapShift)};
  let inside = (oh >= 0) & (oh < ${s.outHeight}) & (ow >= 0) & (ow < ${s.outWidth});
  let o = ${plus(times(images.image, s.out), groupStart(s, s.groupOut), over("row", taps))};
  return select(0.0, dy[select(0u, ${rowMajor(["o", "u32(oh)", "u32(ow)"], [s.outHeight, s.outWidth])}, inside)], inside);
}`,
    },
  };
}

// The weights bind as `weight` where a loader or a direct kernel reads them, as `gemm_a` where a
// GEMM reads them dense.
const GRAD_INPUT_BINDINGS: Record<string, number> = { dy: 0, weight: 1, gemm_a: 1 };

/**
 * A phase's GEMM into scratch memory, [image][channel][phase position] (with k split, its
 * slices' partial sums, one such block per slice), and the kernel that stores it in dx: the GEMM
 * stores C's columns contiguously, and a phase's positions lie a stride apart in dx. The two run
 * back to back, before the next phase's GEMM reuses the scratch memory.
 */
function scatteredPhaseKernels(
  ctx: KernelContext,
  s: ConvSizes,
  phase: Phase,
  what: string,
  flopsShare: number,
): Kernel[] {
  const name = kernelName(ctx.node, what, ctx.mode);
  const spec = phaseGemm(s, phase);
  const program = tunedGemm(ctx, name, { ...spec, tile: convTile(spec, ctx.target) }, GRAD_INPUT_BINDINGS);
  // With k split, only the slices: the store adds their partial sums up as it scatters them.
  const gemm = program.kernels[0]!;
  const elements = s.batch * s.channels * phase.positions;
  // A split GEMM's partial sums are `splits` blocks of C.
  const splits = program.kernels.length > 1 ? program.scratchFloats / elements : 1;
  const scratchBytes = 4 * splits * elements;
  return [
    {
      name,
      code: gemm.code,
      workgroups: gemm.workgroups,
      bindings: gemmBindingRefs(gemm, GRAD_INPUT_BINDINGS, "scratch"),
      flopsShare,
      scratchBytes,
    },
    storePhaseKernel(ctx, s, phase, `${what}_store`, splits),
  ];
}

/**
 * Stores a phase's values at its positions of dx: the sum of `splits` blocks of scratch memory,
 * or zeros for a phase no tap reaches (splits undefined).
 */
function storePhaseKernel(
  ctx: KernelContext,
  s: ConvSizes,
  phase: Phase,
  what: string,
  splits: number | undefined,
): Kernel {
  const { h, w } = phase;
  const count = s.batch * s.channels * phase.positions;
  // Element i is dx's order, [image][channel][position], as the GEMM stores C and a split GEMM's
  // slices their partial sums.
  const sum =
    splits === undefined
      ? "let value = 0.0;"
      : `var value = 0.0;
for (var split = 0u; split < ${splits}u; split++) { value += scratch[split * ${count}u + i]; }`;
  const { code, workgroups } = perElement(
    count,
    [{ name: "dx", access: "read_write", type: "array<f32>" }, ...(splits === undefined ? [] : [READ_F32("scratch")])],
    `let plane = ${over("i", phase.positions)};
let pos = ${modulo("i", phase.positions)};
let h = ${plus(`${h.offset}u`, times(over("pos", w.positions), s.g.stride[0]))};
let w = ${plus(`${w.offset}u`, times(modulo("pos", w.positions), s.g.stride[1]))};
${sum}
dx[${rowMajor(["plane", "h", "w"], [s.height, s.width])}] = value;`,
  );
  return {
    name: kernelName(ctx.node, what, ctx.mode),
    code,
    workgroups,
    bindings: [
      { ref: "out", access: "read_write" },
      ...(splits === undefined ? [] : [{ ref: "scratch" as const, access: "read" as const }]),
    ],
    flopsShare: 0,
    ...(splits === undefined ? {} : { scratchBytes: 4 * splits * count }),
  };
}

/**
 * dx from [dy, weight]: a transposed convolution; attribute `shape` is the input's. With a stride,
 * only the taps congruent to an input position's phase (h mod stride, w mod stride) reach it, so
 * each phase is a GEMM of its own over just those taps (the sub-pixel decomposition): one GEMM
 * over every tap would spend all but about 1 / (stride_h·stride_w) of its multiply-adds on zeros.
 * One dispatch per phase, not one GEMM batched over the phases: that GEMM's k would be the most
 * taps of any phase (16 for 9 taps at stride 2), and on lavapipe it ran ResNet-18's stride-2
 * 3×3 convs' input gradients 2× slower.
 */
export const conv2dGradInput: OpFamily = {
  op: "conv2d_grad_input",
  infer: (_inputs, attrs) => ({ shape: attrs.shape as number[] }),
  flops: ([dy], x, attrs) => convFlops(convSizes(x, dy!, attrs)),
  kernels(ctx) {
    const s = convSizes(ctx.output, ctx.inputs[0]!, ctx.node.attrs);
    const phases = inputPhases(s);
    // dy correlated with the flipped kernel: dx at h reads dy at h − kh + pad.
    const direct: DirectConv = {
      batch: s.batch,
      inChannels: s.out,
      inHeight: s.outHeight,
      inWidth: s.outWidth,
      outChannels: s.channels,
      outHeight: s.height,
      outWidth: s.width,
      kernel: s.g.kernel,
      dilation: s.g.dilation,
      groups: s.groups,
      rows: { step: -1, offset: s.g.pad[0] },
      cols: { step: -1, offset: s.g.pad[1] },
      // dx's channel `out` is the weights' input channel, dy's `inp` their output channel.
      weightBase: (out, inp) => times(plus(times(inp, s.groupChannels), inGroup(s, out)), s.taps),
      input: "dy",
    };
    if (directServes(s, direct, ctx)) return [directKernel(ctx, "grad_input", direct, GRAD_INPUT_BINDINGS)];
    // One phase covers all of dx in order: its GEMM writes dx itself.
    if (phases.length === 1 && phases[0]!.taps > 0)
      return convGemm(ctx, "grad_input", phaseGemm(s, phases[0]!), GRAD_INPUT_BINDINGS);
    const work = (phase: Phase) => phase.positions * phase.taps;
    const total = phases.reduce((sum, phase) => sum + work(phase), 0);
    return phases.flatMap((phase) => {
      const what = `grad_input_phase${phase.index}`;
      return phase.taps === 0
        ? [storePhaseKernel(ctx, s, phase, `${what}_zero`, undefined)]
        : scatteredPhaseKernels(ctx, s, phase, what, work(phase) / total);
    });
  },
  reference({ inputs, shapes, output, attrs }) {
    const [dy, weight] = inputs as [Float64Array, Float64Array];
    const dx = new Float64Array(product(output));
    forEachTap(convSizes(output, shapes[0]!, attrs), (yi, xi, wi) => (dx[xi] += dy[yi]! * weight[wi]!));
    return dx;
  },
};

/** dW from [dy, x]: C[group] = dy_group (out/g × N·Ho·Wo) · im2col(x)ᵀ (N·Ho·Wo × C/g·kh·kw). */
export const conv2dGradWeight: OpFamily = {
  op: "conv2d_grad_weight",
  infer([dy, x], attrs) {
    const g = convGeometry(attrs);
    return { shape: [dy![1]!, known(x![1]!, "conv's input channels") / g.groups, ...g.kernel] };
  },
  flops: ([dy, x], _y, attrs) => convFlops(convSizes(x!, dy!, attrs)),
  kernels(ctx) {
    const s = convSizes(ctx.inputs[1]!, ctx.inputs[0]!, ctx.node.attrs);
    // Fusion may give it the conv's bias gradient to write (attribute `writesBiasGradient`, the
    // bias gradient's node; see weightGradientSumsBias).
    const bias = ctx.node.attrs.writesBiasGradient;
    const direct: DirectWeightGradient = { ...directShape(s), pad: s.g.pad, biasGradient: typeof bias === "number" };
    if (strideOfOne(s.g) && directWeightGradientServes(direct, ctx.target)) {
      const built = directWeightGradientKernel(direct, ctx.target.subgroupMinSize!);
      return [nodeKernel(ctx, "grad_weight", built, { dy: 0, x: 1 }, typeof bias === "number" ? { db: bias } : {})];
    }
    if (typeof bias === "number") throw new Error(`${ctx.node.name}: only a direct kernel writes the bias gradient`);
    const area = s.outHeight * s.outWidth;
    // The GEMM batch is the group.
    const group = s.groups === 1 ? "0u" : "batch";
    return convGemm(
      ctx,
      "grad_weight",
      {
        batch: s.groups,
        m: s.groupOut,
        n: s.groupChannels * s.taps,
        k: s.batch * area,
        // Along k both run over the output's pixels, next to each other in dy and (at a stride
        // of 1) in x.
        a: {
          kind: "custom",
          contiguous: "col",
          bindings: [READ_F32("dy")],
          wgsl: `fn load_a(batch: u32, row: u32, col: u32) -> f32 {
  return dy[${rowMajor([plus(times(over("col", area), s.out), times(group, s.groupOut), "row"), modulo("col", area)], [area])}];
}`,
        },
        b: {
          kind: "custom",
          contiguous: "row",
          bindings: [READ_F32("x")],
          wgsl: `fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  ${im2colWgsl(s, over("row", area), plus(times(group, s.groupChannels), over("col", s.taps)), modulo("col", s.taps), modulo("row", area))}
}`,
        },
      },
      { dy: 0, x: 1 },
    );
  },
  reference({ inputs, shapes, output, attrs }) {
    const [dy, x] = inputs as [Float64Array, Float64Array];
    const dw = new Float64Array(product(output));
    forEachTap(convSizes(shapes[1]!, shapes[0]!, attrs), (yi, xi, wi) => (dw[wi] += dy[yi]! * x[xi]!));
    return dw;
  },
};
