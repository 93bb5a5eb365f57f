// linear_regression: compiled by netc from ../../specs/linear_regression.net. Do not edit: change the spec and run `netc compile`.
// A training step is 6 dispatches, evaluation 2, prediction 1, of 6 kernels in all; 9 buffers.

import { Model, type ModelOptions } from "../../runtime/engine.js";
import type { KernelPlan, ModelPlan } from "../../runtime/plan.js";

const kernels: KernelPlan[] = [
  {
    name: "linear1_forward",
    code: /* wgsl */ `
// gemm linear1_forward: C[10x1] = A[10x2] * B[2x1] (A, B stored transposed; epilogue)
// tile {"strategy":"register","threads":[1,64],"rows":4,"cols":1}
@group(0) @binding(0) var<storage, read> gemm_a: array<f32>;
@group(0) @binding(1) var<storage, read> gemm_b: array<f32>;
@group(0) @binding(2) var<storage, read_write> gemm_c: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
struct GemmFeature {
  bias: f32,
}
fn gemm_feature(i: u32, batch: u32) -> GemmFeature {
  let feature = i;
  return GemmFeature(bias[feature]);
}
fn gemm_epilogue(value: f32, at: GemmFeature) -> f32 {
  return value + at.bias;
}

@compute @workgroup_size(1, 64, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let row0 = tile_row * 256u + lid.y * 4u;
  let col0 = tile_col + lid.x;
  var acc_0_0 = 0.0;
  var acc_1_0 = 0.0;
  var acc_2_0 = 0.0;
  var acc_3_0 = 0.0;
  for (var k0 = 0u; k0 < 2u; k0 += 1u) {
    let a_0_0 = gemm_a[min(row0, 9u) * 2u + k0];
    let a_1_0 = gemm_a[min(row0 + 1u, 9u) * 2u + k0];
    let a_2_0 = gemm_a[min(row0 + 2u, 9u) * 2u + k0];
    let a_3_0 = gemm_a[min(row0 + 3u, 9u) * 2u + k0];
    let b_0_0 = gemm_b[col0 * 2u + k0];
    acc_0_0 = fma(a_0_0, b_0_0, acc_0_0);
    acc_1_0 = fma(a_1_0, b_0_0, acc_1_0);
    acc_2_0 = fma(a_2_0, b_0_0, acc_2_0);
    acc_3_0 = fma(a_3_0, b_0_0, acc_3_0);
  }
  let feature_0 = gemm_feature(col0, batch);
  if (row0 < 10u) { gemm_c[row0 + col0] = gemm_epilogue(acc_0_0, feature_0); }
  if (row0 + 1u < 10u) { gemm_c[row0 + 1u + col0] = gemm_epilogue(acc_1_0, feature_0); }
  if (row0 + 2u < 10u) { gemm_c[row0 + 2u + col0] = gemm_epilogue(acc_2_0, feature_0); }
  if (row0 + 3u < 10u) { gemm_c[row0 + 3u + col0] = gemm_epilogue(acc_3_0, feature_0); }
}
`,
  },
  {
    name: "loss_loss",
    code: /* wgsl */ `
struct Step {
  index: u32,       // optimizer step, from 1
  seed: u32,        // random stream of this step (dropout)
  slot: u32,        // metrics ring slot of this step
  rows: u32,        // valid rows of the batch (the last evaluation batch may be partial)
  lr: f32,          // learning rate of this step, after the schedule
  correction1: f32, // 1 - beta1^index (Adam)
  correction2: f32, // 1 - beta2^index (Adam)
  statistics_rate: f32, // batch norm's running statistics update rate where above 0, else each one's momentum
}

@group(0) @binding(0) var<storage, read> prediction: array<f32>;
@group(0) @binding(1) var<storage, read> targets: array<f32>;
@group(0) @binding(2) var<storage, read_write> loss: array<f32>;
@group(0) @binding(3) var<storage, read_write> metrics: array<f32>;
@group(0) @binding(4) var<uniform> step: Step;

var<workgroup> loss_part: array<f32, 256>;
var<workgroup> hit_part: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) t: u32) {
  var loss_sum = 0.0;
  var hits = 0.0;
  for (var row = t; row < step.rows; row += 256u) {
    var row_sum = 0.0;
    for (var c = 0u; c < 1u; c++) {
      let d = prediction[row + c] - targets[row + c];
      row_sum += d * d;
    }
    loss_sum += row_sum / 1.0;
  }
  loss_part[t] = loss_sum;
  hit_part[t] = hits;
  workgroupBarrier();
  for (var half = 128u; half > 0u; half >>= 1u) {
    if (t < half) {
      loss_part[t] += loss_part[t + half];
      hit_part[t] += hit_part[t + half];
    }
    workgroupBarrier();
  }
  if (t == 0u) {
    loss[0] = loss_part[0] / f32(step.rows);
    let slot = step.slot * 4u;
    metrics[slot] += loss_part[0];
    metrics[slot + 1u] += hit_part[0];
    metrics[slot + 2u] += f32(step.rows);
  }
}
`,
  },
  {
    name: "loss_grad_prediction_grad",
    code: /* wgsl */ `
struct Step {
  index: u32,       // optimizer step, from 1
  seed: u32,        // random stream of this step (dropout)
  slot: u32,        // metrics ring slot of this step
  rows: u32,        // valid rows of the batch (the last evaluation batch may be partial)
  lr: f32,          // learning rate of this step, after the schedule
  correction1: f32, // 1 - beta1^index (Adam)
  correction2: f32, // 1 - beta2^index (Adam)
  statistics_rate: f32, // batch norm's running statistics update rate where above 0, else each one's momentum
}

@group(0) @binding(0) var<storage, read> prediction: array<f32>;
@group(0) @binding(1) var<storage, read> targets: array<f32>;
@group(0) @binding(2) var<storage, read_write> grad: array<f32>;
@group(0) @binding(3) var<uniform> step: Step;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let row = gid.x;
  if (row >= 10u) { return; }
  let scale = select(0.0, 2.0 / f32(step.rows), row < step.rows);
  for (var c = 0u; c < 1u; c++) {
    let i = row + c;
    grad[i] = (prediction[i] - targets[i]) * scale;
  }
}
`,
  },
  {
    name: "linear1_grad_weight_matmul",
    code: /* wgsl */ `
// gemm linear1_grad_weight_matmul: C[1x2] = A[1x10] * B[10x2] (A stored transposed, B)
// tile {"strategy":"register","threads":[1,64],"rows":4,"cols":2}
@group(0) @binding(0) var<storage, read> gemm_a: array<f32>;
@group(0) @binding(1) var<storage, read> gemm_b: array<f32>;
@group(0) @binding(2) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(1, 64, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let row0 = tile_row * 256u + lid.y * 4u;
  let col0 = tile_col * 2u + lid.x * 2u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0;
  for (var k0 = 0u; k0 < 10u; k0 += 1u) {
    let a_0_0 = gemm_a[k0 + min(row0, 0u)];
    let a_1_0 = gemm_a[k0 + min(row0 + 1u, 0u)];
    let a_2_0 = gemm_a[k0 + min(row0 + 2u, 0u)];
    let a_3_0 = gemm_a[k0 + min(row0 + 3u, 0u)];
    let b_0_0 = gemm_b[k0 * 2u + col0];
    let b_0_1 = gemm_b[k0 * 2u + col0 + 1u];
    acc_0_0 = fma(a_0_0, b_0_0, acc_0_0);
    acc_0_1 = fma(a_0_0, b_0_1, acc_0_1);
    acc_1_0 = fma(a_1_0, b_0_0, acc_1_0);
    acc_1_1 = fma(a_1_0, b_0_1, acc_1_1);
    acc_2_0 = fma(a_2_0, b_0_0, acc_2_0);
    acc_2_1 = fma(a_2_0, b_0_1, acc_2_1);
    acc_3_0 = fma(a_3_0, b_0_0, acc_3_0);
    acc_3_1 = fma(a_3_0, b_0_1, acc_3_1);
  }
  if (row0 < 1u) { gemm_c[row0 * 2u + col0] = acc_0_0; }
  if (row0 < 1u) { gemm_c[row0 * 2u + col0 + 1u] = acc_0_1; }
  if (row0 + 1u < 1u) { gemm_c[(row0 + 1u) * 2u + col0] = acc_1_0; }
  if (row0 + 1u < 1u) { gemm_c[(row0 + 1u) * 2u + col0 + 1u] = acc_1_1; }
  if (row0 + 2u < 1u) { gemm_c[(row0 + 2u) * 2u + col0] = acc_2_0; }
  if (row0 + 2u < 1u) { gemm_c[(row0 + 2u) * 2u + col0 + 1u] = acc_2_1; }
  if (row0 + 3u < 1u) { gemm_c[(row0 + 3u) * 2u + col0] = acc_3_0; }
  if (row0 + 3u < 1u) { gemm_c[(row0 + 3u) * 2u + col0 + 1u] = acc_3_1; }
}
`,
  },
  {
    name: "linear1_grad_bias_sum_rows",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

// One thread per column; neighbouring threads read neighbouring addresses.
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let col = gid.x;
  if (col >= 1u) { return; }
  var sum = 0.0;
  for (var row = 0u; row < 10u; row++) {
    sum += x[row + col];
  }
  y[col] = sum;
}
`,
  },
  {
    name: "linear1_weight_to_linear1_bias_sgd",
    code: /* wgsl */ `
struct Step {
  index: u32,       // optimizer step, from 1
  seed: u32,        // random stream of this step (dropout)
  slot: u32,        // metrics ring slot of this step
  rows: u32,        // valid rows of the batch (the last evaluation batch may be partial)
  lr: f32,          // learning rate of this step, after the schedule
  correction1: f32, // 1 - beta1^index (Adam)
  correction2: f32, // 1 - beta2^index (Adam)
  statistics_rate: f32, // batch norm's running statistics update rate where above 0, else each one's momentum
}

@group(0) @binding(0) var<storage, read_write> param0: array<f32>;
@group(0) @binding(1) var<storage, read> grad0: array<f32>;
@group(0) @binding(2) var<storage, read_write> param1: array<f32>;
@group(0) @binding(3) var<storage, read> grad1: array<f32>;
@group(0) @binding(4) var<uniform> step: Step;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 3u) { return; }
  if (i < 2u) {
    // linear1.weight
    let k = i;
    param0[k] = param0[k] - step.lr * (grad0[k]);
  } else {
    // linear1.bias
    let k = i - 2u;
    param1[k] = param1[k] - step.lr * (grad1[k]);
  }
}
`,
  },
];

export const plan: ModelPlan = {
  model: "linear_regression",
  source: "../../specs/linear_regression.net",
  batch: 10,
  input: { name: "x", buffer: 0, shape: [10, 2] },
  target: { buffer: 1, shape: [10, 1], kind: "value" },
  output: { buffer: 6, shape: [10, 1] },
  loss: "mse",
  buffers: [
    { name: "x", bytes: 80, kind: "input" },
    { name: "target", bytes: 40, kind: "target" },
    { name: "linear1.weight", bytes: 8, kind: "param" },
    { name: "linear1.bias", bytes: 4, kind: "param" },
    { name: "step", bytes: 32, kind: "step" },
    { name: "metrics", bytes: 256, kind: "metrics" },
    { name: "linear1, linear1.grad_weight", bytes: 40, kind: "pool" },
    { name: "loss, loss.grad_prediction", bytes: 40, kind: "pool" },
    { name: "linear1.grad_bias", bytes: 4, kind: "pool" },
  ],
  stepBuffer: 4,
  metricsBuffer: 5,
  metricsSlots: 16,
  tensors: [
    {
      name: "linear1.weight",
      shape: [1, 2],
      buffer: 2,
      kind: "param",
      role: "weight",
      init: { kind: "normal", mean: 0, std: 0.01 },
      fill: 0,
      fanIn: 2,
      fanOut: 1,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "linear1.bias",
      shape: [1],
      buffer: 3,
      kind: "param",
      role: "bias",
      init: { kind: "zeros" },
      fill: 0,
      fanIn: 2,
      fanOut: 1,
      trainable: true,
      optimizerBuffers: [],
    },
  ],
  train: [
    { label: "linear1", kernel: 0, bindings: [0, 2, 6, 3], workgroups: [1, 1, 1], flops: 50, bytes: 132 },
    { label: "loss", kernel: 1, bindings: [6, 1, 7, 5, 4], workgroups: [1, 1, 1], flops: 30, bytes: 132 },
    { label: "loss.grad_prediction", kernel: 2, bindings: [6, 1, 7, 4], workgroups: [1, 1, 1], flops: 20, bytes: 152 },
    { label: "linear1.grad_weight", kernel: 3, bindings: [7, 0, 6], workgroups: [1, 1, 1], flops: 40, bytes: 128 },
    { label: "linear1.grad_bias", kernel: 4, bindings: [7, 8], workgroups: [1, 1, 1], flops: 10, bytes: 44 },
    {
      label: "linear1.weight + linear1.bias update",
      kernel: 5,
      bindings: [2, 6, 3, 8, 4],
      workgroups: [1, 1, 1],
      flops: 6,
      bytes: 56,
    },
  ],
  evaluate: [
    { label: "linear1", kernel: 0, bindings: [0, 2, 6, 3], workgroups: [1, 1, 1], flops: 50, bytes: 132 },
    { label: "loss", kernel: 1, bindings: [6, 1, 7, 5, 4], workgroups: [1, 1, 1], flops: 30, bytes: 132 },
  ],
  predict: [{ label: "linear1", kernel: 0, bindings: [0, 2, 6, 3], workgroups: [1, 1, 1], flops: 50, bytes: 132 }],
  statistics: 0,
  optimizer: { kind: "sgd", lr: 0.03, momentum: 0, weightDecay: 0, nesterov: false },
  schedule: { kind: "constant" },
  bnStatistics: { kind: "running" },
  epochs: 3,
  seed: 0,
  data: { source: "synthetic_linear", w: [2, -3.4], b: 4.2, noise: 0.01, examples: 1000 },
  kernels,
};

/** The linear_regression model on `device`: parameters initialised, ready to train or load weights. */
export function createLinearRegression(device: GPUDevice, options?: ModelOptions): Promise<Model> {
  return Model.create(device, plan, options);
}
