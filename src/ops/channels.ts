// Kernels that reduce over every axis but the channel axis (1) of [N, C, ...], for batch norm's
// statistics and the per-channel gradient sums. A channel holds batch × height × width elements,
// hundreds of thousands in a large batch, so one workgroup per channel would leave most of a GPU
// idle: the reduction runs in passes through scratch memory instead.
//   sums    — a grid of chunks × channels: each workgroup sums a vec4 of terms over its chunk of
//             one channel's elements.
//   totals  — one thread per channel adds its chunks' sums and computes what the channel needs
//             (an output, or values the third pass reads back from scratch).
//   element — where the op writes every element (normalising, dx): one thread per element.
// Where the planes allow, the sums and element passes take element tensors as vec4s of four
// elements of one channel (ChannelLayout.lanes).
// Within a workgroup the threads' sums are combined in one level (thread 0 adds the 64 of them)
// rather than a barrier per halving: on lavapipe a barrier inside a branch costs seconds of shader
// compilation, and the tree ran no faster.

import { gradientReader, type GradientReader } from "./activations.js";
import {
  kernelName,
  product,
  type BindingRef,
  type Kernel,
  type KernelContext,
  type OpFamily,
  type Target,
} from "./family.js";
import { MIN_THREADS } from "./gemm.js";
import { declareBindings, grid, indent, STEP_STRUCT, WORKGROUP, type Access } from "./wgsl.js";

/** Threads per workgroup of the sums pass. */
const THREADS = 64;
/** Loop iterations each thread of a sums workgroup takes at least (of one element or one vec4). */
const MIN_ITERATIONS = 16;
/**
 * Threads of a sums workgroup that walk one block of its chunk together, side by side. lavapipe
 * runs a workgroup's subgroups (8 lanes) one after another, so threads striding over the whole
 * chunk made each subgroup read a sliver of every cache line span, and the chunk was fetched 8
 * times over: reading a tensor no longer in cache, walking blocks took 2.6× less time. On a GPU
 * 8 neighbouring threads still read whole 32-byte sectors.
 */
const WALKERS = 8;

/** A binding and what it binds: a node input, the output, the Step uniform or the scratch memory. */
export interface Bound {
  ref: BindingRef;
  name: string;
  access: Access | "uniform";
  type: string;
}

export const input = (index: number, name: string, access: Access = "read", type = "array<f32>"): Bound => ({
  ref: { input: index },
  name,
  access,
  type,
});
export const output = (type = "array<f32>"): Bound => ({ ref: "out", name: "y", access: "read_write", type });
const STEP: Bound = { ref: "step", name: "step", access: "uniform", type: "Step" };
const scratch = (access: Access): Bound => ({ ref: "scratch", name: "scratch", access, type: "array<vec4f>" });

/** How a tensor's channels are cut into chunks, and the scratch memory of the passes. */
export interface ChannelLayout {
  shape: readonly number[];
  channels: number;
  /** Elements per channel and image: height × width (1 for [N, C]). */
  area: number;
  /** Elements per channel, every row counted. */
  total: number;
  chunks: number;
  chunkLength: number;
  /**
   * 4 where the passes take element tensors as vec4s of four consecutive elements of one channel
   * (the area is a multiple of 4), else 1. Vector loads and stores measured several times faster
   * than scalar ones on lavapipe, where each scalar load is a loop over the SIMD lanes.
   */
  lanes: 1 | 4;
}

function channelLayout(
  shape: readonly number[],
  target: Target,
  vectorized: boolean,
  givenChunks: number | undefined,
): ChannelLayout {
  const channels = shape[1]!;
  const area = product(shape.slice(2));
  const total = channelCount(shape);
  const wanted = Math.ceil((target.minThreads ?? MIN_THREADS) / THREADS);
  const lanes = vectorized && area % 4 === 0 ? 4 : 1;
  const minChunk = MIN_ITERATIONS * THREADS * lanes;
  const chunks = givenChunks ?? Math.max(1, Math.min(Math.ceil(wanted / channels), Math.ceil(total / minChunk)));
  const chunkLength = Math.ceil(total / chunks / lanes) * lanes;
  return { shape, channels, area, total, chunks, chunkLength, lanes };
}

/** Elements each channel of `shape` holds: the batch times the spatial area. */
export function channelCount(shape: readonly number[]): number {
  return product(shape) / shape[1]!;
}

/** WGSL of the first element of item `item`: itself, or with 4 lanes the first of its vec4. */
function firstElement(p: ChannelPasses, item: string): string {
  return p.layout.lanes === 4 ? `4u * ${item}` : item;
}

/** Bytes of scratch memory the passes use: a vec4 per chunk, then a vec4 of values per channel. */
function scratchBytes(layout: ChannelLayout): number {
  return 16 * layout.channels * (layout.chunks + 1);
}

/**
 * The constants and helpers every pass sees: CHANNELS, AREA, TOTAL, CHUNKS, VALUES (where the
 * per-channel values start in scratch, in vec4s) and `channel_element(c, j)`, the flat index of
 * the j-th element of channel c.
 */
function prelude(layout: ChannelLayout, bindings: readonly Bound[], helpers: string): string {
  const { channels, area } = layout;
  return `${bindings.some((b) => b.type === "Step") ? `${STEP_STRUCT}\n\n` : ""}${declareBindings(bindings)}

const CHANNELS: u32 = ${channels}u;
const AREA: u32 = ${area}u;
const TOTAL: u32 = ${layout.total}u;
const CHUNKS: u32 = ${layout.chunks}u;
const VALUES: u32 = ${channels * layout.chunks}u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * ${channels * area}u + c * AREA + j % AREA;
}
${helpers ? `\n${helpers.trim()}\n` : ""}`;
}

/**
 * `let count`: the elements per channel a reduction covers. With the Step uniform, only the
 * batch's valid rows (a partial last batch leaves stale rows behind them); else every row.
 */
function countLine(layout: ChannelLayout, validRows: boolean): string {
  return validRows ? `let count = min(step.rows, ${layout.shape[0]}u) * AREA;` : "let count = TOTAL;";
}

function kernel(
  name: string,
  code: string,
  workgroups: [number, number, number],
  bindings: Bound[],
  layout: ChannelLayout,
): Kernel {
  return {
    name,
    code,
    workgroups,
    bindings: bindings.map(({ ref, access }) => ({ ref, access })),
    scratchBytes: scratchBytes(layout),
  };
}

export interface ChannelPasses {
  layout: ChannelLayout;
  /** The passes' kernels are named `<base>_sums`, `<base>_totals` and `<base>`. */
  base: string;
  /** Reduce over the valid rows only, binding the Step uniform. */
  validRows: boolean;
}

/**
 * The passes of a node's reduction over `shape`, named after the node and `what`; `vectorized`
 * where the node's passes can take element tensors as vec4s (see ChannelLayout.lanes); `chunks`
 * where another node's kernel writes the first pass's sums (batch norm's statistics from the
 * conv before it).
 */
export function channelPasses(
  ctx: Pick<KernelContext, "node" | "target">,
  shape: readonly number[],
  what: string,
  validRows: boolean,
  vectorized = false,
  chunks?: number,
): ChannelPasses {
  return { layout: channelLayout(shape, ctx.target, vectorized, chunks), base: kernelName(ctx.node, what), validRows };
}

/** The WGSL type of an element tensor in the passes: vec4s with 4 lanes. */
export function elementType(p: ChannelPasses): string {
  return p.layout.lanes === 4 ? "array<vec4f>" : "array<f32>";
}

/**
 * How the passes read a gradient through `reader`: the bindings of dy (input `dy`) and, where an
 * activation's gradient is inlined, its saved tensor, typed for the layout's lanes, and the WGSL of
 * `dy_at` (or with 4 lanes `dy_at4`).
 */
export function gradientInputs(
  p: ChannelPasses,
  reader: GradientReader,
  dy: number,
): { dy: Bound; saved: Bound[]; helpers: string } {
  const vector = p.layout.lanes === 4;
  return {
    dy: input(dy, "dy", "read", vector ? reader.vec4.dyType : "array<f32>"),
    saved:
      reader.saved === undefined ? [] : [input(reader.saved, "act_saved", "read", reader.savedType ?? elementType(p))],
    helpers: vector ? reader.vec4.wgsl : reader.wgsl,
  };
}

/**
 * Pass 1: `body` runs for each element `k` of the workgroup's chunk of channel `c` (with 4 lanes,
 * each vec4 `k` of elements 4k to 4k + 3) and adds a vec4f of terms into `sum`; `setup` runs
 * first, once per workgroup.
 */
export function sumsPass(
  p: ChannelPasses,
  bindings: Bound[],
  o: { setup?: string; body: string; helpers?: string },
): Kernel {
  const bound = [...bindings, scratch("read_write"), ...(p.validRows ? [STEP] : [])];
  if (p.layout.area === 1) return rowSumsPass(p, bound, o);
  const { chunkLength, lanes } = p.layout;
  const block = Math.ceil(chunkLength / (THREADS / WALKERS) / lanes) * lanes;
  const code = `${prelude(p.layout, bound, o.helpers ?? "")}
var<workgroup> partial: array<vec4f, ${THREADS}>;

@compute @workgroup_size(${THREADS})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let chunk = wid.x;
  let c = wid.y;
  ${countLine(p.layout, p.validRows)}
${indent(o.setup ?? "", 2)}
  var sum = vec4f(0.0);
  let block = chunk * ${p.layout.chunkLength}u + (t / ${WALKERS}u) * ${block}u;
  let end = min(min(block + ${block}u, (chunk + 1u) * ${p.layout.chunkLength}u), count);
  for (var j = block + ${firstElement(p, `(t % ${WALKERS}u)`)}; j < end; j += ${WALKERS * p.layout.lanes}u) {
    let k = ${p.layout.lanes === 4 ? "channel_element(c, j) / 4u" : "channel_element(c, j)"};
${indent(o.body, 4)}
  }
  partial[t] = sum;
  workgroupBarrier();
  if (t == 0u) {
    var total = vec4f(0.0);
    for (var i = 0u; i < ${THREADS}u; i++) {
      total += partial[i];
    }
    scratch[c * CHUNKS + chunk] = total;
  }
}
`;
  return kernel(`${p.base}_sums`, code, [p.layout.chunks, p.layout.channels, 1], bound, p.layout);
}

/**
 * Pass 1 over [N, C] (a batch norm after a linear layer): each thread sums one channel over the
 * chunk's rows, its neighbours the next channels, so a workgroup reads whole rows and needs no
 * reduction across its threads. A workgroup per channel, each summing a few of its rows across 64
 * threads, spent its time starting workgroups and at the barrier: BN-LeNet's four such passes (84
 * and 120 channels, batch 256) took 1.2–1.4 ms a step in `netc profile`, now 0.4–0.6 ms.
 */
function rowSumsPass(p: ChannelPasses, bound: Bound[], o: { setup?: string; body: string; helpers?: string }): Kernel {
  const code = `${prelude(p.layout, bound, o.helpers ?? "")}
@compute @workgroup_size(${THREADS})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let chunk = wid.x;
  let c = wid.y * ${THREADS}u + t;
  if (c >= CHANNELS) { return; }
  ${countLine(p.layout, p.validRows)}
${indent(o.setup ?? "", 2)}
  var sum = vec4f(0.0);
  let end = min((chunk + 1u) * ${p.layout.chunkLength}u, count);
  for (var j = chunk * ${p.layout.chunkLength}u; j < end; j++) {
    let k = channel_element(c, j);
${indent(o.body, 4)}
  }
  scratch[c * CHUNKS + chunk] = sum;
}
`;
  const groups = Math.ceil(p.layout.channels / THREADS);
  return kernel(`${p.base}_sums`, code, [p.layout.chunks, groups, 1], bound, p.layout);
}

/**
 * Pass 2: `body` runs once per channel `c` with `sums`, the channel's total of pass 1's terms
 * (where `summed`; else the body reads the chunks itself), and `count`; it writes outputs, or
 * values for pass 3 into `scratch[VALUES + c]`.
 */
export function totalsPass(p: ChannelPasses, bindings: Bound[], body: string, summed = true): Kernel {
  const bound = [...bindings, scratch("read_write"), ...(p.validRows ? [STEP] : [])];
  const sums = `var sums = vec4f(0.0);
for (var chunk = 0u; chunk < CHUNKS; chunk++) {
  sums += scratch[c * CHUNKS + chunk];
}`;
  const code = `${prelude(p.layout, bound, "")}
@compute @workgroup_size(${THREADS})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  ${countLine(p.layout, p.validRows)}
${summed ? `${indent(sums, 2)}\n` : ""}${indent(body, 2)}
}
`;
  // A few operations per channel: the op's arithmetic is the other passes'.
  return {
    ...kernel(`${p.base}_totals`, code, [Math.ceil(p.layout.channels / THREADS), 1, 1], bound, p.layout),
    flopsShare: 0,
  };
}

/**
 * Pass 3: `body` runs for every element `i` of the tensor (with 4 lanes, every vec4 `i` of
 * elements 4i to 4i + 3), with its channel `c` and `v`, the values pass 2 left for the channel;
 * `setup` runs before it, once per thread, with `c` and `v` in scope. On a software adapter each
 * thread takes up to 4 neighbouring items of one channel, so that the channel's values are loaded
 * once for all of them (each load is a loop over the SIMD lanes): BN-LeNet's largest batch norm
 * backward pass took 1.2–1.4× less time.
 * With `bandRows` (4 lanes, [N, C, H, W], H a multiple of it), each thread takes that many rows of
 * one vec4 instead: `i` numbers the bands row-major over the planes, `k` is the vec4 of the band's
 * first row and `ROW` the vec4s a row holds (an average pool fused into the pass, see ./pool.ts).
 */
export function elementPass(
  p: ChannelPasses,
  bindings: Bound[],
  o: { body: string; setup?: string; helpers?: string; bandRows?: number; target: Target },
): Kernel {
  const { bandRows = 1 } = o;
  const bound = [...bindings, scratch("read"), ...(p.validRows ? [STEP] : [])];
  const items = product(p.layout.shape) / p.layout.lanes / bandRows;
  const perPlane = p.layout.area / p.layout.lanes;
  const run = bandRows === 1 && o.target.software === true ? ([4, 2].find((r) => perPlane % r === 0) ?? 1) : 1;
  const g = grid(items / run);
  const row = (p.layout.shape[3] ?? 0) / 4;
  // The thread's first item: `i` itself where it takes one.
  const first = run === 1 ? "i" : "first";
  const place =
    bandRows === 1
      ? `let c = (${firstElement(p, first)} / AREA) % CHANNELS;`
      : `const ROW: u32 = ${row}u;
let k = (i / ROW) * ${bandRows * row}u + i % ROW;
let c = (i / ${perPlane / bandRows}u) % CHANNELS;`;
  const index = run === 1 ? g.index : `${g.index.includes(" ") ? `(${g.index})` : g.index} * ${run}u`;
  const body = run === 1 ? o.body : `for (var i = first; i < first + ${run}u; i++) {\n${indent(o.body, 2)}\n}`;
  const code = `${prelude(p.layout, bound, o.helpers ?? "")}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let ${first} = ${index};
  if (${first} >= ${items}u) { return; }
${indent(place, 2)}
  let v = scratch[VALUES + c];
${o.setup ? `${indent(o.setup, 2)}\n` : ""}${indent(body, 2)}
}
`;
  return kernel(p.base, code, g.workgroups, bound, p.layout);
}

/**
 * Σ dy over every axis but 1: [N, C, ...] → [C] (the gradient of a per-channel bias). Reads dy
 * through an inlined activation gradient where fusion put one (see gradientReader).
 */
export const channelSum: OpFamily = {
  op: "channel_sum",
  infer: ([dy]) => ({ shape: [dy![1]!] }),
  flops: ([dy]) => product(dy!),
  kernels({ node, inputs, target }) {
    const reader = gradientReader(node.attrs, inputs);
    const passes = channelPasses({ node, target }, reader.shape, "channel_sum", false, true);
    const { dy, saved, helpers } = gradientInputs(passes, reader, 0);
    const body = passes.layout.lanes === 4 ? "sum.x += dot(dy_at4(k), vec4f(1.0));" : "sum.x += dy_at(k);";
    return [sumsPass(passes, [dy, ...saved], { body, helpers }), totalsPass(passes, [output()], "y[c] = sums.x;")];
  },
  reference({ inputs, shapes, attrs }) {
    const reader = gradientReader(attrs, shapes);
    const [channels, area] = [reader.shape[1]!, product(reader.shape.slice(2))];
    const y = new Float64Array(channels);
    reader.reference(inputs).forEach((v, i) => (y[Math.floor(i / area) % channels] += v));
    return y;
  },
};
