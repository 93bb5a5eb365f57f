// Direct convolution, the conv family's kernel for stride-1 convolutions with few output channels
// on adapters with subgroups: the forward, and the input gradient (a stride-1 correlation of dy
// with the flipped kernel). An implicit GEMM of such a conv (LeNet's: 6 channels) multiplies each
// element it loads by only a handful of weights; on lavapipe, where every load whose index is not a
// compile-time constant is a loop over the SIMD lanes, its loads set its speed. Here each thread
// computes four neighbouring outputs of a row (on a software adapter, of up to 4 rows) in up to 8
// channels: per input channel and kernel row it loads the input columns all of its taps read once
// (as a few vec4s where rows are whole vec4s), and the weights once per subgroup, which broadcasts
// them. On LeNet's shapes it ran 2–3× faster than the GEMM. In training the forward can also
// compute the batch statistics of the norm after it (statisticsCode). On software adapters wide
// convs run direct too, and so do their weight gradients (directWeightGradientKernel).

import type { Target } from "./family.js";
import type { Epilogue, ExtraBinding } from "./gemm.js";
import { COMPONENTS, epilogueCall, epilogueFunctions, featureAt, readsFeatures } from "./gemm/operands.js";
import {
  declareBindings,
  grid,
  indent,
  modulo,
  offsetBy,
  over,
  plus,
  rowMajor,
  STEP_STRUCT,
  times,
  WORKGROUP,
  type BindingDecl,
} from "./wgsl.js";

/** Output channels a thread accumulates (four columns each): 8 vec4 accumulators fit in registers. */
const MAX_CHANNELS_PER_THREAD = 8;

/** Input row (column) of output row `o` (column) at kernel tap `t`: o + step·dilation·t + offset. */
export interface TapAxis {
  step: 1 | -1;
  offset: number;
}

/** A convolution's input and output sizes, as direct kernels see them. */
export interface ConvShape {
  batch: number;
  inChannels: number;
  inHeight: number;
  inWidth: number;
  outChannels: number;
  outHeight: number;
  outWidth: number;
  kernel: [number, number];
  /** Spacing of the kernel's taps along rows and columns. */
  dilation: [number, number];
  /**
   * Channel groups: output channel c (of `outChannels / groups` per group) reads the input
   * channels of its group only, `inChannels / groups` of them.
   */
  groups: number;
}

/** Output channels per group. */
function groupOutputs(d: Pick<ConvShape, "outChannels" | "groups">): number {
  return d.outChannels / d.groups;
}

/** Input channels per group. */
function groupInputs(d: Pick<ConvShape, "inChannels" | "groups">): number {
  return d.inChannels / d.groups;
}

/**
 * WGSL of the first input channel of the group that holds block `block` of `perBlock` output
 * channels (perBlock divides a group's output channels).
 */
function groupFirstInput(d: ConvShape, block: string, perBlock: number): string {
  return times(over(block, groupOutputs(d) / perBlock), groupInputs(d));
}

export interface DirectConv extends ConvShape {
  rows: TapAxis;
  cols: TapAxis;
  /**
   * WGSL of the weight index of tap (0, 0) for output channel `out` and input channel `inp`, both
   * counted over all groups.
   */
  weightBase(out: string, inp: string): string;
  /** The input's binding. */
  input: string;
  epilogue?: Epilogue;
  /**
   * In training, where fusion gave the batch norm after the conv its statistics
   * (`directStatistics`): also write each subgroup's count, mean and sum of squared deviations of
   * each channel's outputs (the valid rows' only) to scratch, for the norm's totals pass.
   */
  statistics?: boolean;
}

/** Whether `target` runs direct kernels: it needs subgroups, to broadcast the weights. */
export function runsDirectKernels(target: Target): target is Target & { subgroupMinSize: number } {
  return target.subgroupMinSize !== undefined && target.directConvs !== false;
}

/**
 * Whether a direct kernel computes a stride-1 conv (or input gradient) on `target`. With at most
 * 16 output channels per group it does at any width: a GEMM reuses each of its loads for too few
 * channels (LeNet on lavapipe: 2–3× slower; on an H100 LeNet trained 1.44× faster with direct
 * convs; a depthwise conv, one channel per group, is a GEMM of one row per image). On a software
 * adapter wider layers take it too where input and output rows are whole vec4s: there the input
 * gradients of ResNet-18, VGG-11 and GoogLeNet ran 1.2–1.75× faster than as GEMMs and their convs
 * 1.0–1.5× (bench/conv.ts), while rows read element by element were as often slower. Not a wide
 * 1×1 conv, whose taps share no loads: GoogLeNet's ran 1.2–1.7× faster as a GEMM. On GPUs wide
 * convs stay GEMMs, whose tiles were measured there.
 */
export function directConvServes(
  d: Pick<DirectConv, "outChannels" | "groups" | "inWidth" | "outWidth" | "kernel" | "rows">,
  target: Target,
): boolean {
  if (!runsDirectKernels(target)) return false;
  if (groupOutputs(d) <= 16) return true;
  // A 1×1 conv's forward (its input gradient, whose rows step back, ran 1.33× faster direct).
  const pointwise = d.rows.step === 1 && d.kernel[0] === 1 && d.kernel[1] === 1;
  return target.software === true && d.inWidth % 4 === 0 && d.outWidth % 4 === 0 && !pointwise;
}

/** The largest divisor of `channels` a thread can accumulate. */
function channelsPerThread(channels: number): number {
  let g = Math.min(channels, MAX_CHANNELS_PER_THREAD);
  while (channels % g !== 0) g--;
  return g;
}

/**
 * The aligned vectors of `width` columns covering the span + 3 input columns from 4q + lowest on
 * (a kernel row's taps span columns, kw of them without dilation): `count` of them from the
 * (4q / width + first)-th of the row, the window's first column `shift` into the first of them.
 */
function vectorSpan(lowest: number, span: number, width = 4): { first: number; count: number; shift: number } {
  const first = Math.floor(lowest / width);
  return { first, count: Math.floor((lowest + span + 2) / width) - first + 1, shift: lowest - width * first };
}

/** The input columns (rows) a kernel row's (column's) taps span: kw, spaced by the dilation. */
function tapSpan(taps: number, dilation: number): number {
  return dilation * (taps - 1) + 1;
}

/**
 * The four columns from `local` (counted from the first vector's first column) of the vectors of
 * `width` columns named `vec(j)`.
 */
function columnsOf(vec: (j: number) => string, local: number, width = 4): string {
  if (width === 4 && local % 4 === 0) return vec(local / 4);
  const element = (e: number) => `${vec(Math.floor((local + e) / width))}.${"xyzw"[(local + e) % width]}`;
  return `vec4f(${[0, 1, 2, 3].map(element).join(", ")})`;
}

/**
 * How a thread loads the input columns its four outputs' taps read, from 4q + lowest on, span + 3
 * of them (see vectorSpan): as the aligned vec4s (rows of whole vec4s) or vec2s (rows of an even
 * width, such as LeNet's 14 and 10) that cover them, each wholly inside the row or outside it; else
 * one by one. On lavapipe, where each load is a loop over the SIMD lanes, LeNet's second conv ran
 * 1.1–1.45× faster reading its 14-wide rows as vec2s. `columns` computes the columns' positions
 * once per thread; `load` reads them from the row starting at `row` into the values `name(j)`, and
 * `window(tap, name)` is the four outputs' values at a tap column from those values.
 */
function inputColumns(d: DirectConv): {
  type: string;
  columns: string[];
  values: number;
  load(row: string, inside: string, name: (j: number) => string): string[];
  window(tap: number, name: (j: number) => string): string;
} {
  const span = tapSpan(d.kernel[1], d.dilation[1]);
  const lowest = d.cols.offset + (d.cols.step === 1 ? 0 : -(span - 1));
  const start = (tap: number) => d.cols.step * d.dilation[1] * tap + d.cols.offset - lowest;
  const width = d.inWidth % 4 === 0 ? 4 : d.inWidth % 2 === 0 ? 2 : 1;
  if (width === 1) {
    return {
      type: "array<f32>",
      columns: Array.from({ length: span + 3 }, (_, j) => `let c${j} = i32(4u * q)${offsetBy(lowest + j)};`),
      values: span + 3,
      load: (row, inside, name) =>
        Array.from(
          { length: span + 3 },
          (_, j) =>
            `${name(j)} = select(0.0, ${d.input}[${row} + u32(clamp(c${j}, 0, ${d.inWidth - 1}))], ${inside} && c${j} >= 0 && c${j} < ${d.inWidth});`,
        ),
      window: (tap, name) => `vec4f(${[0, 1, 2, 3].map((e) => name(start(tap) + e)).join(", ")})`,
    };
  }
  const vectors = d.inWidth / width;
  const type = width === 4 ? "vec4f" : "vec2f";
  // The thread's first output column, 4q, begins vector 4q / width of the row.
  const own = width === 4 ? "i32(q)" : "2 * i32(q)";
  const { first, count, shift } = vectorSpan(lowest, span, width);
  return {
    type: `array<${type}>`,
    columns: Array.from({ length: count }, (_, j) => `let b${j} = ${own}${offsetBy(first + j)};`),
    values: count,
    load: (row, inside, name) =>
      Array.from(
        { length: count },
        (_, j) =>
          `${name(j)} = select(${type}(0.0), ${d.input}[${row} / ${width}u + u32(clamp(b${j}, 0, ${vectors - 1}))], ${inside} && b${j} >= 0 && b${j} < ${vectors});`,
      ),
    window: (tap, name) => columnsOf(name, start(tap) + shift, width),
  };
}

/**
 * Output rows a thread computes on `target`: for convs of at most 16 output channels (per group)
 * on a software adapter, up to 4 neighbouring rows of a divisor of the height, so that each input
 * row a kernel row reads is loaded once for all of them (the rows slide by one per kernel row). On
 * lavapipe (bench/conv.ts, one process) that ran LeNet's and BN-LeNet's convs and input gradients
 * 1.07–2.15× faster, and depthwise 3×3 convs of 32 and 64 channels at batch 128 1.4–1.65×, but
 * the wide convs of ResNet-18, VGG-11 and GoogLeNet 0.36–1.06× as fast (more accumulators than
 * registers, and small planes), so those keep one row, as GPUs do, and so do dilated kernels, whose
 * rows do not slide by one.
 */
function outputRowsPerThread(
  d: Pick<ConvShape, "outChannels" | "groups" | "outHeight" | "dilation">,
  target: Target,
): number {
  if (target.software !== true || groupOutputs(d) > 16 || d.dilation[0] > 1) return 1;
  return [4, 3, 2].find((r) => d.outHeight % r === 0) ?? 1;
}

/**
 * The kernel: bindings `y` (the output), `weight`, the input, the epilogue's, and with statistics
 * `scratch` and `step`, in that order; one thread per 4 columns (fewer at the end of a row) ×
 * `channelsPerThread` channels of `outputRowsPerThread` output rows. Rows of whole vec4s are bound
 * as vec4s.
 */
export function directConvKernel(
  d: DirectConv,
  target: Target & { subgroupMinSize: number },
): { code: string; workgroups: [number, number, number]; bindings: BindingDecl[] } {
  const subgroupSize = target.subgroupMinSize;
  const [kh, kw] = d.kernel;
  // A thread's channels lie in one group of the conv's.
  const perThread = channelsPerThread(groupOutputs(d));
  const blocks = d.outChannels / perThread;
  const quads = Math.ceil(d.outWidth / 4);
  const rows = outputRowsPerThread(d, target);
  const bands = d.outHeight / rows;
  const items = d.batch * bands * quads;
  const { size, perGroup } = workgroupLayout(items);
  const g = grid(blocks === 1 ? items : blocks * perGroup, size);
  const columns = inputColumns(d);
  // Weights for (output channel of the thread's group, tap column): t = channel · kw + column.
  const weights = perThread * kw;
  const registers = Math.ceil(weights / subgroupSize);
  // Output row r of the thread's, channel c: its accumulator and output.
  const suffix = (c: number, r: number) => (rows === 1 ? `${c}` : `${c}_${r}`);
  // Kernel row kh reads input row oh + r ± kh + offset for output row r: one new row per kernel row,
  // the last output row's going down the input (forward), the first's going up (input gradient).
  // The values of the row that output row r reads: the new row's `v`, the others' `r<r>_`, slid
  // along by one after each kernel row.
  const fresh = d.rows.step === 1 ? rows - 1 : 0;
  const value = (r: number) => (j: number) => (r === fresh ? `v${j}` : `r${r}_${j}`);
  const inputRow = (ih: string) =>
    rowMajor(["n", "ci", `u32(clamp(${ih}, 0, ${d.inHeight - 1}))`, "0u"], [d.inChannels, d.inHeight, d.inWidth]);
  const held = Array.from({ length: rows }, (_, r) => r).filter((r) => r !== fresh);
  const preload = held.flatMap((r) => [
    `let ih${r} = i32(oh)${offsetBy(r + d.rows.offset)};`,
    `let row${r} = ${inputRow(`ih${r}`)};`,
    ...columns.load(`row${r}`, `ih${r} >= 0 && ih${r} < ${d.inHeight}`, value(r)).map((l) => `var ${l}`),
  ]);
  const slide = held.flatMap((r) => {
    const next = r + d.rows.step;
    return Array.from({ length: columns.values }, (_, j) => `${value(r)(j)} = ${value(next)(j)};`);
  });
  // Forward: the rows nearest the new one take their values first; input gradient: the farthest.
  if (d.rows.step === -1) slide.reverse();

  const lines = [...columns.load("row", "row_inside", value(fresh)).map((l) => `let ${l}`)];
  for (let r = 0; r < registers; r++) {
    const channel = plus(blocks === 1 ? "0u" : times("group", perThread), over(`t${r}`, kw));
    lines.push(`let t${r} = min(${plus("lane", r * subgroupSize)}, ${weights - 1}u);`);
    lines.push(`let w${r} = weight[${plus(d.weightBase(channel, "ci"), times("kh", kw), modulo(`t${r}`, kw))}];`);
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < perThread; c++) {
      const terms = Array.from({ length: kw }, (_, tap) => {
        const t = c * kw + tap;
        return `subgroupBroadcast(w${Math.floor(t / subgroupSize)}, ${t % subgroupSize}u) * ${columns.window(tap, value(r))}`;
      });
      lines.push(`acc${suffix(c, r)} += ${terms.join("\n  + ")};`);
    }
  }
  lines.push(...slide);

  // Each channel's four outputs, then stored: rows of whole vec4s as vec4s, others each element
  // inside the row.
  const vectorOut = d.outWidth % 4 === 0;
  const channelOf = (c: number) => (blocks === 1 ? `${c}u` : plus(times("group", perThread), c));
  const { epilogue } = d;
  // The epilogue's values for each channel, read once (the conv is the GEMM's one batch).
  const features = readsFeatures(epilogue)
    ? Array.from({ length: perThread }, (_, c) => `let feature_${c} = ${featureAt(channelOf(c), "0u")};`)
    : [];
  const outputs = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: perThread }, (_, c) => {
      const sum = `acc${suffix(c, r)}`;
      const result =
        epilogue === undefined
          ? sum
          : `vec4f(${COMPONENTS.map((e) => epilogueCall(epilogue, `${sum}.${e}`, `feature_${c}`)).join(", ")})`;
      return `let out${suffix(c, r)} = ${result};`;
    }),
  ).flat();
  const store = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: perThread }, (_, c) => {
      const start = rowMajor(["n", channelOf(c), plus("oh", r), "4u * q"], [d.outChannels, d.outHeight, d.outWidth]);
      if (vectorOut) return [`y[(${start}) / 4u] = out${suffix(c, r)};`];
      return [0, 1, 2, 3].map((e) => {
        const element = `y[${start}${e === 0 ? "" : ` + ${e}u`}] = out${suffix(c, r)}.${"xyzw"[e]};`;
        return e === 0 ? element : `if (4u * q + ${e}u < ${d.outWidth}u) { ${element} }`;
      });
    }).flat(),
  ).flat();
  const statistics =
    d.statistics === true ? statisticsCode(d, { perThread, rows, suffix }, channelOf, items, target).split("\n") : [];

  const extra: ExtraBinding[] = d.epilogue?.bindings ?? [];
  const bindings: BindingDecl[] = [
    { name: "y", access: "read_write", type: vectorOut ? "array<vec4f>" : "array<f32>" },
    { name: "weight", access: "read", type: "array<f32>" },
    { name: d.input, access: "read", type: columns.type },
    ...extra,
    ...(d.statistics === true
      ? [
          { name: "scratch", access: "read_write" as const, type: "array<vec4f>" },
          { name: "step", access: "uniform" as const, type: "Step" },
        ]
      : []),
  ];
  // With groups, also the workgroup's index (see inputChannels).
  const parameters = [
    "@builtin(global_invocation_id) gid: vec3u",
    ...(d.groups === 1 ? [] : ["@builtin(workgroup_id) wid: vec3u"]),
    "@builtin(subgroup_invocation_id) lane: u32",
  ];
  const body = (list: string[], spaces: number) =>
    list.map((line) => `${" ".repeat(spaces)}${line.replace(/\n/g, `\n${" ".repeat(spaces)}`)}`).join("\n");
  const code = `enable subgroups;
${d.statistics === true ? `\n${STEP_STRUCT}\n` : ""}
${declareBindings(bindings)}
${d.epilogue === undefined ? "" : `\n${epilogueFunctions(d.epilogue).join("\n\n")}\n`}
@compute @workgroup_size(${size})
fn main(${parameters.length === 2 ? parameters.join(", ") : `\n${parameters.map((p) => `  ${p},\n`).join("")}`}) {
${blocks === 1 ? `  let item = ${g.index};` : `  let group = ${g.index} / ${perGroup}u;\n  let item = ${g.index} % ${perGroup}u;`}
  // Every lane takes part in the broadcasts: threads past the end compute the last item again
  // and store nothing.
  let i = min(item, ${items - 1}u);
  let q = ${modulo("i", quads)};
  let oh = ${times(modulo(over("i", quads), bands), rows)};
  let n = ${over("i", quads * bands)};
${body(columns.columns, 2)}
${Array.from({ length: rows }, (_, r) =>
  Array.from({ length: perThread }, (_, c) => `  var acc${suffix(c, r)} = vec4f(0.0);`),
)
  .flat()
  .join("\n")}
  ${inputChannels(d, perThread, g.workgroups, perGroup / size)} {
${preload.length === 0 ? "" : `${body(preload, 4)}\n`}    for (var kh = 0u; kh < ${kh}u; kh++) {
      let ih = i32(oh)${d.rows.step === 1 ? " + " : " - "}i32(${times("kh", d.dilation[0])})${offsetBy(fresh + d.rows.offset)};
      let row_inside = ih >= 0 && ih < ${d.inHeight};
      // The first element of input row ih (clamped: a row outside reads nothing).
      let row = ${inputRow("ih")};
${body(lines, 6)}
    }
  }
${body([...features, ...outputs], 2)}
  if (item < ${items}u) {
${body(store, 4)}
  }
${statistics.map((line) => (line ? `  ${line}` : line)).join("\n")}
}
`;
  return { code, workgroups: g.workgroups, bindings };
}

/**
 * The loop over the input channels a thread's output channels read: all of them, or with groups
 * those of the group its channels lie in, found from the workgroup's index, which WGSL knows to be
 * uniform (the loop holds subgroup broadcasts): each workgroup computes `perWorkgroup` threads of
 * one block of `perThread` channels.
 */
function inputChannels(
  d: ConvShape,
  perThread: number,
  workgroups: [number, number, number],
  perWorkgroup: number,
): string {
  if (d.groups === 1) return `for (var ci = 0u; ci < ${d.inChannels}u; ci++)`;
  const workgroup = workgroups[1] === 1 ? "wid.x" : `wid.x + wid.y * ${workgroups[0]}u`;
  const block = over(workgroup, perWorkgroup);
  const first = groupFirstInput(d, block, perThread);
  return `let first_input = ${first};\n  for (var ci = first_input; ci < ${plus("first_input", groupInputs(d))}; ci++)`;
}

/**
 * Threads per workgroup, and a channel group's `items` padded to whole workgroups: each workgroup
 * computes one channel group, whose weights its subgroups broadcast. The size that pads least,
 * the largest of those: late layers have few items per group (ResNet-18's 4-wide stage at batch
 * 16: 64), which workgroups of 256 would compute four times over.
 */
function workgroupLayout(items: number): { size: number; perGroup: number } {
  const padded = (size: number) => Math.ceil(items / size) * size;
  const size = [WORKGROUP, WORKGROUP / 2, WORKGROUP / 4].reduce((best, s) => (padded(s) < padded(best) ? s : best));
  return { size, perGroup: padded(size) };
}

/**
 * Partial statistics per channel a direct conv with statistics writes: one per subgroup of the
 * smallest size of a channel group's workgroups.
 */
export function directStatisticsSlots(
  d: Pick<ConvShape, "batch" | "outChannels" | "outHeight" | "outWidth" | "groups" | "dilation">,
  target: Target & { subgroupMinSize: number },
): number {
  const rows = outputRowsPerThread(d, target);
  const items = (d.batch * d.outHeight * Math.ceil(d.outWidth / 4)) / rows;
  return workgroupLayout(items).perGroup / target.subgroupMinSize;
}

/**
 * The statistics a direct conv writes for the batch norm after it (DirectConv.statistics): each
 * thread's count, mean and sum of squared deviations over its valid outputs of each channel,
 * merged across its subgroup (Chan's parallel formula, so a large mean cannot cancel the
 * variance away), and written by the subgroup's first lane to its slot, channel-major. Each lane
 * at a multiple of the smallest subgroup size owns a slot: one that does not begin a subgroup (the
 * subgroups are larger) writes an empty partial. Subgroups are taken to be runs of consecutive
 * invocations, as every implementation lays out one-dimensional workgroups.
 */
function statisticsCode(
  d: DirectConv,
  thread: { perThread: number; rows: number; suffix: (c: number, r: number) => string },
  channelOf: (c: number) => string,
  items: number,
  target: Target & { subgroupMinSize: number },
): string {
  const { perThread, rows, suffix } = thread;
  const size = target.subgroupMinSize;
  const slots = directStatisticsSlots(d, target);
  const lines = [
    "// Statistics for the batch norm after this conv (see statisticsCode).",
    `let columns = select(0u, min(4u, ${d.outWidth}u - 4u * q), item < ${items}u && n < min(step.rows, ${d.batch}u));`,
    `let count = f32(${rows === 1 ? "columns" : `${rows}u * columns`});`,
    "let valid = select(vec4f(0.0), vec4f(1.0), vec4u(0u, 1u, 2u, 3u) < vec4u(columns));",
    "let merged = subgroupAdd(count);",
    `let owns_slot = item % ${size}u == 0u;`,
    `let slot = item / ${size}u;`,
  ];
  // The channel's first slot: a product binds tighter than the sum of a grouped channel.
  const groupedChannel = (c: number) => (channelOf(c).includes("+") ? `(${channelOf(c)})` : channelOf(c));
  const overRows = (term: (r: number) => string) => Array.from({ length: rows }, (_, r) => term(r)).join(" + ");
  for (let c = 0; c < perThread; c++) {
    const deviation = (r: number) => `deviation${suffix(c, r)}`;
    lines.push(
      `let mean${c} = (${overRows((r) => `dot(out${suffix(c, r)} * valid, vec4f(1.0))`)}) / max(count, 1.0);`,
      ...Array.from({ length: rows }, (_, r) => `let ${deviation(r)} = (out${suffix(c, r)} - mean${c}) * valid;`),
      `let merged_mean${c} = subgroupAdd(count * mean${c}) / max(merged, 1.0);`,
      `let merged_m2_${c} = subgroupAdd(${overRows((r) => `dot(${deviation(r)}, ${deviation(r)})`)} + count * (mean${c} - merged_mean${c}) * (mean${c} - merged_mean${c}));`,
      `if (owns_slot) { scratch[${groupedChannel(c)} * ${slots}u + slot] = select(vec4f(0.0), vec4f(merged, merged_mean${c}, merged_m2_${c}, 0.0), lane == 0u); }`,
    );
  }
  return lines.join("\n");
}

/** A stride-1 convolution's weight gradient, dW[co, ci, ky, kx] = Σ dy[n, co, y, x] · x[n, ci, y + ky − pad, x + kx − pad]. */
export interface DirectWeightGradient extends ConvShape {
  pad: [number, number];
  /**
   * Laid out over images only (see weightGradientSumsBias): also write the conv's bias gradient,
   * Σ dy over images and pixels per output channel, to the binding `db`.
   */
  biasGradient?: boolean;
}

/** Taps a weight-gradient thread accumulates for each of its output channels: a 3×3 kernel's. */
const MAX_WEIGHT_GRADIENT_TAPS = 9;

/**
 * How a weight-gradient subgroup shares out its work. Over input channels (`channels` lanes): its
 * lanes differ in the input channel (with groups, of the output channels' group) and share the
 * output channels, whose dy `lanes` of them load and broadcast (two channels per loading lane
 * where the channels allow: on lavapipe 1.1–1.2× faster than one; four were no faster again and
 * double the code to compile). Over kernel rows, where input channels do not fill subgroups
 * (LeNet's second conv: 6) or the kernel is larger than 3×3: the same, but each lane takes one
 * kernel row of one input channel, so that its sums stay as few as a 3×3 kernel's (the last
 * subgroup's spare lanes repeat a real one's work and store nothing). Over images, where a conv has one input channel (LeNet's first), or one per group
 * (a depthwise conv's): its lanes share the input channel and the output channels (of its group)
 * and differ in the image, each loads its own dy, and the lanes' sums are added at the end.
 */
interface WeightGradientLanes {
  over: "channels" | "rows" | "images";
  lanes: number;
  channels: number;
}

/** Taps of the largest kernel the layout over images takes: a 5×5 kernel's (LeNet's). */
const MAX_IMAGE_LANES_TAPS = 25;

/**
 * Sums a thread keeps in the layout over images: three output channels of a 5×5 kernel. On
 * LeNet's and BN-LeNet's first convs (6 output channels; bench/GEMM-NOTES.md) three per thread ran
 * 3.2–5.1× as fast as the GEMM, two 2.5–3.1×, six 1.9–3.1× (one workgroup: one core busy), one 1.9–2.0×.
 */
const MAX_IMAGE_LANES_SUMS = 75;

function weightGradientLanes(d: DirectWeightGradient, subgroupMinSize: number): WeightGradientLanes {
  const lanes = Math.min(MAX_CHANNELS_PER_THREAD, subgroupMinSize);
  const groupOut = groupOutputs(d);
  const channels = groupOut % (2 * lanes) === 0 ? 2 * lanes : lanes;
  const taps = d.kernel[0] * d.kernel[1];
  if (d.inChannels === d.groups) {
    let perThread = Math.max(1, Math.min(groupOut, Math.floor(MAX_IMAGE_LANES_SUMS / taps)));
    while (groupOut % perThread !== 0) perThread--;
    return { over: "images", lanes: subgroupMinSize, channels: perThread };
  }
  if (groupInputs(d) % 8 === 0 && taps <= MAX_WEIGHT_GRADIENT_TAPS) {
    return { over: "channels", lanes, channels };
  }
  return { over: "rows", lanes, channels };
}

/**
 * Whether the direct kernel computes a stride-1 conv's weight gradient on `target`: on software
 * adapters, with kernels of more than one tap. Over input channels (in workgroups of 8 or more, up
 * to 3×3 kernels, whose sums already fill the registers), on lavapipe (bench/conv.ts) it ran the
 * 3×3 weight gradients of ResNet-18, VGG-11 and GoogLeNet 2.1–3.4× faster than the implicit GEMM
 * over rows of whole vec4s and 1.8–2.6× over rows read element by element (2 to 14 wide); a 1×1
 * kernel, whose window reuses no load across taps, 0.81–1.12×. Over kernel rows, LeNet's and
 * BN-LeNet's second convs 2.0× and 2.6×, and 5×5 kernels over 24 and 96 input channels (AlexNet's
 * conv2) 2.4× and 2.2× (3×3 kernels ran 1.2–1.7× faster over input channels than over kernel
 * rows). Over images (one input channel per group, up to 5×5 kernels), LeNet's and BN-LeNet's
 * first convs 2.9–4.6× faster than the GEMM. Grouped convs take the layout over a group's input
 * channels where they come in multiples of 8 (8 groups of 8: 2.3–2.4× faster than the GEMM), else
 * over images with one input channel per group; others keep the GEMM.
 */
export function directWeightGradientServes(d: DirectWeightGradient, target: Target): boolean {
  if (!runsDirectKernels(target) || target.software !== true) return false;
  const taps = d.kernel[0] * d.kernel[1];
  const lanes = weightGradientLanes(d, target.subgroupMinSize);
  const fits = {
    channels: groupOutputs(d) % lanes.lanes === 0,
    rows: d.groups === 1 && d.outChannels % lanes.lanes === 0 && d.kernel[1] <= MAX_WEIGHT_GRADIENT_TAPS,
    images: taps <= MAX_IMAGE_LANES_TAPS,
  }[lanes.over];
  return taps > 1 && fits;
}

/**
 * Whether the direct weight gradient on `target` can also sum the conv's bias gradient: laid out over
 * images, each workgroup already loads all of dy for its output channels, once (one input channel),
 * so the sums cost an add per value loaded, where the bias gradient's own pass reads dy again
 * (LeNet's first conv: its sums pass 3.4 ms of a 75–97 ms step in `netc profile`).
 */
export function weightGradientSumsBias(d: DirectWeightGradient, target: Target): boolean {
  return directWeightGradientServes(d, target) && weightGradientLanes(d, target.subgroupMinSize!).over === "images";
}

/**
 * The input columns a weight-gradient thread's taps read along one input row, 4q + lowest on, as a
 * window sliding four columns per step: where rows are whole vec4s, `count` vec4s from quad q + first
 * (one new per step); else span + 3 elements (four new per step; see vectorSpan). Names are per
 * kernel row `ky`.
 */
interface InputWindow {
  /** The binding's type and the helper that reads it: zeros outside the row or the image. */
  type: string;
  helper: string;
  /** WGSL of row ky's first element (or vec4) from the clamped input row index `ih`. */
  rowStart(ih: string): string;
  variables(ky: number): string[];
  /** Loads before the row's first step: the columns it shares with the previous step's window. */
  prime(ky: number): string[];
  /** Loads of the new columns of step q. */
  advance(ky: number): string[];
  /** Moves the shared columns into place for the next step. */
  slide(ky: number): string[];
  /** The four outputs' input values at tap column kx. */
  at(ky: number, kx: number): string;
}

function inputWindow(d: DirectWeightGradient): InputWindow {
  const span = tapSpan(d.kernel[1], d.dilation[1]);
  // Tap column kx's first column in the window.
  const column = (kx: number) => kx * d.dilation[1];
  const lowest = -d.pad[1];
  const read = (ky: number, column: string) => `input_at(row${ky}, inside${ky}, ${column})`;
  const rowStart = (ih: string) =>
    rowMajor(["n", "ci", ih, "0u"], [d.inChannels, d.inHeight, d.inWidth / (d.inWidth % 4 === 0 ? 4 : 1)]);
  if (d.inWidth % 4 !== 0) {
    const s = (ky: number, j: number) => `s${ky}_${j}`;
    return {
      type: "array<f32>",
      helper: `fn input_at(row: u32, inside: bool, c: i32) -> f32 {
  return select(0.0, x[row + u32(clamp(c, 0, ${d.inWidth - 1}))], inside && c >= 0 && c < ${d.inWidth});
}`,
      rowStart,
      variables: (ky) => Array.from({ length: span + 3 }, (_, j) => `var ${s(ky, j)}: f32;`),
      prime: (ky) => Array.from({ length: span - 1 }, (_, j) => `${s(ky, j)} = ${read(ky, String(lowest + j))};`),
      advance: (ky) =>
        Array.from(
          { length: 4 },
          (_, e) => `${s(ky, span - 1 + e)} = ${read(ky, `4 * i32(q)${offsetBy(lowest + span - 1 + e)}`)};`,
        ),
      slide: (ky) => Array.from({ length: span - 1 }, (_, j) => `${s(ky, j)} = ${s(ky, j + 4)};`),
      at: (ky, kx) => `vec4f(${[0, 1, 2, 3].map((e) => s(ky, column(kx) + e)).join(", ")})`,
    };
  }
  const quads = d.inWidth / 4;
  const { first, count, shift } = vectorSpan(lowest, span);
  const v = (ky: number, j: number) => `v${ky}_${j}`;
  return {
    type: "array<vec4f>",
    helper: `fn input_at(row: u32, inside: bool, b: i32) -> vec4f {
  return select(vec4f(0.0), x[row + u32(clamp(b, 0, ${quads - 1}))], inside && b >= 0 && b < ${quads});
}`,
    rowStart,
    variables: (ky) => Array.from({ length: count }, (_, j) => `var ${v(ky, j)}: vec4f;`),
    prime: (ky) => Array.from({ length: count - 1 }, (_, j) => `${v(ky, j)} = ${read(ky, String(first + j))};`),
    advance: (ky) => [`${v(ky, count - 1)} = ${read(ky, `i32(q)${offsetBy(first + count - 1)}`)};`],
    slide: (ky) => Array.from({ length: count - 1 }, (_, j) => `${v(ky, j)} = ${v(ky, j + 1)};`),
    at: (ky, kx) => columnsOf((j) => v(ky, j), column(kx) + shift),
  };
}

/**
 * The weight gradient of a stride-1 conv as one kernel (bindings `dw`, `dy`, `x`). Each thread sums
 * every tap of one input channel (over kernel rows, one row's taps) for its output channels (see
 * WeightGradientLanes) over the whole batch, or, laid out over images, over its share of the
 * images, which its subgroup then adds up: no partial sums leave the kernel. Walking each row four
 * columns at a time, a thread loads dy's four values of its output channels (laid out over input
 * channels or kernel rows, one or two of them, which its subgroup broadcasts; columns past the row
 * read as 0) and, per kernel row, the new input columns its sliding window needs (see InputWindow).
 * A workgroup covers input channels (or their kernel rows) of one group of output channels, or over
 * images one input channel of one group.
 */
export function directWeightGradientKernel(
  d: DirectWeightGradient,
  subgroupMinSize: number,
): { code: string; workgroups: [number, number, number]; bindings: BindingDecl[] } {
  const [kh, kw] = d.kernel;
  const padH = d.pad[0];
  const layout = weightGradientLanes(d, subgroupMinSize);
  const { lanes, channels } = layout;
  const overImages = layout.over === "images";
  // Over kernel rows a thread's one row of taps is row `ky` of the kernel, a value of the thread's.
  const overRows = layout.over === "rows";
  const threadRows = overRows ? 1 : kh;
  // Input channels of a group (all of them without groups).
  const groupIn = groupInputs(d);
  const threads = overRows ? d.inChannels * kh : groupIn;
  if (d.biasGradient === true && !overImages)
    throw new Error("only a weight gradient over images sums the bias gradient");
  const size = overImages || overRows ? lanes : [64, 32, 16, 8].find((s) => groupIn % s === 0)!;
  const input = inputWindow(d);
  const vectorOut = d.outWidth % 4 === 0;
  const outQuads = Math.ceil(d.outWidth / 4);
  // dy's rows in vec4s where they are whole vec4s, else in elements.
  const dyRow = vectorOut ? outQuads : d.outWidth;
  const channelStride = d.outHeight * dyRow;
  const acc = (c: number, ky: number, kx: number) => `acc${c}_${ky}_${kx}`;
  const taps = (visit: (ky: number, kx: number) => string) =>
    Array.from({ length: threadRows }, (_, ky) => Array.from({ length: kw }, (_, kx) => visit(ky, kx))).flat();
  const rows = Array.from({ length: threadRows }, (_, ky) => [
    overRows
      ? `let ih${ky} = i32(${plus("oy", times("ky", d.dilation[0]))})${offsetBy(-padH)};`
      : `let ih${ky} = i32(oy)${offsetBy(ky * d.dilation[0] - padH)};`,
    `let inside${ky} = ih${ky} >= 0 && ih${ky} < ${d.inHeight};`,
    `let row${ky} = ${input.rowStart(`u32(clamp(ih${ky}, 0, ${d.inHeight - 1}))`)};`,
    ...input.prime(ky),
  ]).flat();
  const dyAt = (row: string) => (vectorOut ? `dy[${row} + q]` : `dy_quad(${row}, q)`);
  const at = (offset: number) => (offset === 0 ? "dy_row" : `dy_row + ${offset}u`);
  // A lane past the batch's last image reads that image and weighs it 0.
  const ragged = overImages && d.batch % lanes !== 0;
  // Laid out over input channels, one or two lanes' loads of dy, broadcast per channel just before
  // the channel's sums; over images, each channel's own load.
  const owned = overImages
    ? []
    : Array.from({ length: channels / lanes }, (_, j) => `let own${j} = ${dyAt(at(j * lanes * channelStride))};`);
  const dyOf = (c: number) =>
    overImages
      ? `let dy${c} = ${dyAt(at(c * channelStride))}${ragged ? " * live" : ""};`
      : `let dy${c} = subgroupBroadcast(own${Math.floor(c / lanes)}, ${c % lanes}u);`;
  const step = [
    ...Array.from({ length: threadRows }, (_, ky) => input.advance(ky)).flat(),
    ...owned,
    ...Array.from({ length: channels }, (_, c) => [
      dyOf(c),
      ...taps((ky, kx) => `${acc(c, ky, kx)} += dot(dy${c}, ${input.at(ky, kx)});`),
      ...(d.biasGradient === true ? [`bias${c} += dot(dy${c}, vec4f(1.0));`] : []),
    ]).flat(),
    // Slide the window four columns right.
    ...Array.from({ length: threadRows }, (_, ky) => input.slide(ky)).flat(),
  ];
  // dw's [output channel, input channel of its group] row; with groups, the thread's input channel
  // within its group is `cl` (over images, the group's one).
  const local = d.groups === 1 ? "ci" : overImages ? "0u" : "cl";
  const target = (c: number, ky: number, kx: number) => {
    const channel = plus(times("group", channels * groupIn), c * groupIn, local);
    return `dw[${plus(times(channel, kh * kw), overRows ? plus(times("ky", kw), kx) : ky * kw + kx)}]`;
  };
  const stores = Array.from({ length: channels }, (_, c) =>
    taps((ky, kx) =>
      overImages
        ? `let sum${c}_${ky}_${kx} = subgroupAdd(${acc(c, ky, kx)});\nif (t == 0u) { ${target(c, ky, kx)} = sum${c}_${ky}_${kx}; }`
        : `${target(c, ky, kx)} = ${acc(c, ky, kx)};`,
    ),
  ).flat();
  // Over kernel rows the last subgroup's spare lanes compute a copy of a real thread's sums.
  const guarded = (lines: string[]) =>
    overRows && threads % size !== 0 ? [`if (thread < ${threads}u) {`, indent(lines.join("\n"), 2), "}"] : lines;
  const biasStores = Array.from(
    { length: d.biasGradient === true ? channels : 0 },
    (_, c) =>
      `let bias_sum${c} = subgroupAdd(bias${c});\nif (t == 0u) { db[group * ${channels}u + ${c}u] = bias_sum${c}; }`,
  );
  const declarations = [
    ...Array.from({ length: channels }, (_, c) => taps((ky, kx) => `var ${acc(c, ky, kx)} = 0.0;`).join(" ")),
    ...(d.biasGradient === true ? [Array.from({ length: channels }, (_, c) => `var bias${c} = 0.0;`).join(" ")] : []),
    ...Array.from({ length: threadRows }, (_, ky) => input.variables(ky).join(" ")),
  ];
  const bindings: BindingDecl[] = [
    { name: "dw", access: "read_write", type: "array<f32>" },
    { name: "dy", access: "read", type: vectorOut ? "array<vec4f>" : "array<f32>" },
    { name: "x", access: "read", type: input.type },
    ...(d.biasGradient === true ? [{ name: "db", access: "read_write" as const, type: "array<f32>" }] : []),
  ];
  const dyQuad = vectorOut
    ? ""
    : `
// dy at columns 4q … 4q + 3 of a row starting at element \`row\`: zeros past the row's end.
fn dy_quad(row: u32, q: u32) -> vec4f {
  let c = 4u * q + vec4u(0u, 1u, 2u, 3u);
  let inside = c < vec4u(${d.outWidth}u);
  let at = row + min(c, vec4u(${d.outWidth - 1}u));
  return select(vec4f(0.0), vec4f(dy[at.x], dy[at.y], dy[at.z], dy[at.w]), inside);
}
`;
  const image = (body: string) => {
    const rowsLoop = `for (var oy = 0u; oy < ${d.outHeight}u; oy++) {
${indent(rows.join("\n"), 2)}
  let dy_row = ${rowMajor(["n", overImages ? times("group", channels) : "dy_channel", "oy", "0u"], [d.outChannels, d.outHeight, dyRow])};
  for (var q = 0u; q < ${outQuads}u; q++) {
${indent(body, 4)}
  }
}`;
    if (!overImages) return `for (var n = 0u; n < ${d.batch}u; n++) {\n${indent(rowsLoop, 2)}\n}`;
    // Every lane runs the same trips, so that the sums at the end are added in uniform control flow.
    const lane = ragged
      ? [`let n = min(first + t, ${d.batch - 1}u);`, `let live = select(0.0, 1.0, first + t < ${d.batch}u);`]
      : ["let n = first + t;"];
    return `for (var first = 0u; first < ${d.batch}u; first += ${lanes}u) {\n${indent([...lane, rowsLoop].join("\n"), 2)}\n}`;
  };
  const dyChannel = [
    `// The output channel whose dy this lane loads for its subgroup (and the one ${lanes} on, with two loads).`,
    `let dy_channel = group * ${channels}u + min(lane, ${lanes - 1}u);`,
  ];
  const placement = overImages
    ? [`let ci = ${d.groups === 1 ? "wid.x" : groupFirstInput(d, "wid.y", channels)};`, "let group = wid.y;"]
    : overRows
      ? [
          `let thread = wid.x * ${size}u + t;`,
          `let ci = min(thread / ${kh}u, ${d.inChannels - 1}u);`,
          `let ky = thread % ${kh}u;`,
          "let group = wid.y;",
          ...dyChannel,
        ]
      : d.groups === 1
        ? [`let ci = wid.x * ${size}u + t;`, "let group = wid.y;", ...dyChannel]
        : [
            `let cl = wid.x * ${size}u + t;`,
            `let ci = ${plus(groupFirstInput(d, "wid.y", channels), "cl")};`,
            "let group = wid.y;",
            ...dyChannel,
          ];
  const code = `enable subgroups;

${declareBindings(bindings)}

// Input column (or vec4 of columns) c of a row starting at \`row\`: zeros outside the row or the image.
${input.helper}
${dyQuad}
@compute @workgroup_size(${size})
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(local_invocation_index) t: u32,
  @builtin(subgroup_invocation_id) lane: u32,
) {
${indent([...placement, ...declarations].join("\n"), 2)}
${indent(image(step.join("\n")), 2)}
${indent([...guarded(stores), ...biasStores].join("\n"), 2)}
}
`;
  const workgroups: [number, number, number] = [
    overImages ? groupIn : Math.ceil(threads / size),
    d.outChannels / channels,
    1,
  ];
  return { code, workgroups, bindings };
}
