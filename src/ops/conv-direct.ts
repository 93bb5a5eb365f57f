// Direct convolution, the conv family's kernel for stride-1 convolutions with few output channels
// on adapters with subgroups: the forward, and the input gradient (a stride-1 correlation of dy
// with the flipped kernel). An implicit GEMM of such a conv (LeNet's: 6 channels) multiplies each
// element it loads by only a handful of weights; on lavapipe, where every load whose index is not a
// compile-time constant is a loop over the SIMD lanes, its loads set its speed. Here each thread
// computes four neighbouring outputs of a row in up to 8 channels: per input channel and kernel
// row it loads the input columns all of its taps read once (as a few vec4s where rows are whole
// vec4s), and the weights once per subgroup, which broadcasts them. On LeNet's shapes it ran 2–3×
// faster than the GEMM. In training the forward can also compute the batch statistics of the norm
// after it (statisticsCode).

import type { Target } from "./family.js";
import type { Epilogue, ExtraBinding } from "./gemm.js";
import { declareBindings, grid, offsetBy, STEP_STRUCT, WORKGROUP, type BindingDecl } from "./wgsl.js";

/** Output channels a thread accumulates (four columns each): 8 vec4 accumulators fit in registers. */
const MAX_CHANNELS_PER_THREAD = 8;

/** Input row (column) of output row `o` (column) at kernel tap `t`: o + step·t + offset. */
export interface TapAxis {
  step: 1 | -1;
  offset: number;
}

export interface DirectConv {
  batch: number;
  inChannels: number;
  inHeight: number;
  inWidth: number;
  outChannels: number;
  outHeight: number;
  outWidth: number;
  kernel: [number, number];
  rows: TapAxis;
  cols: TapAxis;
  /** WGSL of the weight index of tap (0, 0) for output channel `out` and input channel `inp`. */
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
  return target.subgroupMinSize !== undefined;
}

/**
 * Whether a direct kernel computes a stride-1 conv (or input gradient) on `target`. With at most
 * 16 output channels it does at any width: a GEMM reuses each of its loads for too few channels
 * (LeNet on lavapipe: 2–3× slower). On a software adapter wider layers take it too where input and
 * output rows are whole vec4s: there the convs and input gradients of ResNet-18, VGG-11 and
 * GoogLeNet ran up to 2× faster than as GEMMs (bench/conv.ts), while rows read element by element
 * were as often slower. On GPUs wide convs stay GEMMs, whose tiles were measured there.
 */
export function directConvServes(d: Pick<DirectConv, "outChannels" | "inWidth" | "outWidth">, target: Target): boolean {
  if (!runsDirectKernels(target)) return false;
  return d.outChannels <= 16 || (target.software === true && d.inWidth % 4 === 0 && d.outWidth % 4 === 0);
}

/** The largest divisor of `channels` a thread can accumulate. */
function channelsPerThread(channels: number): number {
  let g = Math.min(channels, MAX_CHANNELS_PER_THREAD);
  while (channels % g !== 0) g--;
  return g;
}

/**
 * How a thread loads the input columns its four outputs' taps read, from 4q + lowest on, kw + 3 of
 * them: where rows are whole vec4s, as the vec4s `first` on relative to q (each wholly inside the
 * row or outside it), else one by one. `window(tap)` is the four outputs' values at a tap column.
 */
function inputColumns(d: DirectConv): { type: string; loads: string[]; window(tap: number): string } {
  const kw = d.kernel[1];
  const lowest = d.cols.offset + (d.cols.step === 1 ? 0 : -(kw - 1));
  const start = (tap: number) => d.cols.step * tap + d.cols.offset - lowest;
  if (d.inWidth % 4 !== 0) {
    const loads = Array.from({ length: kw + 3 }, (_, j) => [
      `let c${j} = i32(4u * q)${offsetBy(lowest + j)};`,
      `let s${j} = select(0.0, ${d.input}[row + u32(clamp(c${j}, 0, ${d.inWidth - 1}))], row_inside && c${j} >= 0 && c${j} < ${d.inWidth});`,
    ]).flat();
    return {
      type: "array<f32>",
      loads,
      window: (tap) => `vec4f(${[0, 1, 2, 3].map((e) => `s${start(tap) + e}`).join(", ")})`,
    };
  }
  const quads = d.inWidth / 4;
  const first = Math.floor(lowest / 4);
  const count = Math.floor((lowest + kw + 2) / 4) - first + 1;
  const loads = Array.from({ length: count }, (_, j) => [
    `let b${j} = i32(q)${offsetBy(first + j)};`,
    `let v${j} = select(vec4f(0.0), ${d.input}[row / 4u + u32(clamp(b${j}, 0, ${quads - 1}))], row_inside && b${j} >= 0 && b${j} < ${quads});`,
  ]).flat();
  const shift = lowest - 4 * first;
  const at = (local: number) => `v${Math.floor(local / 4)}.${"xyzw"[local % 4]}`;
  return {
    type: "array<vec4f>",
    loads,
    window: (tap) => {
      const local = start(tap) + shift;
      return local % 4 === 0 ? `v${local / 4}` : `vec4f(${[0, 1, 2, 3].map((e) => at(local + e)).join(", ")})`;
    },
  };
}

/**
 * The kernel: bindings `y` (the output), `weight`, the input, the epilogue's, and with statistics
 * `scratch` and `step`, in that order; one thread per 4 columns (fewer at the end of a row) × `channelsPerThread` channels of an
 * output row. Rows of whole vec4s are bound as vec4s.
 */
export function directConvKernel(
  d: DirectConv,
  subgroupSize: number,
): { code: string; workgroups: [number, number, number]; bindings: BindingDecl[] } {
  const [kh, kw] = d.kernel;
  const perThread = channelsPerThread(d.outChannels);
  const groups = d.outChannels / perThread;
  const quads = Math.ceil(d.outWidth / 4);
  const items = d.batch * d.outHeight * quads;
  const { size, perGroup } = workgroupLayout(items);
  const g = grid(groups === 1 ? items : groups * perGroup, size);
  const columns = inputColumns(d);
  // Weights for (output channel of the thread's group, tap column): t = channel · kw + column.
  const weights = perThread * kw;
  const registers = Math.ceil(weights / subgroupSize);

  const lines = [...columns.loads];
  for (let r = 0; r < registers; r++) {
    const channel = groups === 1 ? `t${r} / ${kw}u` : `(group * ${perThread}u + t${r} / ${kw}u)`;
    lines.push(`let t${r} = min(lane + ${r * subgroupSize}u, ${weights - 1}u);`);
    lines.push(`let w${r} = weight[${d.weightBase(channel, "ci")} + kh * ${kw}u + t${r} % ${kw}u];`);
  }
  for (let c = 0; c < perThread; c++) {
    const terms = Array.from({ length: kw }, (_, tap) => {
      const t = c * kw + tap;
      return `subgroupBroadcast(w${Math.floor(t / subgroupSize)}, ${t % subgroupSize}u) * ${columns.window(tap)}`;
    });
    lines.push(`acc${c} += ${terms.join("\n  + ")};`);
  }

  // Each channel's four outputs, then stored: rows of whole vec4s as vec4s, others each element
  // inside the row.
  const vectorOut = d.outWidth % 4 === 0;
  const channelOf = (c: number) => (groups === 1 ? `${c}u` : `group * ${perThread}u + ${c}u`);
  const outputs = Array.from({ length: perThread }, (_, c) => {
    const value = (e: number) => `epilogue(acc${c}.${"xyzw"[e]}, ${channelOf(c)}, pixel${e === 0 ? "" : ` + ${e}u`})`;
    return `let out${c} = ${d.epilogue === undefined ? `acc${c}` : `vec4f(${[0, 1, 2, 3].map(value).join(", ")})`};`;
  });
  const store = Array.from({ length: perThread }, (_, c) => {
    const start = `((n * ${d.outChannels}u + ${channelOf(c)}) * ${d.outHeight}u + oh) * ${d.outWidth}u + 4u * q`;
    if (vectorOut) return [`y[(${start}) / 4u] = out${c};`];
    return [0, 1, 2, 3].map((e) => {
      const element = `y[${start}${e === 0 ? "" : ` + ${e}u`}] = out${c}.${"xyzw"[e]};`;
      return e === 0 ? element : `if (4u * q + ${e}u < ${d.outWidth}u) { ${element} }`;
    });
  }).flat();
  const statistics =
    d.statistics === true ? statisticsCode(d, perThread, channelOf, items, subgroupSize).split("\n") : [];

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
  const code = `enable subgroups;
${d.statistics === true ? `\n${STEP_STRUCT}\n` : ""}
${declareBindings(bindings)}
${d.epilogue === undefined ? "" : `\n${epilogueFunction(d.epilogue)}\n`}
@compute @workgroup_size(${size})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(subgroup_invocation_id) lane: u32) {
${groups === 1 ? `  let item = ${g.index};` : `  let group = ${g.index} / ${perGroup}u;\n  let item = ${g.index} % ${perGroup}u;`}
  // Every lane takes part in the broadcasts: threads past the end compute the last item again
  // and store nothing.
  let i = min(item, ${items - 1}u);
  let q = i % ${quads}u;
  let oh = (i / ${quads}u) % ${d.outHeight}u;
  let n = i / ${quads * d.outHeight}u;
${Array.from({ length: perThread }, (_, c) => `  var acc${c} = vec4f(0.0);`).join("\n")}
  for (var ci = 0u; ci < ${d.inChannels}u; ci++) {
    for (var kh = 0u; kh < ${kh}u; kh++) {
      let ih = i32(oh)${d.rows.step === 1 ? " + " : " - "}i32(kh)${offsetBy(d.rows.offset)};
      let row_inside = ih >= 0 && ih < ${d.inHeight};
      // The first element of input row ih (clamped: a row outside reads nothing).
      let row = ((n * ${d.inChannels}u + ci) * ${d.inHeight}u + u32(clamp(ih, 0, ${d.inHeight - 1}))) * ${d.inWidth}u;
${lines.map((line) => `      ${line.replace(/\n/g, "\n      ")}`).join("\n")}
    }
  }
${d.epilogue === undefined ? "" : `  let pixel = n * ${d.outHeight * d.outWidth}u + oh * ${d.outWidth}u + 4u * q;\n`}${outputs.map((line) => `  ${line}`).join("\n")}
  if (item < ${items}u) {
${store.map((line) => `    ${line}`).join("\n")}
  }
${statistics.map((line) => (line ? `  ${line}` : line)).join("\n")}
}
`;
  return { code, workgroups: g.workgroups, bindings };
}

/**
 * WGSL `epilogue(value, row, col)`: the layer's epilogue (a GEMM's, see ./epilogue.ts) on output
 * channel `row` at pixel `col`; a convolution without groups is the GEMM's one batch.
 */
function epilogueFunction(epilogue: Epilogue): string {
  return `${epilogue.wgsl ? `${epilogue.wgsl.trim()}\n\n` : ""}fn epilogue(value: f32, row: u32, col: u32) -> f32 {
  let batch = 0u;
  return ${epilogue.apply("value", "row", "col")};
}`;
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
 * smallest size of a channel group's workgroups. From the conv's output shape [N, C, H, W].
 */
export function directStatisticsSlots(output: readonly number[], subgroupMinSize: number): number {
  const items = output[0]! * output[2]! * Math.ceil(output[3]! / 4);
  return workgroupLayout(items).perGroup / subgroupMinSize;
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
  perThread: number,
  channelOf: (c: number) => string,
  items: number,
  subgroupMinSize: number,
): string {
  const slots = directStatisticsSlots([d.batch, d.outChannels, d.outHeight, d.outWidth], subgroupMinSize);
  const lines = [
    "// Statistics for the batch norm after this conv (see statisticsCode).",
    `let columns = select(0u, min(4u, ${d.outWidth}u - 4u * q), item < ${items}u && n < min(step.rows, ${d.batch}u));`,
    "let count = f32(columns);",
    "let valid = select(vec4f(0.0), vec4f(1.0), vec4u(0u, 1u, 2u, 3u) < vec4u(columns));",
    "let merged = subgroupAdd(count);",
    `let owns_slot = item % ${subgroupMinSize}u == 0u;`,
    `let slot = item / ${subgroupMinSize}u;`,
  ];
  // The channel's first slot: a product binds tighter than the sum of a grouped channel.
  const groupedChannel = (c: number) => (channelOf(c).includes("+") ? `(${channelOf(c)})` : channelOf(c));
  for (let c = 0; c < perThread; c++) {
    lines.push(
      `let mean${c} = dot(out${c} * valid, vec4f(1.0)) / max(count, 1.0);`,
      `let deviation${c} = (out${c} - mean${c}) * valid;`,
      `let merged_mean${c} = subgroupAdd(count * mean${c}) / max(merged, 1.0);`,
      `let merged_m2_${c} = subgroupAdd(dot(deviation${c}, deviation${c}) + count * (mean${c} - merged_mean${c}) * (mean${c} - merged_mean${c}));`,
      `if (owns_slot) { scratch[${groupedChannel(c)} * ${slots}u + slot] = select(vec4f(0.0), vec4f(merged, merged_mean${c}, merged_m2_${c}, 0.0), lane == 0u); }`,
    );
  }
  return lines.join("\n");
}
