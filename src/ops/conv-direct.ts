// Direct convolution, the conv family's kernel for stride-1 convolutions with few output channels
// on adapters with subgroups: the forward, and the input gradient (a stride-1 correlation of dy
// with the flipped kernel). An implicit GEMM of such a conv (LeNet's: 6 channels) multiplies each
// element it loads by only a handful of weights; on lavapipe, where every load whose index is not a
// compile-time constant is a loop over the SIMD lanes, its loads set its speed. Here each thread
// computes four neighbouring outputs of a row in up to 8 channels: per input channel and kernel
// row it loads the input columns all of its taps read as a few vec4s, and the weights once per
// subgroup, which broadcasts them. On LeNet's shapes it ran 2–3× faster than the GEMM.

import type { Epilogue, ExtraBinding } from "./gemm.js";
import { declareBindings, grid, WORKGROUP, type BindingDecl } from "./wgsl.js";

/** Output channels a thread accumulates (four columns each): 8 vec4 accumulators fit in registers. */
const MAX_CHANNELS_PER_THREAD = 8;
/** Most output channels a direct convolution takes; wider layers reuse each load enough as GEMMs. */
export const MAX_DIRECT_CHANNELS = 16;

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
  /** The input's binding (f32 elements, bound as vec4s). */
  input: string;
  epilogue?: Epilogue;
}

/**
 * Whether a direct kernel serves these sizes: rows of whole vec4s in and out, few output channels,
 * and subgroups to broadcast the weights (`subgroupMinSize`, the adapter's smallest subgroup).
 */
export function directConvFits(
  s: Pick<DirectConv, "inWidth" | "outWidth" | "outChannels">,
  subgroupMinSize: number | undefined,
): boolean {
  return (
    subgroupMinSize !== undefined && s.inWidth % 4 === 0 && s.outWidth % 4 === 0 && s.outChannels <= MAX_DIRECT_CHANNELS
  );
}

/** The largest divisor of `channels` a thread can accumulate. */
function channelsPerThread(channels: number): number {
  let g = Math.min(channels, MAX_CHANNELS_PER_THREAD);
  while (channels % g !== 0) g--;
  return g;
}

/**
 * The kernel: bindings `y` (the output, vec4s), `weight`, the input and the epilogue's, in that
 * order; one thread per 4 columns × `channelsPerThread` channels of an output row.
 */
export function directConvKernel(
  d: DirectConv,
  subgroupSize: number,
): { code: string; workgroups: [number, number, number]; bindings: BindingDecl[] } {
  const [kh, kw] = d.kernel;
  const perThread = channelsPerThread(d.outChannels);
  const groups = d.outChannels / perThread;
  const quads = d.outWidth / 4;
  const inQuads = d.inWidth / 4;
  const items = d.batch * groups * d.outHeight * quads;
  const g = grid(items);
  // The input columns the four outputs' taps read: from 4q + lowest on, 3 + kw of them, loaded as
  // the vec4s `first` to `first + loads - 1` relative to q (each wholly inside the row or outside).
  const lowest = d.cols.offset + (d.cols.step === 1 ? 0 : -(kw - 1));
  const first = Math.floor(lowest / 4);
  const loads = Math.floor((lowest + kw + 2) / 4) - first + 1;
  // Weights for (output channel of the thread's group, tap column): t = channel · kw + column.
  const weights = perThread * kw;
  const registers = Math.ceil(weights / subgroupSize);
  // The four outputs' input values at tap column `tap`: a loaded vec4, or one across two.
  const window = (tap: number) => {
    const start = d.cols.step * tap + d.cols.offset - 4 * first;
    if (start % 4 === 0) return `v${start / 4}`;
    const at = (local: number) => `v${Math.floor(local / 4)}.${"xyzw"[local % 4]}`;
    return `vec4f(${[0, 1, 2, 3].map((e) => at(start + e)).join(", ")})`;
  };
  const plus = (n: number) => (n === 0 ? "" : n < 0 ? ` - ${-n}` : ` + ${n}`);

  const lines: string[] = [];
  for (let j = 0; j < loads; j++) {
    lines.push(`let b${j} = i32(q)${plus(first + j)};`);
    lines.push(
      `let v${j} = select(vec4f(0.0), ${d.input}[row + u32(clamp(b${j}, 0, ${inQuads - 1}))], row_inside && b${j} >= 0 && b${j} < ${inQuads});`,
    );
  }
  for (let r = 0; r < registers; r++) {
    lines.push(`let t${r} = min(lane + ${r * subgroupSize}u, ${weights - 1}u);`);
    lines.push(
      `let w${r} = weight[${d.weightBase(groups === 1 ? `t${r} / ${kw}u` : `(group * ${perThread}u + t${r} / ${kw}u)`, "ci")} + kh * ${kw}u + t${r} % ${kw}u];`,
    );
  }
  for (let c = 0; c < perThread; c++) {
    const terms = Array.from({ length: kw }, (_, tap) => {
      const t = c * kw + tap;
      return `subgroupBroadcast(w${Math.floor(t / subgroupSize)}, ${t % subgroupSize}u) * ${window(tap)}`;
    });
    lines.push(`acc${c} += ${terms.join("\n  + ")};`);
  }

  const store = Array.from({ length: perThread }, (_, c) => {
    const channel = groups === 1 ? `${c}u` : `group * ${perThread}u + ${c}u`;
    const pixel = (e: number) => (e === 0 ? "pixel" : `pixel + ${e}u`);
    const value =
      d.epilogue === undefined
        ? `acc${c}`
        : `vec4f(${[0, 1, 2, 3].map((e) => `epilogue(acc${c}.${"xyzw"[e]}, ${channel}, ${pixel(e)})`).join(", ")})`;
    const index = `((n * ${d.outChannels}u + ${channel}) * ${d.outHeight}u + oh) * ${quads}u + q`;
    return `y[${index}] = ${value};`;
  });

  const extra: ExtraBinding[] = d.epilogue?.bindings ?? [];
  const bindings: BindingDecl[] = [
    { name: "y", access: "read_write", type: "array<vec4f>" },
    { name: "weight", access: "read", type: "array<f32>" },
    { name: d.input, access: "read", type: "array<vec4f>" },
    ...extra,
  ];
  const code = `enable subgroups;

${declareBindings(bindings)}
${d.epilogue === undefined ? "" : `\n${epilogueFunction(d.epilogue)}\n`}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(subgroup_invocation_id) lane: u32) {
  // Every lane takes part in the broadcasts: threads past the end compute the last item again
  // and store nothing.
  let i = min(${g.index}, ${items - 1}u);
  let q = i % ${quads}u;
  let oh = (i / ${quads}u) % ${d.outHeight}u;
${groups === 1 ? "" : `  let group = (i / ${quads * d.outHeight}u) % ${groups}u;\n`}  let n = i / ${quads * d.outHeight * groups}u;
${Array.from({ length: perThread }, (_, c) => `  var acc${c} = vec4f(0.0);`).join("\n")}
  for (var ci = 0u; ci < ${d.inChannels}u; ci++) {
    for (var kh = 0u; kh < ${kh}u; kh++) {
      let ih = i32(oh)${d.rows.step === 1 ? " + " : " - "}i32(kh)${plus(d.rows.offset)};
      let row_inside = ih >= 0 && ih < ${d.inHeight};
      let row = ((n * ${d.inChannels}u + ci) * ${d.inHeight}u + u32(clamp(ih, 0, ${d.inHeight - 1}))) * ${inQuads}u;
${lines.map((line) => `      ${line.replace(/\n/g, "\n      ")}`).join("\n")}
    }
  }
  if (${g.index} < ${items}u) {${d.epilogue === undefined ? "" : `\n    let pixel = n * ${d.outHeight * d.outWidth}u + oh * ${d.outWidth}u + 4u * q;`}
${store.map((line) => `    ${line}`).join("\n")}
  }
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
