// Training losses. Each forward kernel also adds the batch's loss sum, correct predictions and
// row count to the step's metrics slot, so the CPU reads metrics back every few steps instead of
// every step. Each gradient kernel recomputes what it needs from the inputs.

import { shapeString } from "../ir/graph.js";
import { kernelName, known, product, ShapeError, type Kernel, type KernelContext, type OpFamily } from "./family.js";
import { grid, rowMajor, STEP_STRUCT, times, WORKGROUP } from "./wgsl.js";

/** Floats per metrics slot: loss sum, correct predictions, rows. */
export const METRICS_PER_SLOT = 4;

/** A one-workgroup kernel: each thread reduces rows t, t + 256, ...; then a tree reduction. */
function reductionKernel(
  ctx: KernelContext,
  what: string,
  inputs: [string, string],
  secondType: string,
  perRow: string,
): Kernel {
  const code = `${STEP_STRUCT}

@group(0) @binding(0) var<storage, read> ${inputs[0]}: array<f32>;
@group(0) @binding(1) var<storage, read> ${inputs[1]}: array<${secondType}>;
@group(0) @binding(2) var<storage, read_write> loss: array<f32>;
@group(0) @binding(3) var<storage, read_write> metrics: array<f32>;
@group(0) @binding(4) var<uniform> step: Step;

var<workgroup> loss_part: array<f32, ${WORKGROUP}>;
var<workgroup> hit_part: array<f32, ${WORKGROUP}>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(local_invocation_index) t: u32) {
  var loss_sum = 0.0;
  var hits = 0.0;
  for (var row = t; row < step.rows; row += ${WORKGROUP}u) {
${perRow}
  }
  loss_part[t] = loss_sum;
  hit_part[t] = hits;
  workgroupBarrier();
  for (var half = ${WORKGROUP / 2}u; half > 0u; half >>= 1u) {
    if (t < half) {
      loss_part[t] += loss_part[t + half];
      hit_part[t] += hit_part[t + half];
    }
    workgroupBarrier();
  }
  if (t == 0u) {
    loss[0] = loss_part[0] / f32(step.rows);
    let slot = step.slot * ${METRICS_PER_SLOT}u;
    metrics[slot] += loss_part[0];
    metrics[slot + 1u] += hit_part[0];
    metrics[slot + 2u] += f32(step.rows);
  }
}
`;
  return {
    name: kernelName(ctx.node, what),
    code,
    workgroups: [1, 1, 1],
    bindings: [
      { ref: { input: 0 }, access: "read" },
      { ref: { input: 1 }, access: "read" },
      { ref: "out", access: "read_write" },
      { ref: "metrics", access: "read_write" },
      { ref: "step", access: "uniform" },
    ],
  };
}

function perRowKernel(
  ctx: KernelContext,
  what: string,
  inputs: [string, string],
  labelType: string,
  body: string,
  rows: number,
): Kernel {
  const g = grid(rows);
  const code = `${STEP_STRUCT}

@group(0) @binding(0) var<storage, read> ${inputs[0]}: array<f32>;
@group(0) @binding(1) var<storage, read> ${inputs[1]}: array<${labelType}>;
@group(0) @binding(2) var<storage, read_write> grad: array<f32>;
@group(0) @binding(3) var<uniform> step: Step;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let row = ${g.index};
  if (row >= ${rows}u) { return; }
${body}
}
`;
  return {
    name: kernelName(ctx.node, what),
    code,
    workgroups: g.workgroups,
    bindings: [
      { ref: { input: 0 }, access: "read" },
      { ref: { input: 1 }, access: "read" },
      { ref: "out", access: "read_write" },
      { ref: "step", access: "uniform" },
    ],
  };
}

function checkLogits(logits: readonly (number | string)[], labels: readonly (number | string)[]): void {
  if (logits.length !== 2) throw new ShapeError(`cross_entropy needs logits [N, classes], got ${shapeString(logits)}`);
  if (labels.length !== 1 || labels[0] !== logits[0]) {
    throw new ShapeError(
      `cross_entropy needs one label per row: logits ${shapeString(logits)}, labels ${shapeString(labels)}`,
    );
  }
  known(logits[1]!, "the number of classes");
}

/** Mean softmax cross-entropy of logits [N, C] against class labels (u32) [N], via log-sum-exp. */
export const crossEntropy: OpFamily = {
  op: "cross_entropy",
  infer([logits, labels]) {
    checkLogits(logits!, labels!);
    return { shape: [] };
  },
  flops: ([logits]) => 4 * product(logits!),
  backward: ({ node, emit }) => [emit("cross_entropy_grad", node.inputs, {}, "grad_logits"), undefined],
  kernels(ctx) {
    const classes = ctx.inputs[0]![1]!;
    return [
      reductionKernel(
        ctx,
        "loss",
        ["logits", "labels"],
        "u32",
        `    let base = row * ${classes}u;
    var top = logits[base];
    var best = 0u;
    for (var c = 1u; c < ${classes}u; c++) {
      let v = logits[base + c];
      if (v > top) { top = v; best = c; }
    }
    var sum = 0.0;
    for (var c = 0u; c < ${classes}u; c++) { sum += exp(logits[base + c] - top); }
    let label = labels[row];
    // The label's gap to the top before log(sum): added to a large top, log(sum) would round away.
    loss_sum += log(sum) - (logits[base + label] - top);
    hits += select(0.0, 1.0, best == label);`,
      ),
    ];
  },
  reference({ inputs, shapes, rows }) {
    const classes = shapes[0]![1]!;
    const [logits, labels] = inputs as [Float64Array, Float64Array];
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const row = logits.subarray(r * classes, (r + 1) * classes);
      const top = Math.max(...row);
      const lse = Math.log(row.reduce((s, v) => s + Math.exp(v - top), 0)) + top;
      sum += lse - row[labels[r]!]!;
    }
    return Float64Array.of(sum / rows);
  },
};

/** d(mean cross-entropy)/d logits = (softmax − one-hot) / rows; zero for padding rows. */
export const crossEntropyGrad: OpFamily = {
  op: "cross_entropy_grad",
  infer: ([logits]) => ({ shape: logits! }),
  flops: ([logits]) => 4 * product(logits!),
  kernels(ctx) {
    const [rows, classes] = ctx.inputs[0] as [number, number];
    return [
      perRowKernel(
        ctx,
        "grad",
        ["logits", "labels"],
        "u32",
        `  let base = row * ${classes}u;
  if (row >= step.rows) {
    for (var c = 0u; c < ${classes}u; c++) { grad[base + c] = 0.0; }
    return;
  }
  var top = logits[base];
  for (var c = 1u; c < ${classes}u; c++) { top = max(top, logits[base + c]); }
  var sum = 0.0;
  for (var c = 0u; c < ${classes}u; c++) { sum += exp(logits[base + c] - top); }
  let scale = 1.0 / (sum * f32(step.rows));
  let label = labels[row];
  for (var c = 0u; c < ${classes}u; c++) {
    grad[base + c] = exp(logits[base + c] - top) * scale - select(0.0, 1.0 / f32(step.rows), c == label);
  }`,
        rows,
      ),
    ];
  },
  reference({ inputs, shapes, rows }) {
    const classes = shapes[0]![1]!;
    const [logits, labels] = inputs as [Float64Array, Float64Array];
    const grad = new Float64Array(logits.length);
    for (let r = 0; r < rows; r++) {
      const row = logits.subarray(r * classes, (r + 1) * classes);
      const top = Math.max(...row);
      const sum = row.reduce((s, v) => s + Math.exp(v - top), 0);
      row.forEach(
        (v, c) => (grad[r * classes + c] = Math.exp(v - top) / sum / rows - (c === labels[r] ? 1 / rows : 0)),
      );
    }
    return grad;
  },
};

function checkRegression(prediction: readonly (number | string)[], target: readonly (number | string)[]): void {
  const same = prediction.length === target.length && prediction.every((d, k) => d === target[k]);
  if (!same)
    throw new ShapeError(
      `mse needs prediction and target of one shape, got ${shapeString(prediction)} and ${shapeString(target)}`,
    );
}

/** Mean squared error over every element (torch.nn.MSELoss()). */
export const mse: OpFamily = {
  op: "mse",
  infer([prediction, target]) {
    checkRegression(prediction!, target!);
    return { shape: [] };
  },
  flops: ([p]) => 3 * product(p!),
  backward: ({ node, emit }) => [emit("mse_grad", node.inputs, {}, "grad_prediction"), undefined],
  kernels(ctx) {
    const width = product(ctx.inputs[0]!.slice(1));
    // Per row: the mean over the row's elements, so the metrics' loss sum / rows is the MSE.
    return [
      reductionKernel(
        ctx,
        "loss",
        ["prediction", "targets"],
        "f32",
        `    var row_sum = 0.0;
    for (var c = 0u; c < ${width}u; c++) {
      let d = prediction[${rowMajor(["row", "c"], [width])}] - targets[${rowMajor(["row", "c"], [width])}];
      row_sum += d * d;
    }
    loss_sum += row_sum / ${width}.0;`,
      ),
    ];
  },
  reference({ inputs, shapes, rows }) {
    const width = product(shapes[0]!.slice(1));
    let sum = 0;
    for (let i = 0; i < rows * width; i++) sum += (inputs[0]![i]! - inputs[1]![i]!) ** 2;
    return Float64Array.of(sum / (rows * width));
  },
};

export const mseGrad: OpFamily = {
  op: "mse_grad",
  infer: ([prediction]) => ({ shape: prediction! }),
  flops: ([p]) => 2 * product(p!),
  kernels(ctx) {
    const rows = ctx.inputs[0]![0]!;
    const width = product(ctx.inputs[0]!.slice(1));
    return [
      perRowKernel(
        ctx,
        "grad",
        ["prediction", "targets"],
        "f32",
        `  let scale = select(0.0, 2.0 / f32(${times("step.rows", width)}), row < step.rows);
  for (var c = 0u; c < ${width}u; c++) {
    let i = ${rowMajor(["row", "c"], [width])};
    grad[i] = (prediction[i] - targets[i]) * scale;
  }`,
        rows,
      ),
    ];
  },
  reference({ inputs, shapes, rows }) {
    const width = product(shapes[0]!.slice(1));
    return inputs[0]!.map((p, i) => (i < rows * width ? (2 * (p - inputs[1]![i]!)) / (rows * width) : 0));
  },
};
