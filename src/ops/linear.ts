// linear: y = x Wᵀ + b over the last dimension, as torch.nn.Linear (weight stored [out, in]);
// and the two ops its gradient needs: matmul and sum_rows.

import type { Shape } from "../ir/graph.js";
import { bool, known, num, product, ShapeError, kernelName, type OpFamily, weightAndBias } from "./family.js";
import { applyEpilogueReference, gemmAsKernels, layerEpilogue } from "./epilogue.js";
import { defaultGemmTile } from "./gemm.js";
import { grid, rowMajor, WORKGROUP } from "./wgsl.js";

export const linear: OpFamily = {
  op: "linear",
  layer: {
    name: "linear",
    tensors: "one",
    args: [
      { name: "features", type: "int", doc: "output features" },
      { name: "bias", type: "bool", default: true, doc: "learn an additive bias" },
    ],
    doc: "Fully connected layer over the last dimension (input features are inferred).",
  },
  attrs: (args) => ({ out: args.get("features")!, bias: args.get("bias")! }),
  owned: weightAndBias,
  infer([x], attrs) {
    if (x!.length < 2) throw new ShapeError(`linear expects [N, features], got a tensor of rank ${x!.length}`);
    const features = known(x![x!.length - 1]!, "linear's input features");
    const out = num(attrs, "out");
    if (out < 1) throw new ShapeError(`linear needs at least 1 output feature, got ${out}`);
    const owned: Shape[] = [[out, features]];
    if (bool(attrs, "bias")) owned.push([out]);
    return { shape: [...x!.slice(0, -1), out], owned };
  },
  flops([x], y, attrs) {
    const rows = product(y.slice(0, -1));
    const features = x![x!.length - 1]!;
    const out = num(attrs, "out");
    return 2 * rows * features * out + (bool(attrs, "bias") ? rows * out : 0);
  },
  backward({ node, dy, needs, emit }) {
    const [x, weight] = node.inputs as [number, number];
    return [
      needs[0] ? emit("matmul", [dy!, weight], { transA: false, transB: false }, "grad_input") : undefined,
      needs[1] ? emit("matmul", [dy!, x], { transA: true, transB: false }, "grad_weight") : undefined,
      needs[2] ? emit("sum_rows", [dy!], {}, "grad_bias") : undefined,
    ];
  },
  kernels(ctx) {
    const [x, weight] = ctx.inputs as [number[], number[]];
    const hasBias = bool(ctx.node.attrs, "bias");
    const [m, n, k] = [product(ctx.output.slice(0, -1)), weight[0]!, x[x.length - 1]!];
    const spec = { m, n, k, tile: defaultGemmTile({ m, n, k }, ctx.target) };
    return gemmAsKernels(
      ctx,
      "forward",
      {
        ...spec,
        a: { kind: "dense", transposed: false },
        b: { kind: "dense", transposed: true },
        ...layerEpilogue(ctx, hasBias, { axis: "col", index: (col) => col }),
      },
      { gemm_a: 0, gemm_b: 1, bias: 2 },
    );
  },
  reference({ inputs, shapes, output, attrs, mode }) {
    const [x, w] = inputs as [Float64Array, Float64Array];
    const b = bool(attrs, "bias") ? inputs[2] : undefined;
    const features = shapes[0]![shapes[0]!.length - 1]!;
    const out = num(attrs, "out");
    const rows = product(output.slice(0, -1));
    const y = new Float64Array(rows * out);
    for (let r = 0; r < rows; r++) {
      for (let o = 0; o < out; o++) {
        let sum = b === undefined ? 0 : b[o]!;
        for (let f = 0; f < features; f++) sum += x[r * features + f]! * w[o * features + f]!;
        y[r * out + o] = sum;
      }
    }
    return applyEpilogueReference(y, { attrs, mode, inputs }, (i) => i % out);
  },
};

/** A tensor seen as a matrix: every leading dimension folded into rows, then maybe transposed. */
function asMatrix(shape: readonly number[], transposed: boolean): [number, number] {
  const rows = product(shape.slice(0, -1));
  const cols = shape[shape.length - 1]!;
  return transposed ? [cols, rows] : [rows, cols];
}

/**
 * C = op(A) · op(B), op being an optional transpose of the tensor folded into a matrix. Without
 * transA the result keeps A's leading dimensions, so linear's input gradient has the input's shape.
 */
export const matmul: OpFamily = {
  op: "matmul",
  infer([a, b], attrs) {
    const known2 = (s: Shape) => s.map((d) => known(d, "matmul's operand sizes"));
    const [m, k] = asMatrix(known2(a!), bool(attrs, "transA"));
    const [k2, n] = asMatrix(known2(b!), bool(attrs, "transB"));
    if (k !== k2) throw new ShapeError(`matmul needs matching inner sizes, got ${k} and ${k2}`);
    return { shape: bool(attrs, "transA") ? [m, n] : [...a!.slice(0, -1), n] };
  },
  flops([a, b], _y, attrs) {
    const [m, k] = asMatrix(a!, bool(attrs, "transA"));
    return 2 * m * k * asMatrix(b!, bool(attrs, "transB"))[1];
  },
  kernels(ctx) {
    const transA = bool(ctx.node.attrs, "transA");
    const transB = bool(ctx.node.attrs, "transB");
    const [m, k] = asMatrix(ctx.inputs[0]!, transA);
    const n = asMatrix(ctx.inputs[1]!, transB)[1];
    const spec = {
      m,
      n,
      k,
      tile: defaultGemmTile({ m, n, k }, ctx.target),
      a: { kind: "dense", transposed: transA },
      b: { kind: "dense", transposed: transB },
    } as const;
    return gemmAsKernels(ctx, "matmul", spec, { gemm_a: 0, gemm_b: 1 });
  },
  reference({ inputs, shapes, attrs }) {
    const transA = bool(attrs, "transA");
    const transB = bool(attrs, "transB");
    const [m, k] = asMatrix(shapes[0]!, transA);
    const n = asMatrix(shapes[1]!, transB)[1];
    const [a, b] = inputs as [Float64Array, Float64Array];
    const at = (r: number, c: number) => (transA ? a[c * m + r]! : a[r * k + c]!);
    const bt = (r: number, c: number) => (transB ? b[c * k + r]! : b[r * n + c]!);
    const y = new Float64Array(m * n);
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < n; c++) {
        let sum = 0;
        for (let i = 0; i < k; i++) sum += at(r, i) * bt(i, c);
        y[r * n + c] = sum;
      }
    }
    return y;
  },
};

/** Sums a tensor over every dimension but the last: the gradient of a broadcast bias. */
export const sumRows: OpFamily = {
  op: "sum_rows",
  infer: ([x]) => ({ shape: [x![x!.length - 1]!] }),
  flops: ([x]) => product(x!),
  kernels({ node, inputs }) {
    const x = inputs[0]!;
    const cols = x[x.length - 1]!;
    const rows = product(x) / cols;
    const g = grid(cols);
    const code = `@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

// One thread per column; neighbouring threads read neighbouring addresses.
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let col = ${g.index};
  if (col >= ${cols}u) { return; }
  var sum = 0.0;
  for (var row = 0u; row < ${rows}u; row++) {
    sum += x[${rowMajor(["row", "col"], [cols])}];
  }
  y[col] = sum;
}
`;
    return [
      {
        name: kernelName(node, "sum_rows"),
        code,
        workgroups: g.workgroups,
        bindings: [
          { ref: { input: 0 }, access: "read" },
          { ref: "out", access: "read_write" },
        ],
      },
    ];
  },
  reference({ inputs, shapes }) {
    const x = shapes[0]!;
    const cols = x[x.length - 1]!;
    const y = new Float64Array(cols);
    inputs[0]!.forEach((v, i) => (y[i % cols] += v));
    return y;
  },
};
