// Pooling over [N, C, H, W]: max, average (PyTorch's count_include_pad default) and global average,
// with their gradients. The gradients are gathers: each input element visits the output windows
// that cover it, so no two threads write one element and no atomics are needed.

import type { AttrValue, Attrs } from "../ir/graph.js";
import {
  bool,
  expectRank,
  kernelName,
  known,
  pair,
  product,
  ShapeError,
  type BindingRef,
  type Kernel,
  type KernelContext,
  type LayerArg,
  type OpFamily,
  type Target,
} from "./family.js";
import { outputGradient } from "./activations.js";
import { MIN_THREADS } from "./gemm.js";
import {
  indent,
  modulo,
  offsetBy,
  over,
  perElement,
  plus,
  rowMajor,
  scaled,
  times,
  type Access,
  type BindingDecl,
} from "./wgsl.js";

export interface PoolGeometry {
  kernel: [number, number];
  stride: [number, number];
  pad: [number, number];
  ceil: boolean;
}

function poolGeometry(attrs: Attrs): PoolGeometry {
  return { kernel: pair(attrs.kernel), stride: pair(attrs.stride), pad: pair(attrs.pad), ceil: bool(attrs, "ceil") };
}

/** Whether windows follow each other with no gap, overlap or padding: window = stride, no padding. */
function windowsTile(g: PoolGeometry): boolean {
  return [0, 1].every((k) => g.kernel[k] === g.stride[k] && g.pad[k] === 0);
}

/** PyTorch's rule, including its ceil-mode correction: the last window must start inside the input. */
function pooledSize(size: number, kernel: number, stride: number, pad: number, ceil: boolean): number {
  const span = size + 2 * pad - kernel;
  let out = (ceil ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  if (ceil && (out - 1) * stride >= size + pad) out--;
  return out;
}

const windowArgs: LayerArg[] = [
  { name: "kernel", type: "int2", doc: "window size k or (kh, kw)" },
  { name: "stride", type: "int2", default: { sameAs: "kernel" }, doc: "stride (default: the window size)" },
  { name: "pad", type: "int2", default: 0, doc: "implicit padding on each side (at most half the window)" },
  { name: "ceil", type: "bool", default: false, doc: "round the output size up (PyTorch's ceil_mode)" },
];

function windowAttrs(args: ReadonlyMap<string, AttrValue>): Record<string, AttrValue> {
  return {
    kernel: pair(args.get("kernel")),
    stride: pair(args.get("stride")),
    pad: pair(args.get("pad")),
    ceil: args.get("ceil")!,
  };
}

function pooledShape(what: string) {
  return ([x]: readonly (readonly (number | string)[])[], attrs: Attrs) => {
    expectRank(x!, [4], what);
    const g = poolGeometry(attrs);
    for (let i = 0; i < 2; i++) {
      if (g.kernel[i]! < 1 || g.stride[i]! < 1) throw new ShapeError(`${what}'s window and stride must be at least 1`);
      if (g.pad[i]! < 0 || 2 * g.pad[i]! > g.kernel[i]!) {
        throw new ShapeError(
          `${what}'s padding (${g.pad[i]}) must be between 0 and half its window of ${g.kernel[i]} (${Math.floor(g.kernel[i]! / 2)})`,
        );
      }
    }
    const spatial = [2, 3].map((axis, i) => {
      const size = known(x![axis]!, `${what}'s input height and width`);
      if (size + 2 * g.pad[i]! < g.kernel[i]!) {
        throw new ShapeError(`${what}'s window (${g.kernel.join("×")}) is larger than its input (${x![2]}×${x![3]})`);
      }
      return pooledSize(size, g.kernel[i]!, g.stride[i]!, g.pad[i]!, g.ceil);
    });
    return { shape: [x![0]!, x![1]!, spatial[0]!, spatial[1]!] };
  };
}

const windowFlops = (_inputs: readonly number[][], y: readonly number[], attrs: Attrs) =>
  y[0]! * y[1]! * y[2]! * y[3]! * poolGeometry(attrs).kernel[0] * poolGeometry(attrs).kernel[1];

/** Sizes a window kernel bakes in: the input plane and the pooled plane. */
interface Planes {
  height: number;
  width: number;
  pooledHeight: number;
  pooledWidth: number;
}

/** One axis of a pool's windows: the input's size along it and the number of windows. */
interface WindowAxis {
  kernel: number;
  stride: number;
  pad: number;
  size: number;
  pooled: number;
}

function windowAxes(g: PoolGeometry, p: Planes): [WindowAxis, WindowAxis] {
  const axis = (d: 0 | 1, size: number, pooled: number) => ({
    kernel: g.kernel[d],
    stride: g.stride[d],
    pad: g.pad[d],
    size,
    pooled,
  });
  return [axis(0, p.height, p.pooledHeight), axis(1, p.width, p.pooledWidth)];
}

/** The window functions a kernel calls (windowWgsl). */
type WindowFunction = "window" | "padded" | "covering";

/**
 * WGSL for windows over one [H, W] plane, the functions in `uses` for rows and columns:
 * `window_rows(oh)` / `window_cols(ow)` give the clamped [begin, end) of input rows and columns a
 * window reads, `padded_rows(oh)` / `padded_cols(ow)` its span with padding, and
 * `covering_rows(h)` / `covering_cols(w)` the [begin, end) of windows whose span includes an input
 * row or column.
 */
function windowWgsl(g: PoolGeometry, p: Planes, uses: readonly WindowFunction[]): string {
  const axis = (name: string, { stride, pad, kernel, size, pooled }: WindowAxis) => {
    // i32 division by the stride, left out where it is 1.
    const strided = (value: string, offset: number) =>
      stride === 1
        ? `${value}${offsetBy(offset)}`
        : `${offset === 0 ? value : `(${value}${offsetBy(offset)})`} / ${stride}`;
    const functions: Record<WindowFunction, string> = {
      window: `fn window_${name}(o: i32) -> vec2i {
  let start = ${scaled("o", stride)}${offsetBy(-pad)};
  return vec2i(max(start, 0), min(start + ${kernel}, ${size}));
}`,
      padded: `// The padded span of window o, without the overhang past the padding that ceil mode adds.
fn padded_${name}(o: i32) -> i32 {
  let start = ${scaled("o", stride)}${offsetBy(-pad)};
  return min(start + ${kernel}, ${size + pad}) - start;
}`,
      covering: `fn covering_${name}(v: i32) -> vec2i {
  let first = v${offsetBy(pad - kernel + 1)};
  return vec2i(select(0, ${strided("first", stride - 1)}, first > 0), min(${stride === 1 ? `v${offsetBy(pad + 1)}` : `${strided("v", pad)} + 1`}, ${pooled}));
}`,
    };
    return uses.map((use) => functions[use]);
  };
  const [rows, cols] = windowAxes(g, p);
  return [...axis("rows", rows), ...axis("cols", cols)].join("\n\n");
}

/** WGSL that splits flat index `i` of a [planes, rows, cols] tensor into `plane`, `row`, `col`. */
function planeIndex(rows: number, cols: number): string {
  return `let col = i32(${modulo("i", cols)});
let row = i32(${modulo(over("i", cols), rows)});
let plane = ${over("i", rows * cols)};`;
}

function planesOf(input: readonly number[], pooled: readonly number[]): Planes {
  return { height: input[2]!, width: input[3]!, pooledHeight: pooled[2]!, pooledWidth: pooled[3]! };
}

/** Whether tap t lies outside the input in some window along axis `a` (padding, or ceil mode's overhang). */
function tapLeaves(t: number, a: WindowAxis): boolean {
  return t - a.pad < 0 || (a.pooled - 1) * a.stride - a.pad + t >= a.size;
}

/**
 * Taps of the window at `o` along one axis, unrolled: `<name><t>` is the input position of tap t,
 * clamped into the input where it leaves it in some window, and there, where `clipped`,
 * `<name>_in<t>` whether it was in the input unclamped (returned per tap, "" where none). Lavapipe runs a loop whose bounds differ
 * between a subgroup's lanes (windows clipped at the edges) as often as its longest lane needs,
 * masking the rest; unrolled taps at clamped positions have neither the loop nor the divergence.
 */
function axisTaps(name: string, o: string, a: WindowAxis, clipped: boolean): { code: string; inside: string[] } {
  const lines = [`let ${name}_start = ${scaled(o, a.stride)}${offsetBy(-a.pad)};`];
  const inside: string[] = [];
  for (let t = 0; t < a.kernel; t++) {
    const position = `${name}_start${offsetBy(t)}`;
    if (!tapLeaves(t, a)) {
      lines.push(`let ${name}${t} = ${position};`);
      inside.push("");
      continue;
    }
    lines.push(`let ${name}${t} = clamp(${position}, 0, ${a.size - 1});`);
    if (clipped) lines.push(`let ${name}_in${t} = ${name}${t} == ${position};`);
    inside.push(clipped ? `${name}_in${t}` : "");
  }
  return { code: lines.join("\n"), inside };
}

/**
 * WGSL declaring the taps of the window at row `oh`, column `ow` (see axisTaps), then `visit`'s
 * statements for each tap in row-major order, given the tap's index in the plane, its place in
 * that order and, where `clipped`, its condition of lying in the input ("" where it always does).
 */
function windowTaps(
  g: PoolGeometry,
  p: Planes,
  [oh, ow]: [string, string],
  clipped: boolean,
  visit: (tap: { index: string; order: number; inside: string }) => string,
): string {
  const [rowAxis, colAxis] = windowAxes(g, p);
  const rows = axisTaps("h", oh, rowAxis, clipped);
  const cols = axisTaps("w", ow, colAxis, clipped);
  const lines = [rows.code, cols.code];
  rows.inside.forEach((rowInside, a) =>
    cols.inside.forEach((colInside, b) =>
      lines.push(
        visit({
          index: `u32(${scaled(`h${a}`, p.width)} + w${b})`,
          order: a * cols.inside.length + b,
          inside: [rowInside, colInside].filter((c) => c !== "").join(" && "),
        }),
      ),
    ),
  );
  return lines.join("\n");
}

/** The most windows along an axis that cover one input position. */
function coveringCount(a: WindowAxis): number {
  return Math.min(Math.ceil(a.kernel / a.stride), a.pooled);
}

/**
 * WGSL of the windows covering input position (`row`, `col`), unrolled as windowTaps does taps:
 * `oh<j>` / `ow<j>` is the j-th covering window along each axis, clamped to the last window, and
 * `oh_in<j>` / `ow_in<j>` whether it covers the position. Uses covering_rows and covering_cols.
 */
function coveringWindows(g: PoolGeometry, p: Planes): string {
  const [rows, cols] = windowAxes(g, p);
  const axis = (name: string, position: string, a: WindowAxis, helper: string) => [
    `let ${name}_span = ${helper}(${position});`,
    ...Array.from({ length: coveringCount(a) }, (_, j) => [
      `let ${name}${j} = min(${name}_span.x${offsetBy(j)}, ${a.pooled - 1});`,
      `let ${name}_in${j} = ${name}_span.x${offsetBy(j)} < ${name}_span.y;`,
    ]).flat(),
  ];
  return [...axis("oh", "row", rows, "covering_rows"), ...axis("ow", "col", cols, "covering_cols")].join("\n");
}

/**
 * The window's first maximum in row-major order (PyTorch's choice on ties), as an index in its
 * plane. Taps outside the input are clamped to the nearest row or column of the window, which
 * visits its elements again, in the same order: a strict comparison keeps the first.
 */
function argmaxWgsl(g: PoolGeometry, p: Planes): string {
  const taps = windowTaps(g, p, ["oh", "ow"], false, ({ index, order }) =>
    order === 0
      ? `var best = ${index};\nvar top = x[base + best];`
      : `let k${order} = ${index};\nif (x[base + k${order}] > top) { top = x[base + k${order}]; best = k${order}; }`,
  );
  return `fn window_argmax(base: u32, oh: i32, ow: i32) -> u32 {
${indent(taps, 2)}
  return best;
}`;
}

/**
 * `window_divisor(oh, ow)`: the padded window's area with count_pad, else its input elements;
 * after the window functions it calls and those in `uses`.
 */
function divisorWgsl(g: PoolGeometry, p: Planes, countPad: boolean, uses: readonly WindowFunction[] = []): string {
  const body = countPad
    ? "return f32(padded_rows(oh) * padded_cols(ow));"
    : `let rows = window_rows(oh);
  let cols = window_cols(ow);
  return f32((rows.y - rows.x) * (cols.y - cols.x));`;
  return `${windowWgsl(g, p, [countPad ? "padded" : "window", ...uses])}

fn window_divisor(oh: i32, ow: i32) -> f32 {
  ${body}
}`;
}

const F32_IN = (name: string): BindingDecl => ({ name, access: "read", type: "array<f32>" });
const F32_OUT: BindingDecl = { name: "y", access: "read_write", type: "array<f32>" };

/** Helper functions for perElement, set apart from the bindings and the entry point by blank lines. */
function apart(helpers: string): string {
  return helpers ? `\n${helpers}\n` : "";
}

/** A kernel of one thread per item `i` over `bindings`: each a buffer of the plan and its declaration. */
function itemKernel(
  ctx: KernelContext,
  what: string,
  items: number,
  bindings: { ref: BindingRef; decl: BindingDecl }[],
  body: string,
  helpers = "",
): Kernel {
  const { code, workgroups } = perElement(
    items,
    bindings.map((b) => b.decl),
    body,
    apart(helpers),
  );
  return {
    name: kernelName(ctx.node, what),
    code,
    workgroups,
    bindings: bindings.map(({ ref, decl }) => ({ ref, access: decl.access })),
  };
}

/** The node's first inputs, named, then its output `y`, with the arrays' WGSL types. */
function inputsThenOutput(
  inputs: string[],
  inputType = "array<f32>",
  outputType = inputType,
): { ref: BindingRef; decl: BindingDecl }[] {
  return [
    ...inputs.map((name, k) => ({ ref: { input: k }, decl: { ...F32_IN(name), type: inputType } })),
    { ref: "out", decl: { ...F32_OUT, type: outputType } },
  ];
}

/** A one-thread-per-output-element kernel reading the node's first `inputs.length` inputs. */
function windowKernel(ctx: KernelContext, what: string, inputs: string[], body: string, helpers: string): Kernel {
  return itemKernel(ctx, what, product(ctx.output), inputsThenOutput(inputs), body, helpers);
}

/** Clamped [begin, end) of input positions read by window `o` along one axis. */
function windowRange(o: number, kernel: number, stride: number, pad: number, size: number): [number, number] {
  const start = o * stride - pad;
  return [Math.max(start, 0), Math.min(start + kernel, size)];
}

/** One output window of a pooled [N, C, Ho, Wo]: its plane, flat index, position and clamped span. */
interface Window {
  plane: number;
  index: number;
  oh: number;
  ow: number;
  rows: [number, number];
  cols: [number, number];
}

function forEachWindow(
  g: PoolGeometry,
  input: readonly number[],
  pooled: readonly number[],
  visit: (w: Window) => void,
): void {
  const [n, c, height, width] = input as [number, number, number, number];
  const [pooledHeight, pooledWidth] = [pooled[2]!, pooled[3]!];
  for (let plane = 0; plane < n * c; plane++) {
    for (let oh = 0; oh < pooledHeight; oh++) {
      for (let ow = 0; ow < pooledWidth; ow++) {
        visit({
          plane,
          index: (plane * pooledHeight + oh) * pooledWidth + ow,
          oh,
          ow,
          rows: windowRange(oh, g.kernel[0], g.stride[0], g.pad[0], height),
          cols: windowRange(ow, g.kernel[1], g.stride[1], g.pad[1], width),
        });
      }
    }
  }
}

/** Index in the input of each window's first maximum (the reference's argmax). */
function referenceArgmax(
  x: Float64Array,
  g: PoolGeometry,
  input: readonly number[],
  pooled: readonly number[],
): Int32Array {
  const [height, width] = [input[2]!, input[3]!];
  const argmax = new Int32Array(product(pooled));
  forEachWindow(g, input, pooled, ({ plane, index, rows, cols }) => {
    let best = plane * height * width + rows[0] * width + cols[0];
    for (let h = rows[0]; h < rows[1]; h++) {
      for (let w = cols[0]; w < cols[1]; w++) {
        const k = plane * height * width + h * width + w;
        if (x[k]! > x[best]!) best = k;
      }
    }
    argmax[index] = best;
  });
  return argmax;
}

function referenceDivisors(
  g: PoolGeometry,
  countPad: boolean,
  input: readonly number[],
  pooled: readonly number[],
): Float64Array {
  const divisors = new Float64Array(product(pooled));
  const padded = (o: number, d: 0 | 1) => {
    const start = o * g.stride[d] - g.pad[d];
    return Math.min(start + g.kernel[d], input[2 + d]! + g.pad[d]) - start;
  };
  forEachWindow(g, input, pooled, ({ index, oh, ow, rows, cols }) => {
    divisors[index] = countPad ? padded(oh, 0) * padded(ow, 1) : (rows[1] - rows[0]) * (cols[1] - cols[0]);
  });
  return divisors;
}

/** The activation gradient fusion gave a max pool's gradient (attribute `activationGradient`). */
function gradientOfActivation(attrs: Attrs): ReturnType<typeof outputGradient> {
  return typeof attrs.activationGradient === "string" ? outputGradient(attrs.activationGradient) : undefined;
}

/** Rows of windows a tiling max pool's thread takes at most: one vector load each. */
const MAX_TILING_ROWS = 4;

/** A max pool whose windows tile its input in bands of vectors (see tilingMaxpool). */
export interface TilingMaxpool {
  kh: number;
  kw: number;
  /** Elements per vector: 4, or 2 where rows are not whole vec4s. */
  lanes: number;
  /** Vectors per row. */
  row: number;
  /** Threads: one per vector of each band of kh rows. */
  items: number;
}

/**
 * Max pooling whose windows tile its input exactly (window = stride, no padding, no remainder) in
 * rows of whole vec4s, or else of whole vec2s, each holding whole windows (at most MAX_TILING_ROWS
 * rows high; d2l's 2×2 pools over even planes): each thread loads one vector of each row of a band of
 * windows and finds the first maximum of each of its windows in row-major order (PyTorch's choice on
 * ties), with no window loop, no scalar loads and, for the gradient, no argmax pass: each element is
 * in one window only, so the same thread writes every element of the band. On lavapipe (`netc
 * profile`) the first pool of LeNet's ReLU variant took 1.6 ms forward and 1.8 ms backward, against
 * 4.5 and 3.8 + 4.1 ms through the general window kernels.
 */
export function tilingMaxpool(attrs: Attrs, input: readonly number[]): TilingMaxpool | undefined {
  const g = poolGeometry(attrs);
  const [kh, kw] = g.kernel;
  const [height, width] = [input[2]!, input[3]!];
  const exact = windowsTile(g) && height % kh === 0;
  const lanes = [4, 2].find((v) => width % v === 0 && v % kw === 0);
  if (!exact || lanes === undefined || kh > MAX_TILING_ROWS) return undefined;
  return { kh, kw, lanes, row: width / lanes, items: product(input) / lanes / kh };
}

/** WGSL type of `lanes` f32s: f32, vec2f or vec4f. */
function vectorType(lanes: number): string {
  return lanes === 1 ? "f32" : `vec${lanes}f`;
}

/** Component j of a value of `lanes` f32s. */
function component(value: string, lanes: number, j: number): string {
  return lanes === 1 ? value : `${value}.${"xyzw"[j]}`;
}

/**
 * WGSL of a tiling max pool's band at thread `i`: `k`, the vector of its first row, its rows `r0`,
 * `r1`, …, and per window j its first maximum `m<j>` and, with `positions`, that element's
 * row-major position in the window `at<j>`.
 */
function bandMaxima(t: TilingMaxpool, positions: boolean): string {
  const lines = [
    `let k = (i / ${t.row}u) * ${t.kh * t.row}u + i % ${t.row}u;`,
    ...Array.from({ length: t.kh }, (_, r) => `let r${r} = x[k${r === 0 ? "" : ` + ${r * t.row}u`}];`),
  ];
  for (let j = 0; j < t.lanes / t.kw; j++) {
    const element = (at: number) => component(`r${Math.floor(at / t.kw)}`, t.lanes, j * t.kw + (at % t.kw));
    lines.push(`var m${j} = ${element(0)};`, ...(positions ? [`var at${j} = 0u;`] : []));
    for (let at = 1; at < t.kh * t.kw; at++) {
      const position = positions ? ` at${j} = ${at}u;` : "";
      lines.push(`if (${element(at)} > m${j}) { m${j} = ${element(at)};${position} }`);
    }
  }
  return lines.join("\n");
}

/** A kernel of one thread per band vector of a tiling max pool (`bindings` first the node's inputs). */
function bandKernel(
  ctx: KernelContext,
  what: string,
  t: TilingMaxpool,
  bindings: { ref: BindingRef; decl: BindingDecl }[],
  body: { code: string; positions: boolean; helpers?: string },
): Kernel {
  return itemKernel(ctx, what, t.items, bindings, `${bandMaxima(t, body.positions)}\n${body.code}`, body.helpers);
}

export const maxpool2d: OpFamily = {
  op: "maxpool2d",
  layer: { name: "maxpool", tensors: "one", args: windowArgs, doc: "2-D max pooling." },
  attrs: windowAttrs,
  infer: pooledShape("maxpool"),
  flops: windowFlops,
  backward: ({ node, dy, needs, emit }) => [
    needs[0] ? emit("maxpool2d_grad", [dy!, node.inputs[0]!], node.attrs, "grad_input") : undefined,
  ],
  kernels(ctx) {
    const p = planesOf(ctx.inputs[0]!, ctx.output);
    const tiling = tilingMaxpool(ctx.node.attrs, ctx.inputs[0]!);
    if (tiling !== undefined) {
      const windows = tiling.lanes / tiling.kw;
      const maxima = Array.from({ length: windows }, (_, j) => `m${j}`).join(", ");
      return [
        bandKernel(
          ctx,
          "forward",
          tiling,
          [
            { ref: { input: 0 }, decl: { name: "x", access: "read", type: `array<${vectorType(tiling.lanes)}>` } },
            { ref: "out", decl: { name: "y", access: "read_write", type: `array<${vectorType(windows)}>` } },
          ],
          { code: `y[i] = ${windows === 1 ? maxima : `${vectorType(windows)}(${maxima})`};`, positions: false },
        ),
      ];
    }
    return [
      windowKernel(
        ctx,
        "forward",
        ["x"],
        `${planeIndex(p.pooledHeight, p.pooledWidth)}
let base = ${times("plane", p.height * p.width)};
y[i] = x[base + window_argmax(base, row, col)];`,
        argmaxWgsl(poolGeometry(ctx.node.attrs), p),
      ),
    ];
  },
  reference({ inputs, shapes, output, attrs }) {
    const argmax = referenceArgmax(inputs[0]!, poolGeometry(attrs), shapes[0]!, output);
    return Float64Array.from(argmax, (k) => inputs[0]![k]!);
  },
};

/** Most rows and columns of input one thread of the max pooling gather writes. */
const GATHER_BLOCK = 8;

/**
 * The block of input elements each gather thread writes: GATHER_BLOCK × GATHER_BLOCK, halved
 * where that leaves fewer threads than the target wants, and no larger than the plane.
 */
function gatherBlock(p: Planes, planes: number, target: Target): [number, number] {
  const minThreads = target.minThreads ?? MIN_THREADS;
  let rows = Math.min(GATHER_BLOCK, p.height);
  let cols = Math.min(GATHER_BLOCK, p.width);
  const threads = () => planes * Math.ceil(p.height / rows) * Math.ceil(p.width / cols);
  while (threads() < minThreads && rows * cols > 1) {
    if (rows >= cols) rows = Math.ceil(rows / 2);
    else cols = Math.ceil(cols / 2);
  }
  return [rows, cols];
}

/**
 * dx of max pooling from [dy, x]: each window's gradient goes to its first maximum. One kernel
 * stores each window's argmax in scratch memory; a second gathers, each thread writing a block of
 * input elements from the windows over the block whose argmax falls in it. Recomputing the argmax
 * of every covering window per input element read x up to 36 times per element (3×3, stride 2),
 * ten times the forward's work; and a block reads each window's argmax about once where a thread
 * per element reads it about twice, and pays lavapipe's cost per thread once for many elements.
 * An element adds its windows' gradients in row-major window order whatever the block.
 */
export const maxpool2dGrad: OpFamily = {
  op: "maxpool2d_grad",
  infer: ([, x]) => ({ shape: x! }),
  flops: ([dy], _dx, attrs) => windowFlops([], dy!, attrs),
  kernels(ctx) {
    const tiling = tilingMaxpool(ctx.node.attrs, ctx.output);
    if (tiling !== undefined) {
      const { kh, kw, lanes } = tiling;
      const windows = lanes / kw;
      // Where fusion gave it the gradient of the activation before the pool (attribute
      // `activationGradient`), the kernel writes that, from the pool's input (the activation's output).
      const activation = gradientOfActivation(ctx.node.attrs);
      // Element e of row r is at position r·kw + e % kw of window e / kw.
      const rows = Array.from({ length: kh }, (_, r) => {
        const element = (e: number) => {
          const j = Math.floor(e / kw);
          const g = component("g", windows, j);
          const value = activation === undefined ? g : `act_grad(${g}, ${component(`r${r}`, lanes, e)})`;
          return `select(0.0, ${value}, at${j} == ${r * kw + (e % kw)}u)`;
        };
        const elements = Array.from({ length: lanes }, (_, e) => element(e)).join(", ");
        return `y[k${r === 0 ? "" : ` + ${r * tiling.row}u`}] = ${vectorType(lanes)}(${elements});`;
      });
      const vectors = `array<${vectorType(lanes)}>`;
      return [
        bandKernel(
          ctx,
          "grad",
          tiling,
          [
            { ref: { input: 0 }, decl: { name: "dy", access: "read", type: `array<${vectorType(windows)}>` } },
            { ref: { input: 1 }, decl: { name: "x", access: "read", type: vectors } },
            { ref: "out", decl: { name: "y", access: "read_write", type: vectors } },
          ],
          { code: `let g = dy[i];\n${rows.join("\n")}`, positions: true, helpers: activation?.wgsl ?? "" },
        ),
      ];
    }
    const p = planesOf(ctx.output, ctx.inputs[0]!);
    const planes = ctx.output[0]! * ctx.output[1]!;
    const windows = product(ctx.inputs[0]!);
    const g = poolGeometry(ctx.node.attrs);
    const helpers = windowWgsl(g, p, ["covering"]);
    const argmax = (access: Access): BindingDecl => ({ name: "argmax", access, type: "array<u32>" });
    const argmaxPass = perElement(
      windows,
      [F32_IN("x"), argmax("read_write")],
      `${planeIndex(p.pooledHeight, p.pooledWidth)}
argmax[i] = window_argmax(${times("plane", p.height * p.width)}, row, col);`,
      apart(argmaxWgsl(g, p)),
    );
    const [blockRows, blockCols] = gatherBlock(p, planes, ctx.target);
    const [rowBlocks, colBlocks] = [Math.ceil(p.height / blockRows), Math.ceil(p.width / blockCols)];
    // The windows over the block are those covering its first row or column to its last; an
    // argmax outside the block (u32 differences wrap) belongs to another thread.
    const gatherPass = perElement(
      planes * rowBlocks * colBlocks,
      [F32_IN("dy"), argmax("read"), F32_OUT],
      `${planeIndex(rowBlocks, colBlocks)}
let top = ${scaled("row", blockRows)};
let left = ${scaled("col", blockCols)};
let bottom = min(top + ${blockRows}, ${p.height});
let right = min(left + ${blockCols}, ${p.width});
let rows = vec2i(covering_rows(top).x, covering_rows(bottom - 1).y);
let cols = vec2i(covering_cols(left).x, covering_cols(right - 1).y);
let pooled = ${times("plane", p.pooledHeight * p.pooledWidth)};
var sums: array<f32, ${blockRows * blockCols}>;
for (var oh = rows.x; oh < rows.y; oh++) {
  for (var ow = cols.x; ow < cols.y; ow++) {
    let o = pooled + u32(oh * ${p.pooledWidth} + ow);
    let k = argmax[o];
    let r = k / ${p.width}u - u32(top);
    let c = k % ${p.width}u - u32(left);
    if (r < ${blockRows}u && c < ${blockCols}u) {
      sums[${rowMajor(["r", "c"], [blockCols])}] += dy[o];
    }
  }
}
let base = ${times("plane", p.height * p.width)};
for (var h = top; h < bottom; h++) {
  for (var w = left; w < right; w++) {
    y[base + u32(h * ${p.width} + w)] = sums[(h - top) * ${blockCols} + w - left];
  }
}`,
      apart(helpers),
    );
    const scratchBytes = 4 * windows;
    return [
      {
        name: kernelName(ctx.node, "grad_argmax"),
        ...argmaxPass,
        bindings: [
          { ref: { input: 1 }, access: "read" },
          { ref: "scratch", access: "read_write" },
        ],
        // The window comparisons the FLOP count is made of all happen here.
        flopsShare: 1,
        scratchBytes,
      },
      {
        name: kernelName(ctx.node, "grad"),
        ...gatherPass,
        bindings: [
          { ref: { input: 0 }, access: "read" },
          { ref: "scratch", access: "read" },
          { ref: "out", access: "read_write" },
        ],
        flopsShare: 0,
        scratchBytes,
      },
    ];
  },
  reference({ inputs, shapes, attrs }) {
    const [dy, x] = inputs as [Float64Array, Float64Array];
    const argmax = referenceArgmax(x, poolGeometry(attrs), shapes[1]!, shapes[0]!);
    const dx = new Float64Array(x.length);
    argmax.forEach((k, o) => (dx[k] += dy[o]!));
    const activation = gradientOfActivation(attrs);
    return activation === undefined ? dx : dx.map((g, k) => activation.grad(g, x[k]!));
  },
};

export const avgpool2d: OpFamily = {
  op: "avgpool2d",
  layer: {
    name: "avgpool",
    tensors: "one",
    args: [
      ...windowArgs,
      {
        name: "count_pad",
        type: "bool",
        default: true,
        doc: "count padding in the divisor (PyTorch's count_include_pad)",
      },
    ],
    doc: "2-D average pooling.",
  },
  attrs: (args) => ({ ...windowAttrs(args), countPad: args.get("count_pad")! }),
  infer: pooledShape("avgpool"),
  flops: windowFlops,
  backward: ({ node, dy, needs, emit, shape }) => [
    needs[0]
      ? emit("avgpool2d_grad", [dy!], { ...node.attrs, shape: shape(node.inputs[0]!) as number[] }, "grad_input")
      : undefined,
  ],
  kernels(ctx) {
    const p = planesOf(ctx.inputs[0]!, ctx.output);
    // Windows that tile rows of whole vec4s: each thread sums kh rows of one vec4, the windows of
    // 4 / kw outputs (vec4 loads, several times faster on lavapipe).
    const windows = windowsOfVec4Rows(ctx.node.attrs, ctx.inputs[0]!);
    if (windows !== undefined) {
      const [kh, kw] = windows;
      const row = p.width / 4;
      const pooled = pooledRowsValue(windows, "window");
      return [
        itemKernel(
          ctx,
          "forward",
          product(ctx.output) / (4 / kw),
          inputsThenOutput(["x"], "array<vec4f>", pooled.type),
          `// The ${kh} rows of one vec4 under this item's windows.
let k = (i / ${row}u) * ${kh * row}u + i % ${row}u;
var window = vec4f(0.0);
for (var r = 0u; r < ${kh}u; r++) {
  window += x[k + r * ${row}u];
}
y[i] = ${pooled.value};`,
        ),
      ];
    }
    return [
      windowKernel(
        ctx,
        "forward",
        ["x"],
        `${planeIndex(p.pooledHeight, p.pooledWidth)}
let base = ${times("plane", p.height * p.width)};
var sum = 0.0;
${windowTaps(poolGeometry(ctx.node.attrs), p, ["row", "col"], true, ({ index, inside }) =>
  inside === "" ? `sum += x[base + ${index}];` : `sum += select(0.0, x[base + ${index}], ${inside});`,
)}
y[i] = sum / window_divisor(row, col);`,
        divisorWgsl(poolGeometry(ctx.node.attrs), p, bool(ctx.node.attrs, "countPad")),
      ),
    ];
  },
  reference({ inputs, shapes, output, attrs }) {
    const x = inputs[0]!;
    const [height, width] = [shapes[0]![2]!, shapes[0]![3]!];
    const divisors = referenceDivisors(poolGeometry(attrs), bool(attrs, "countPad"), shapes[0]!, output);
    const y = new Float64Array(divisors.length);
    forEachWindow(poolGeometry(attrs), shapes[0]!, output, ({ plane, index, rows, cols }) => {
      for (let h = rows[0]; h < rows[1]; h++) {
        for (let w = cols[0]; w < cols[1]; w++) y[index] += x[(plane * height + h) * width + w]!;
      }
      y[index] /= divisors[index]!;
    });
    return y;
  },
};

/** dx of average pooling from dy; attribute `shape` is the input's. */
export const avgpool2dGrad: OpFamily = {
  op: "avgpool2d_grad",
  infer: (_inputs, attrs) => ({ shape: attrs.shape as number[] }),
  flops: (inputs, _y, attrs) => windowFlops([], inputs[0]!, attrs),
  kernels(ctx) {
    const p = planesOf(ctx.output, ctx.inputs[0]!);
    // Windows that tile the input: each element's gradient is its window's, four elements at a
    // time (vec4 stores, several times faster on lavapipe).
    const tiling = tilingAvgpoolGradient(ctx.node.attrs);
    if (tiling !== undefined && product(ctx.output) % 4 === 0) {
      const pooled = pooledGradient(tiling, ctx.inputs[0]!);
      return [
        itemKernel(
          ctx,
          "grad",
          product(ctx.output) / 4,
          inputsThenOutput(["dy"], pooled.dyType4, "array<vec4f>"),
          "y[i] = pooled_dy4(i);",
          pooled.wgsl4,
        ),
      ];
    }
    const g = poolGeometry(ctx.node.attrs);
    const covering = windowAxes(g, p).map(coveringCount);
    return [
      windowKernel(
        ctx,
        "grad",
        ["dy"],
        `${planeIndex(p.height, p.width)}
${coveringWindows(g, p)}
let pooled = ${times("plane", p.pooledHeight * p.pooledWidth)};
var sum = 0.0;
${Array.from({ length: covering[0] * covering[1] }, (_, k) => {
  const [a, b] = [Math.floor(k / covering[1]), k % covering[1]];
  return `sum += select(0.0, dy[pooled + u32(oh${a} * ${p.pooledWidth} + ow${b})] / window_divisor(oh${a}, ow${b}), oh_in${a} && ow_in${b});`;
}).join("\n")}
y[i] = sum;`,
        divisorWgsl(g, p, bool(ctx.node.attrs, "countPad"), ["covering"]),
      ),
    ];
  },
  reference({ inputs, shapes, output, attrs }) {
    const dy = inputs[0]!;
    const [height, width] = [output[2]!, output[3]!];
    const divisors = referenceDivisors(poolGeometry(attrs), bool(attrs, "countPad"), output, shapes[0]!);
    const dx = new Float64Array(product(output));
    forEachWindow(poolGeometry(attrs), output, shapes[0]!, ({ plane, index, rows, cols }) => {
      for (let h = rows[0]; h < rows[1]; h++) {
        for (let w = cols[0]; w < cols[1]; w++) dx[(plane * height + h) * width + w] += dy[index]! / divisors[index]!;
      }
    });
    return dx;
  },
};

/**
 * Where average pooling's windows tile its input (window = stride, no padding, no partial windows),
 * each input element's gradient is its one window's gradient over the window's size: a gather so
 * cheap that a gradient reader computes it as it loads dy (src/5-fuse) and the expanded gradient is
 * never stored. Returns the reader's `gradPool` attribute, [kh, kw, height, width] of the pool's
 * input, for an `avgpool2d_grad` node; undefined where windows overlap, pad or leave a remainder.
 */
export function tilingAvgpoolGradient(attrs: Attrs): number[] | undefined {
  const g = poolGeometry(attrs);
  const [height, width] = (attrs.shape as number[]).slice(2) as [number, number];
  const tiles = windowsTile(g);
  const whole = !g.ceil || (height % g.kernel[0] === 0 && width % g.kernel[1] === 0);
  return tiles && whole ? [...g.kernel, height, width] : undefined;
}

/**
 * Where an average pool can be computed by the kernel that writes its input, as it writes it
 * (src/5-fuse): the windows tile the input exactly (window = stride, no padding, no remainder) and
 * each vec4 of four elements of a row holds whole windows (kw of 1, 2 or 4). Returns [kh, kw].
 */
export function windowsOfVec4Rows(attrs: Attrs, input: readonly number[]): [number, number] | undefined {
  const g = poolGeometry(attrs);
  const [height, width] = [input[2]!, input[3]!];
  const [kh, kw] = g.kernel;
  const exact = windowsTile(g);
  const whole = height % kh === 0 && width % 4 === 0 && 4 % kw === 0;
  return exact && whole ? [kh, kw] : undefined;
}

/**
 * How a kernel writing kh rows of one vec4 each (see windowsOfVec4Rows) stores the 4 / kw pooled
 * values of their windows from `window`, the rows' sum: the pooled tensor's WGSL type (a vector of
 * those values per item) and the value of its item.
 */
export function pooledRowsValue([kh, kw]: readonly [number, number], window: string): { type: string; value: string } {
  const divisor = `${kh * kw}.0`;
  if (kw === 1) return { type: "array<vec4f>", value: `${window} / ${divisor}` };
  if (kw === 2) return { type: "array<vec2f>", value: `(${window}.xz + ${window}.yw) / ${divisor}` };
  return { type: "array<f32>", value: `dot(${window}, vec4f(1.0)) / ${divisor}` };
}

/**
 * The gradient a reader with `gradPool` loads: WGSL `pooled_dy(k)` over binding `dy`, for
 * elements 4k to 4k + 3 `pooled_dy4(k)` (`wgsl4`, with `dy` bound as `dyType4`), and float64.
 */
export function pooledGradient(
  gradPool: readonly number[],
  pooled: readonly number[],
): { shape: number[]; wgsl: string; wgsl4: string; dyType4: string; reference(dy: Float64Array): Float64Array } {
  const [kh, kw, height, width] = gradPool as [number, number, number, number];
  const [pooledHeight, pooledWidth] = [pooled[2]!, pooled[3]!];
  const shape = [pooled[0]!, pooled[1]!, height, width];
  // Rows and columns past the last window (floor mode) get no gradient.
  const source = (h: number, w: number) =>
    h >= pooledHeight * kh || w >= pooledWidth * kw ? undefined : Math.floor(h / kh) * pooledWidth + Math.floor(w / kw);
  const wgsl = `fn pooled_dy(k: u32) -> f32 {
  let h = (k / ${width}u) % ${height}u;
  let w = k % ${width}u;
  if (h >= ${pooledHeight * kh}u || w >= ${pooledWidth * kw}u) { return 0.0; }
  let plane = k / ${height * width}u;
  return dy[${plus(times("plane", pooledHeight * pooledWidth), times(over("h", kh), pooledWidth), over("w", kw))}] / ${kh * kw}.0;
}`;
  // Four elements in one row (rows of a multiple of 4, so no column is past the last window where
  // windows are 2 or 4 wide) share their row's arithmetic, and with windows 2 wide one vec2 of the
  // pooled gradient (pooled rows are then even: aligned), with windows 4 wide one value.
  const lastRows = height > pooledHeight * kh ? `\n  if (h >= ${pooledHeight * kh}u) { return vec4f(0.0); }` : "";
  const rowStart = `let h = (4u * k / ${width}u) % ${height}u;${lastRows}
  let w = 4u * k % ${width}u;
  let row = 4u * k / ${height * width}u * ${pooledHeight * pooledWidth}u + (h / ${kh}u) * ${pooledWidth}u;`;
  const [wgsl4, dyType4] =
    width % 4 !== 0
      ? [
          `${wgsl}

fn pooled_dy4(k: u32) -> vec4f {
  return vec4f(pooled_dy(4u * k), pooled_dy(4u * k + 1u), pooled_dy(4u * k + 2u), pooled_dy(4u * k + 3u));
}`,
          "array<f32>",
        ]
      : kw === 2
        ? [
            `fn pooled_dy4(k: u32) -> vec4f {
  ${rowStart}
  let pair = dy[(row + w / 2u) / 2u];
  return vec4f(pair.x, pair.x, pair.y, pair.y) / ${kh * kw}.0;
}`,
            "array<vec2f>",
          ]
        : kw === 4
          ? [
              `fn pooled_dy4(k: u32) -> vec4f {
  ${rowStart}
  return vec4f(dy[row + w / 4u] / ${kh * kw}.0);
}`,
              "array<f32>",
            ]
          : [
              `fn pooled_dy4(k: u32) -> vec4f {
  ${rowStart}
  return vec4f(pooled_dy_at(row, w), pooled_dy_at(row, w + 1u), pooled_dy_at(row, w + 2u), pooled_dy_at(row, w + 3u)) / ${kh * kw}.0;
}

fn pooled_dy_at(row: u32, w: u32) -> f32 {
  return select(0.0, dy[row + min(w, ${pooledWidth * kw - 1}u) / ${kw}u], w < ${pooledWidth * kw}u);
}`,
              "array<f32>",
            ];
  return {
    shape,
    wgsl,
    wgsl4,
    dyType4,
    reference(dy) {
      return Float64Array.from({ length: product(shape) }, (_, k) => {
        const plane = Math.floor(k / (height * width));
        const at = source(Math.floor(k / width) % height, k % width);
        return at === undefined ? 0 : dy[plane * pooledHeight * pooledWidth + at]! / (kh * kw);
      });
    },
  };
}

export const globalAvgpool: OpFamily = {
  op: "global_avgpool",
  layer: {
    name: "global_avgpool",
    tensors: "one",
    args: [],
    doc: "Average over height and width: [N, C, H, W] to [N, C, 1, 1].",
  },
  infer([x]) {
    expectRank(x!, [4], "global_avgpool");
    return { shape: [x![0]!, x![1]!, 1, 1] };
  },
  flops: ([x]) => x![0]! * x![1]! * x![2]! * x![3]!,
  backward: ({ node, dy, needs, emit, shape }) => [
    needs[0]
      ? emit("global_avgpool_grad", [dy!], { shape: shape(node.inputs[0]!) as number[] }, "grad_input")
      : undefined,
  ],
  kernels(ctx) {
    const area = ctx.inputs[0]![2]! * ctx.inputs[0]![3]!;
    return [
      windowKernel(
        ctx,
        "forward",
        ["x"],
        `var sum = 0.0;
for (var k = 0u; k < ${area}u; k++) {
  sum += x[${rowMajor(["i", "k"], [area])}];
}
y[i] = sum / ${area}.0;`,
        "",
      ),
    ];
  },
  reference({ inputs, shapes }) {
    const area = shapes[0]![2]! * shapes[0]![3]!;
    const y = new Float64Array(inputs[0]!.length / area);
    inputs[0]!.forEach((v, k) => (y[Math.floor(k / area)] += v / area));
    return y;
  },
};

/** dx of global average pooling: dy spread evenly over each plane; attribute `shape` is the input's. */
export const globalAvgpoolGrad: OpFamily = {
  op: "global_avgpool_grad",
  infer: (_inputs, attrs) => ({ shape: attrs.shape as number[] }),
  flops: (_inputs, y) => product(y),
  kernels(ctx) {
    const area = ctx.output[2]! * ctx.output[3]!;
    return [windowKernel(ctx, "grad", ["dy"], `y[i] = dy[${over("i", area)}] / ${area}.0;`, "")];
  },
  reference({ inputs, output }) {
    const area = output[2]! * output[3]!;
    return Float64Array.from({ length: product(output) }, (_, k) => inputs[0]![Math.floor(k / area)]! / area);
  },
};
