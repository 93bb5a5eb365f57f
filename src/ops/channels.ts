// Kernels that reduce over every axis but the channel axis (1) of [N, C, ...]: one workgroup per
// channel, each of its threads summing a strided share of the channel's elements, then the
// threads' partial sums combined through workgroup memory. Batch norm's statistics and the
// per-channel gradient sums use them.
//
// The combining step is one level (every thread adds the 64 partial sums) rather than a barrier
// per halving: on lavapipe a barrier inside a branch costs seconds of shader compilation (measured
// on a kernel shaped like batch norm's forward: 0.35 s against 2.3 s) and the tree ran no faster.

import { gradientReader } from "./activations.js";
import { kernelName, product, type OpFamily } from "./family.js";
import { declareBindings, indent, STEP_STRUCT, type BindingDecl } from "./wgsl.js";

/** Threads per channel workgroup. */
const THREADS = 64;

/** Elements each channel of `shape` holds: the batch times the spatial area. */
export function channelCount(shape: readonly number[]): number {
  return product(shape) / shape[1]!;
}

/**
 * A kernel with one workgroup per channel of `shape`: `body` sees the channel `c` and the thread
 * `t`, and may use `COUNT` (elements per channel), `THREADS`, `channel_element(c, j)` (the flat
 * index of the j-th element of channel c) and `workgroup_sum(t, v)`, which every thread must call
 * together and which returns the same total to each.
 *
 * With `validRows`, `COUNT` counts only the batch's valid rows (the Step uniform's `rows`, bound as
 * `step`: a partial last batch leaves stale rows behind them) and `TOTAL` every row's elements.
 */
export function perChannel(
  shape: readonly number[],
  bindings: readonly BindingDecl[],
  body: string,
  helpers = "",
  validRows = false,
): { code: string; workgroups: [number, number, number] } {
  const channels = shape[1]!;
  const area = product(shape.slice(2));
  const counts = validRows
    ? `const TOTAL: u32 = ${channelCount(shape)}u;
var<private> COUNT: u32;`
    : `const COUNT: u32 = ${channelCount(shape)}u;`;
  const code = `${validRows ? `${STEP_STRUCT}\n\n` : ""}${declareBindings(bindings)}

${counts}
const THREADS: u32 = ${THREADS}u;

var<workgroup> partial: array<vec2f, ${THREADS}>;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / ${area}u) * ${channels * area}u + c * ${area}u + j % ${area}u;
}

fn workgroup_sum(t: u32, v: vec2f) -> vec2f {
  partial[t] = v;
  workgroupBarrier();
  var total = vec2f(0.0);
  for (var k = 0u; k < THREADS; k++) {
    total += partial[k];
  }
  // No thread may overwrite its partial sum (next call) before every thread has read them all.
  workgroupBarrier();
  return total;
}
${helpers}
@compute @workgroup_size(${THREADS})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let c = wid.x;${validRows ? `\n  COUNT = min(step.rows, ${shape[0]}u) * ${area}u;` : ""}
${indent(body, 2)}
}
`;
  return { code, workgroups: [channels, 1, 1] };
}

/**
 * Σ dy over every axis but 1: [N, C, ...] → [C] (the gradient of a per-channel bias). Reads dy
 * through an inlined activation gradient where fusion put one (see gradientReader).
 */
export const channelSum: OpFamily = {
  op: "channel_sum",
  infer: ([dy]) => ({ shape: [dy![1]!] }),
  flops: ([dy]) => product(dy!),
  kernels({ node, inputs }) {
    const reader = gradientReader(node.attrs, inputs.length);
    const { code, workgroups } = perChannel(
      inputs[0]!,
      [
        { name: "dy", access: "read", type: "array<f32>" },
        ...(reader.saved === undefined ? [] : [{ name: "act_saved", access: "read" as const, type: "array<f32>" }]),
        { name: "y", access: "read_write", type: "array<f32>" },
      ],
      `var sum = 0.0;
for (var j = t; j < COUNT; j += THREADS) {
  sum += dy_at(channel_element(c, j));
}
let total = workgroup_sum(t, vec2f(sum, 0.0));
if (t == 0u) {
  y[c] = total.x;
}`,
      reader.wgsl,
    );
    return [
      {
        name: kernelName(node, "channel_sum"),
        code,
        workgroups,
        bindings: [
          { ref: { input: 0 }, access: "read" },
          ...(reader.saved === undefined ? [] : [{ ref: { input: reader.saved }, access: "read" as const }]),
          { ref: "out", access: "read_write" },
        ],
      },
    ];
  },
  reference({ inputs, shapes, attrs }) {
    const [channels, area] = [shapes[0]![1]!, product(shapes[0]!.slice(2))];
    const y = new Float64Array(channels);
    gradientReader(attrs, inputs.length)
      .reference(inputs)
      .forEach((v, i) => (y[Math.floor(i / area) % channels] += v));
    return y;
  },
};
