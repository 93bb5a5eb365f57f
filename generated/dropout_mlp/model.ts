// dropout_mlp: compiled by netc from ../../specs/dropout_mlp.net. Do not edit: change the spec and run `netc compile`.
// A training step is 20 dispatches, evaluation 5, prediction 4, of 19 kernels in all; 18 buffers.

import { Model, type ModelOptions } from "../../runtime/engine.js";
import type { KernelPlan, ModelPlan } from "../../runtime/plan.js";

const kernels: KernelPlan[] = [
  {
    name: "linear1_relu1_forward_slices",
    code: /* wgsl */ `
// gemm linear1_relu1_forward_slices: C[256x256] = A[256x392] * B[392x256] (A, B stored transposed)
// tile {"strategy":"register","threads":[8,8],"rows":4,"cols":8,"splits":2}
@group(0) @binding(0) var<storage, read> gemm_a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> gemm_b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gemm_c: array<vec4<f32>>;

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let gemm_split = wid.z % 2u;
  let batch = wid.z / 2u;
  let row0 = tile_row * 32u + lid.y * 4u;
  let col0 = tile_col * 64u + lid.x * 8u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0; var acc_0_6 = 0.0; var acc_0_7 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0; var acc_1_6 = 0.0; var acc_1_7 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0; var acc_2_6 = 0.0; var acc_2_7 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0; var acc_3_6 = 0.0; var acc_3_7 = 0.0;
  for (var k0 = 0u; k0 < 392u; k0 += 4u) {
    let a_0_0 = gemm_a[(row0 * 784u + k0 + gemm_split * 392u) / 4u];
    let a_1_0 = gemm_a[((row0 + 1u) * 784u + k0 + gemm_split * 392u) / 4u];
    let a_2_0 = gemm_a[((row0 + 2u) * 784u + k0 + gemm_split * 392u) / 4u];
    let a_3_0 = gemm_a[((row0 + 3u) * 784u + k0 + gemm_split * 392u) / 4u];
    let b_0_0 = gemm_b[(col0 * 784u + k0 + gemm_split * 392u) / 4u];
    let b_0_1 = gemm_b[((col0 + 1u) * 784u + k0 + gemm_split * 392u) / 4u];
    let b_0_2 = gemm_b[((col0 + 2u) * 784u + k0 + gemm_split * 392u) / 4u];
    let b_0_3 = gemm_b[((col0 + 3u) * 784u + k0 + gemm_split * 392u) / 4u];
    let b_0_4 = gemm_b[((col0 + 4u) * 784u + k0 + gemm_split * 392u) / 4u];
    let b_0_5 = gemm_b[((col0 + 5u) * 784u + k0 + gemm_split * 392u) / 4u];
    let b_0_6 = gemm_b[((col0 + 6u) * 784u + k0 + gemm_split * 392u) / 4u];
    let b_0_7 = gemm_b[((col0 + 7u) * 784u + k0 + gemm_split * 392u) / 4u];
    acc_0_0 = fma(a_0_0.x, b_0_0.x, acc_0_0);
    acc_0_1 = fma(a_0_0.x, b_0_1.x, acc_0_1);
    acc_0_2 = fma(a_0_0.x, b_0_2.x, acc_0_2);
    acc_0_3 = fma(a_0_0.x, b_0_3.x, acc_0_3);
    acc_0_4 = fma(a_0_0.x, b_0_4.x, acc_0_4);
    acc_0_5 = fma(a_0_0.x, b_0_5.x, acc_0_5);
    acc_0_6 = fma(a_0_0.x, b_0_6.x, acc_0_6);
    acc_0_7 = fma(a_0_0.x, b_0_7.x, acc_0_7);
    acc_0_0 = fma(a_0_0.y, b_0_0.y, acc_0_0);
    acc_0_1 = fma(a_0_0.y, b_0_1.y, acc_0_1);
    acc_0_2 = fma(a_0_0.y, b_0_2.y, acc_0_2);
    acc_0_3 = fma(a_0_0.y, b_0_3.y, acc_0_3);
    acc_0_4 = fma(a_0_0.y, b_0_4.y, acc_0_4);
    acc_0_5 = fma(a_0_0.y, b_0_5.y, acc_0_5);
    acc_0_6 = fma(a_0_0.y, b_0_6.y, acc_0_6);
    acc_0_7 = fma(a_0_0.y, b_0_7.y, acc_0_7);
    acc_0_0 = fma(a_0_0.z, b_0_0.z, acc_0_0);
    acc_0_1 = fma(a_0_0.z, b_0_1.z, acc_0_1);
    acc_0_2 = fma(a_0_0.z, b_0_2.z, acc_0_2);
    acc_0_3 = fma(a_0_0.z, b_0_3.z, acc_0_3);
    acc_0_4 = fma(a_0_0.z, b_0_4.z, acc_0_4);
    acc_0_5 = fma(a_0_0.z, b_0_5.z, acc_0_5);
    acc_0_6 = fma(a_0_0.z, b_0_6.z, acc_0_6);
    acc_0_7 = fma(a_0_0.z, b_0_7.z, acc_0_7);
    acc_0_0 = fma(a_0_0.w, b_0_0.w, acc_0_0);
    acc_0_1 = fma(a_0_0.w, b_0_1.w, acc_0_1);
    acc_0_2 = fma(a_0_0.w, b_0_2.w, acc_0_2);
    acc_0_3 = fma(a_0_0.w, b_0_3.w, acc_0_3);
    acc_0_4 = fma(a_0_0.w, b_0_4.w, acc_0_4);
    acc_0_5 = fma(a_0_0.w, b_0_5.w, acc_0_5);
    acc_0_6 = fma(a_0_0.w, b_0_6.w, acc_0_6);
    acc_0_7 = fma(a_0_0.w, b_0_7.w, acc_0_7);
    acc_1_0 = fma(a_1_0.x, b_0_0.x, acc_1_0);
    acc_1_1 = fma(a_1_0.x, b_0_1.x, acc_1_1);
    acc_1_2 = fma(a_1_0.x, b_0_2.x, acc_1_2);
    acc_1_3 = fma(a_1_0.x, b_0_3.x, acc_1_3);
    acc_1_4 = fma(a_1_0.x, b_0_4.x, acc_1_4);
    acc_1_5 = fma(a_1_0.x, b_0_5.x, acc_1_5);
    acc_1_6 = fma(a_1_0.x, b_0_6.x, acc_1_6);
    acc_1_7 = fma(a_1_0.x, b_0_7.x, acc_1_7);
    acc_1_0 = fma(a_1_0.y, b_0_0.y, acc_1_0);
    acc_1_1 = fma(a_1_0.y, b_0_1.y, acc_1_1);
    acc_1_2 = fma(a_1_0.y, b_0_2.y, acc_1_2);
    acc_1_3 = fma(a_1_0.y, b_0_3.y, acc_1_3);
    acc_1_4 = fma(a_1_0.y, b_0_4.y, acc_1_4);
    acc_1_5 = fma(a_1_0.y, b_0_5.y, acc_1_5);
    acc_1_6 = fma(a_1_0.y, b_0_6.y, acc_1_6);
    acc_1_7 = fma(a_1_0.y, b_0_7.y, acc_1_7);
    acc_1_0 = fma(a_1_0.z, b_0_0.z, acc_1_0);
    acc_1_1 = fma(a_1_0.z, b_0_1.z, acc_1_1);
    acc_1_2 = fma(a_1_0.z, b_0_2.z, acc_1_2);
    acc_1_3 = fma(a_1_0.z, b_0_3.z, acc_1_3);
    acc_1_4 = fma(a_1_0.z, b_0_4.z, acc_1_4);
    acc_1_5 = fma(a_1_0.z, b_0_5.z, acc_1_5);
    acc_1_6 = fma(a_1_0.z, b_0_6.z, acc_1_6);
    acc_1_7 = fma(a_1_0.z, b_0_7.z, acc_1_7);
    acc_1_0 = fma(a_1_0.w, b_0_0.w, acc_1_0);
    acc_1_1 = fma(a_1_0.w, b_0_1.w, acc_1_1);
    acc_1_2 = fma(a_1_0.w, b_0_2.w, acc_1_2);
    acc_1_3 = fma(a_1_0.w, b_0_3.w, acc_1_3);
    acc_1_4 = fma(a_1_0.w, b_0_4.w, acc_1_4);
    acc_1_5 = fma(a_1_0.w, b_0_5.w, acc_1_5);
    acc_1_6 = fma(a_1_0.w, b_0_6.w, acc_1_6);
    acc_1_7 = fma(a_1_0.w, b_0_7.w, acc_1_7);
    acc_2_0 = fma(a_2_0.x, b_0_0.x, acc_2_0);
    acc_2_1 = fma(a_2_0.x, b_0_1.x, acc_2_1);
    acc_2_2 = fma(a_2_0.x, b_0_2.x, acc_2_2);
    acc_2_3 = fma(a_2_0.x, b_0_3.x, acc_2_3);
    acc_2_4 = fma(a_2_0.x, b_0_4.x, acc_2_4);
    acc_2_5 = fma(a_2_0.x, b_0_5.x, acc_2_5);
    acc_2_6 = fma(a_2_0.x, b_0_6.x, acc_2_6);
    acc_2_7 = fma(a_2_0.x, b_0_7.x, acc_2_7);
    acc_2_0 = fma(a_2_0.y, b_0_0.y, acc_2_0);
    acc_2_1 = fma(a_2_0.y, b_0_1.y, acc_2_1);
    acc_2_2 = fma(a_2_0.y, b_0_2.y, acc_2_2);
    acc_2_3 = fma(a_2_0.y, b_0_3.y, acc_2_3);
    acc_2_4 = fma(a_2_0.y, b_0_4.y, acc_2_4);
    acc_2_5 = fma(a_2_0.y, b_0_5.y, acc_2_5);
    acc_2_6 = fma(a_2_0.y, b_0_6.y, acc_2_6);
    acc_2_7 = fma(a_2_0.y, b_0_7.y, acc_2_7);
    acc_2_0 = fma(a_2_0.z, b_0_0.z, acc_2_0);
    acc_2_1 = fma(a_2_0.z, b_0_1.z, acc_2_1);
    acc_2_2 = fma(a_2_0.z, b_0_2.z, acc_2_2);
    acc_2_3 = fma(a_2_0.z, b_0_3.z, acc_2_3);
    acc_2_4 = fma(a_2_0.z, b_0_4.z, acc_2_4);
    acc_2_5 = fma(a_2_0.z, b_0_5.z, acc_2_5);
    acc_2_6 = fma(a_2_0.z, b_0_6.z, acc_2_6);
    acc_2_7 = fma(a_2_0.z, b_0_7.z, acc_2_7);
    acc_2_0 = fma(a_2_0.w, b_0_0.w, acc_2_0);
    acc_2_1 = fma(a_2_0.w, b_0_1.w, acc_2_1);
    acc_2_2 = fma(a_2_0.w, b_0_2.w, acc_2_2);
    acc_2_3 = fma(a_2_0.w, b_0_3.w, acc_2_3);
    acc_2_4 = fma(a_2_0.w, b_0_4.w, acc_2_4);
    acc_2_5 = fma(a_2_0.w, b_0_5.w, acc_2_5);
    acc_2_6 = fma(a_2_0.w, b_0_6.w, acc_2_6);
    acc_2_7 = fma(a_2_0.w, b_0_7.w, acc_2_7);
    acc_3_0 = fma(a_3_0.x, b_0_0.x, acc_3_0);
    acc_3_1 = fma(a_3_0.x, b_0_1.x, acc_3_1);
    acc_3_2 = fma(a_3_0.x, b_0_2.x, acc_3_2);
    acc_3_3 = fma(a_3_0.x, b_0_3.x, acc_3_3);
    acc_3_4 = fma(a_3_0.x, b_0_4.x, acc_3_4);
    acc_3_5 = fma(a_3_0.x, b_0_5.x, acc_3_5);
    acc_3_6 = fma(a_3_0.x, b_0_6.x, acc_3_6);
    acc_3_7 = fma(a_3_0.x, b_0_7.x, acc_3_7);
    acc_3_0 = fma(a_3_0.y, b_0_0.y, acc_3_0);
    acc_3_1 = fma(a_3_0.y, b_0_1.y, acc_3_1);
    acc_3_2 = fma(a_3_0.y, b_0_2.y, acc_3_2);
    acc_3_3 = fma(a_3_0.y, b_0_3.y, acc_3_3);
    acc_3_4 = fma(a_3_0.y, b_0_4.y, acc_3_4);
    acc_3_5 = fma(a_3_0.y, b_0_5.y, acc_3_5);
    acc_3_6 = fma(a_3_0.y, b_0_6.y, acc_3_6);
    acc_3_7 = fma(a_3_0.y, b_0_7.y, acc_3_7);
    acc_3_0 = fma(a_3_0.z, b_0_0.z, acc_3_0);
    acc_3_1 = fma(a_3_0.z, b_0_1.z, acc_3_1);
    acc_3_2 = fma(a_3_0.z, b_0_2.z, acc_3_2);
    acc_3_3 = fma(a_3_0.z, b_0_3.z, acc_3_3);
    acc_3_4 = fma(a_3_0.z, b_0_4.z, acc_3_4);
    acc_3_5 = fma(a_3_0.z, b_0_5.z, acc_3_5);
    acc_3_6 = fma(a_3_0.z, b_0_6.z, acc_3_6);
    acc_3_7 = fma(a_3_0.z, b_0_7.z, acc_3_7);
    acc_3_0 = fma(a_3_0.w, b_0_0.w, acc_3_0);
    acc_3_1 = fma(a_3_0.w, b_0_1.w, acc_3_1);
    acc_3_2 = fma(a_3_0.w, b_0_2.w, acc_3_2);
    acc_3_3 = fma(a_3_0.w, b_0_3.w, acc_3_3);
    acc_3_4 = fma(a_3_0.w, b_0_4.w, acc_3_4);
    acc_3_5 = fma(a_3_0.w, b_0_5.w, acc_3_5);
    acc_3_6 = fma(a_3_0.w, b_0_6.w, acc_3_6);
    acc_3_7 = fma(a_3_0.w, b_0_7.w, acc_3_7);
  }
  { gemm_c[(gemm_split * 65536u + row0 * 256u + col0) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  { gemm_c[(gemm_split * 65536u + row0 * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_0_4, acc_0_5, acc_0_6, acc_0_7); }
  { gemm_c[(gemm_split * 65536u + (row0 + 1u) * 256u + col0) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  { gemm_c[(gemm_split * 65536u + (row0 + 1u) * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_1_4, acc_1_5, acc_1_6, acc_1_7); }
  { gemm_c[(gemm_split * 65536u + (row0 + 2u) * 256u + col0) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  { gemm_c[(gemm_split * 65536u + (row0 + 2u) * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_2_4, acc_2_5, acc_2_6, acc_2_7); }
  { gemm_c[(gemm_split * 65536u + (row0 + 3u) * 256u + col0) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  { gemm_c[(gemm_split * 65536u + (row0 + 3u) * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_3_4, acc_3_5, acc_3_6, acc_3_7); }
}
`,
  },
  {
    name: "linear1_relu1_forward",
    code: /* wgsl */ `
// gemm linear1_relu1_forward: C[256x256] = the sum of 2 slices of k, each 392 long; epilogue
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
fn act_relu(v: f32) -> f32 {
  return max(v, 0.0);
}
struct GemmFeature {
  bias: f32,
}
fn gemm_feature(i: u32, batch: u32) -> GemmFeature {
  let feature = i;
  return GemmFeature(bias[feature]);
}
fn gemm_epilogue(value: f32, at: GemmFeature) -> f32 {
  return act_relu(value + at.bias);
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 65536u) { return; }
  let batch = i / 65536u;
  let row = (i / 256u) % 256u;
  let col = i % 256u;
  var sum = 0.0;
  for (var s = 0u; s < 2u; s++) { sum += gemm_partials[s * 65536u + row * 256u + col]; }
  gemm_c[row * 256u + col] = gemm_epilogue(sum, gemm_feature(col, batch));
}
`,
  },
  {
    name: "dropout1_dropout",
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

@group(0) @binding(0) var<storage, read> x: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> y: array<vec4f>;
@group(0) @binding(2) var<uniform> step: Step;
fn mix32(v: u32) -> u32 {
  var x = v;
  x = (x ^ (x >> 16u)) * 0x7feb352du;
  x = (x ^ (x >> 15u)) * 0x846ca68bu;
  return x ^ (x >> 16u);
}

// The part of random_bits shared by every index of one step's stream.
fn stream_key(seed: u32, stream: u32) -> u32 {
  return mix32(seed ^ mix32(stream + 0x9e3779b9u));
}

fn random_bits(seed: u32, stream: u32, index: u32) -> u32 {
  return mix32(stream_key(seed, stream) ^ index);
}

// mix32 of four values at once.
fn mix32x4(v: vec4u) -> vec4u {
  var x = v;
  x = (x ^ (x >> vec4u(16u))) * 0x7feb352du;
  x = (x ^ (x >> vec4u(15u))) * 0x846ca68bu;
  return x ^ (x >> vec4u(16u));
}

// random_bits of indices first to first + 3, the stream's key hashed once.
fn random_bits4(seed: u32, stream: u32, first: u32) -> vec4u {
  return mix32x4(vec4u(stream_key(seed, stream)) ^ (vec4u(first) + vec4u(0u, 1u, 2u, 3u)));
}

fn dropped(v: f32, i: u32) -> f32 {
  let keep = f32(random_bits(step.seed, 6u, i) >> 8u) * 5.960464477539063e-8 >= 0.20000000298023224;
  return select(0.0, v * 1.25, keep);
}

fn dropped4(v: vec4f, k: u32) -> vec4f {
  let keep = vec4f(random_bits4(step.seed, 6u, 4u * k) >> vec4u(8u)) * 5.960464477539063e-8 >= vec4f(0.20000000298023224);
  return select(vec4f(0.0), v * 1.25, keep);
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 16384u) { return; }
  y[i] = dropped4(x[i], i);
}
`,
  },
  {
    name: "linear2_relu2_forward",
    code: /* wgsl */ `
// gemm linear2_relu2_forward: C[256x256] = A[256x256] * B[256x256] (A, B stored transposed; epilogue)
// tile {"strategy":"register","threads":[8,8],"rows":4,"cols":8}
@group(0) @binding(0) var<storage, read> gemm_a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> gemm_b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gemm_c: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
fn act_relu(v: f32) -> f32 {
  return max(v, 0.0);
}
struct GemmFeature {
  bias: f32,
}
fn gemm_feature(i: u32, batch: u32) -> GemmFeature {
  let feature = i;
  return GemmFeature(bias[feature]);
}
fn gemm_epilogue(value: f32, at: GemmFeature) -> f32 {
  return act_relu(value + at.bias);
}

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let row0 = tile_row * 32u + lid.y * 4u;
  let col0 = tile_col * 64u + lid.x * 8u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0; var acc_0_6 = 0.0; var acc_0_7 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0; var acc_1_6 = 0.0; var acc_1_7 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0; var acc_2_6 = 0.0; var acc_2_7 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0; var acc_3_6 = 0.0; var acc_3_7 = 0.0;
  for (var k0 = 0u; k0 < 256u; k0 += 4u) {
    let a_0_0 = gemm_a[(row0 * 256u + k0) / 4u];
    let a_1_0 = gemm_a[((row0 + 1u) * 256u + k0) / 4u];
    let a_2_0 = gemm_a[((row0 + 2u) * 256u + k0) / 4u];
    let a_3_0 = gemm_a[((row0 + 3u) * 256u + k0) / 4u];
    let b_0_0 = gemm_b[(col0 * 256u + k0) / 4u];
    let b_0_1 = gemm_b[((col0 + 1u) * 256u + k0) / 4u];
    let b_0_2 = gemm_b[((col0 + 2u) * 256u + k0) / 4u];
    let b_0_3 = gemm_b[((col0 + 3u) * 256u + k0) / 4u];
    let b_0_4 = gemm_b[((col0 + 4u) * 256u + k0) / 4u];
    let b_0_5 = gemm_b[((col0 + 5u) * 256u + k0) / 4u];
    let b_0_6 = gemm_b[((col0 + 6u) * 256u + k0) / 4u];
    let b_0_7 = gemm_b[((col0 + 7u) * 256u + k0) / 4u];
    acc_0_0 = fma(a_0_0.x, b_0_0.x, acc_0_0);
    acc_0_1 = fma(a_0_0.x, b_0_1.x, acc_0_1);
    acc_0_2 = fma(a_0_0.x, b_0_2.x, acc_0_2);
    acc_0_3 = fma(a_0_0.x, b_0_3.x, acc_0_3);
    acc_0_4 = fma(a_0_0.x, b_0_4.x, acc_0_4);
    acc_0_5 = fma(a_0_0.x, b_0_5.x, acc_0_5);
    acc_0_6 = fma(a_0_0.x, b_0_6.x, acc_0_6);
    acc_0_7 = fma(a_0_0.x, b_0_7.x, acc_0_7);
    acc_0_0 = fma(a_0_0.y, b_0_0.y, acc_0_0);
    acc_0_1 = fma(a_0_0.y, b_0_1.y, acc_0_1);
    acc_0_2 = fma(a_0_0.y, b_0_2.y, acc_0_2);
    acc_0_3 = fma(a_0_0.y, b_0_3.y, acc_0_3);
    acc_0_4 = fma(a_0_0.y, b_0_4.y, acc_0_4);
    acc_0_5 = fma(a_0_0.y, b_0_5.y, acc_0_5);
    acc_0_6 = fma(a_0_0.y, b_0_6.y, acc_0_6);
    acc_0_7 = fma(a_0_0.y, b_0_7.y, acc_0_7);
    acc_0_0 = fma(a_0_0.z, b_0_0.z, acc_0_0);
    acc_0_1 = fma(a_0_0.z, b_0_1.z, acc_0_1);
    acc_0_2 = fma(a_0_0.z, b_0_2.z, acc_0_2);
    acc_0_3 = fma(a_0_0.z, b_0_3.z, acc_0_3);
    acc_0_4 = fma(a_0_0.z, b_0_4.z, acc_0_4);
    acc_0_5 = fma(a_0_0.z, b_0_5.z, acc_0_5);
    acc_0_6 = fma(a_0_0.z, b_0_6.z, acc_0_6);
    acc_0_7 = fma(a_0_0.z, b_0_7.z, acc_0_7);
    acc_0_0 = fma(a_0_0.w, b_0_0.w, acc_0_0);
    acc_0_1 = fma(a_0_0.w, b_0_1.w, acc_0_1);
    acc_0_2 = fma(a_0_0.w, b_0_2.w, acc_0_2);
    acc_0_3 = fma(a_0_0.w, b_0_3.w, acc_0_3);
    acc_0_4 = fma(a_0_0.w, b_0_4.w, acc_0_4);
    acc_0_5 = fma(a_0_0.w, b_0_5.w, acc_0_5);
    acc_0_6 = fma(a_0_0.w, b_0_6.w, acc_0_6);
    acc_0_7 = fma(a_0_0.w, b_0_7.w, acc_0_7);
    acc_1_0 = fma(a_1_0.x, b_0_0.x, acc_1_0);
    acc_1_1 = fma(a_1_0.x, b_0_1.x, acc_1_1);
    acc_1_2 = fma(a_1_0.x, b_0_2.x, acc_1_2);
    acc_1_3 = fma(a_1_0.x, b_0_3.x, acc_1_3);
    acc_1_4 = fma(a_1_0.x, b_0_4.x, acc_1_4);
    acc_1_5 = fma(a_1_0.x, b_0_5.x, acc_1_5);
    acc_1_6 = fma(a_1_0.x, b_0_6.x, acc_1_6);
    acc_1_7 = fma(a_1_0.x, b_0_7.x, acc_1_7);
    acc_1_0 = fma(a_1_0.y, b_0_0.y, acc_1_0);
    acc_1_1 = fma(a_1_0.y, b_0_1.y, acc_1_1);
    acc_1_2 = fma(a_1_0.y, b_0_2.y, acc_1_2);
    acc_1_3 = fma(a_1_0.y, b_0_3.y, acc_1_3);
    acc_1_4 = fma(a_1_0.y, b_0_4.y, acc_1_4);
    acc_1_5 = fma(a_1_0.y, b_0_5.y, acc_1_5);
    acc_1_6 = fma(a_1_0.y, b_0_6.y, acc_1_6);
    acc_1_7 = fma(a_1_0.y, b_0_7.y, acc_1_7);
    acc_1_0 = fma(a_1_0.z, b_0_0.z, acc_1_0);
    acc_1_1 = fma(a_1_0.z, b_0_1.z, acc_1_1);
    acc_1_2 = fma(a_1_0.z, b_0_2.z, acc_1_2);
    acc_1_3 = fma(a_1_0.z, b_0_3.z, acc_1_3);
    acc_1_4 = fma(a_1_0.z, b_0_4.z, acc_1_4);
    acc_1_5 = fma(a_1_0.z, b_0_5.z, acc_1_5);
    acc_1_6 = fma(a_1_0.z, b_0_6.z, acc_1_6);
    acc_1_7 = fma(a_1_0.z, b_0_7.z, acc_1_7);
    acc_1_0 = fma(a_1_0.w, b_0_0.w, acc_1_0);
    acc_1_1 = fma(a_1_0.w, b_0_1.w, acc_1_1);
    acc_1_2 = fma(a_1_0.w, b_0_2.w, acc_1_2);
    acc_1_3 = fma(a_1_0.w, b_0_3.w, acc_1_3);
    acc_1_4 = fma(a_1_0.w, b_0_4.w, acc_1_4);
    acc_1_5 = fma(a_1_0.w, b_0_5.w, acc_1_5);
    acc_1_6 = fma(a_1_0.w, b_0_6.w, acc_1_6);
    acc_1_7 = fma(a_1_0.w, b_0_7.w, acc_1_7);
    acc_2_0 = fma(a_2_0.x, b_0_0.x, acc_2_0);
    acc_2_1 = fma(a_2_0.x, b_0_1.x, acc_2_1);
    acc_2_2 = fma(a_2_0.x, b_0_2.x, acc_2_2);
    acc_2_3 = fma(a_2_0.x, b_0_3.x, acc_2_3);
    acc_2_4 = fma(a_2_0.x, b_0_4.x, acc_2_4);
    acc_2_5 = fma(a_2_0.x, b_0_5.x, acc_2_5);
    acc_2_6 = fma(a_2_0.x, b_0_6.x, acc_2_6);
    acc_2_7 = fma(a_2_0.x, b_0_7.x, acc_2_7);
    acc_2_0 = fma(a_2_0.y, b_0_0.y, acc_2_0);
    acc_2_1 = fma(a_2_0.y, b_0_1.y, acc_2_1);
    acc_2_2 = fma(a_2_0.y, b_0_2.y, acc_2_2);
    acc_2_3 = fma(a_2_0.y, b_0_3.y, acc_2_3);
    acc_2_4 = fma(a_2_0.y, b_0_4.y, acc_2_4);
    acc_2_5 = fma(a_2_0.y, b_0_5.y, acc_2_5);
    acc_2_6 = fma(a_2_0.y, b_0_6.y, acc_2_6);
    acc_2_7 = fma(a_2_0.y, b_0_7.y, acc_2_7);
    acc_2_0 = fma(a_2_0.z, b_0_0.z, acc_2_0);
    acc_2_1 = fma(a_2_0.z, b_0_1.z, acc_2_1);
    acc_2_2 = fma(a_2_0.z, b_0_2.z, acc_2_2);
    acc_2_3 = fma(a_2_0.z, b_0_3.z, acc_2_3);
    acc_2_4 = fma(a_2_0.z, b_0_4.z, acc_2_4);
    acc_2_5 = fma(a_2_0.z, b_0_5.z, acc_2_5);
    acc_2_6 = fma(a_2_0.z, b_0_6.z, acc_2_6);
    acc_2_7 = fma(a_2_0.z, b_0_7.z, acc_2_7);
    acc_2_0 = fma(a_2_0.w, b_0_0.w, acc_2_0);
    acc_2_1 = fma(a_2_0.w, b_0_1.w, acc_2_1);
    acc_2_2 = fma(a_2_0.w, b_0_2.w, acc_2_2);
    acc_2_3 = fma(a_2_0.w, b_0_3.w, acc_2_3);
    acc_2_4 = fma(a_2_0.w, b_0_4.w, acc_2_4);
    acc_2_5 = fma(a_2_0.w, b_0_5.w, acc_2_5);
    acc_2_6 = fma(a_2_0.w, b_0_6.w, acc_2_6);
    acc_2_7 = fma(a_2_0.w, b_0_7.w, acc_2_7);
    acc_3_0 = fma(a_3_0.x, b_0_0.x, acc_3_0);
    acc_3_1 = fma(a_3_0.x, b_0_1.x, acc_3_1);
    acc_3_2 = fma(a_3_0.x, b_0_2.x, acc_3_2);
    acc_3_3 = fma(a_3_0.x, b_0_3.x, acc_3_3);
    acc_3_4 = fma(a_3_0.x, b_0_4.x, acc_3_4);
    acc_3_5 = fma(a_3_0.x, b_0_5.x, acc_3_5);
    acc_3_6 = fma(a_3_0.x, b_0_6.x, acc_3_6);
    acc_3_7 = fma(a_3_0.x, b_0_7.x, acc_3_7);
    acc_3_0 = fma(a_3_0.y, b_0_0.y, acc_3_0);
    acc_3_1 = fma(a_3_0.y, b_0_1.y, acc_3_1);
    acc_3_2 = fma(a_3_0.y, b_0_2.y, acc_3_2);
    acc_3_3 = fma(a_3_0.y, b_0_3.y, acc_3_3);
    acc_3_4 = fma(a_3_0.y, b_0_4.y, acc_3_4);
    acc_3_5 = fma(a_3_0.y, b_0_5.y, acc_3_5);
    acc_3_6 = fma(a_3_0.y, b_0_6.y, acc_3_6);
    acc_3_7 = fma(a_3_0.y, b_0_7.y, acc_3_7);
    acc_3_0 = fma(a_3_0.z, b_0_0.z, acc_3_0);
    acc_3_1 = fma(a_3_0.z, b_0_1.z, acc_3_1);
    acc_3_2 = fma(a_3_0.z, b_0_2.z, acc_3_2);
    acc_3_3 = fma(a_3_0.z, b_0_3.z, acc_3_3);
    acc_3_4 = fma(a_3_0.z, b_0_4.z, acc_3_4);
    acc_3_5 = fma(a_3_0.z, b_0_5.z, acc_3_5);
    acc_3_6 = fma(a_3_0.z, b_0_6.z, acc_3_6);
    acc_3_7 = fma(a_3_0.z, b_0_7.z, acc_3_7);
    acc_3_0 = fma(a_3_0.w, b_0_0.w, acc_3_0);
    acc_3_1 = fma(a_3_0.w, b_0_1.w, acc_3_1);
    acc_3_2 = fma(a_3_0.w, b_0_2.w, acc_3_2);
    acc_3_3 = fma(a_3_0.w, b_0_3.w, acc_3_3);
    acc_3_4 = fma(a_3_0.w, b_0_4.w, acc_3_4);
    acc_3_5 = fma(a_3_0.w, b_0_5.w, acc_3_5);
    acc_3_6 = fma(a_3_0.w, b_0_6.w, acc_3_6);
    acc_3_7 = fma(a_3_0.w, b_0_7.w, acc_3_7);
  }
  let feature_0 = gemm_feature(col0, batch);
  let feature_1 = gemm_feature(col0 + 1u, batch);
  let feature_2 = gemm_feature(col0 + 2u, batch);
  let feature_3 = gemm_feature(col0 + 3u, batch);
  let feature_4 = gemm_feature(col0 + 4u, batch);
  let feature_5 = gemm_feature(col0 + 5u, batch);
  let feature_6 = gemm_feature(col0 + 6u, batch);
  let feature_7 = gemm_feature(col0 + 7u, batch);
  { gemm_c[(row0 * 256u + col0) / 4u] = vec4<f32>(gemm_epilogue(acc_0_0, feature_0), gemm_epilogue(acc_0_1, feature_1), gemm_epilogue(acc_0_2, feature_2), gemm_epilogue(acc_0_3, feature_3)); }
  { gemm_c[(row0 * 256u + col0 + 4u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_4, feature_4), gemm_epilogue(acc_0_5, feature_5), gemm_epilogue(acc_0_6, feature_6), gemm_epilogue(acc_0_7, feature_7)); }
  { gemm_c[((row0 + 1u) * 256u + col0) / 4u] = vec4<f32>(gemm_epilogue(acc_1_0, feature_0), gemm_epilogue(acc_1_1, feature_1), gemm_epilogue(acc_1_2, feature_2), gemm_epilogue(acc_1_3, feature_3)); }
  { gemm_c[((row0 + 1u) * 256u + col0 + 4u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_4, feature_4), gemm_epilogue(acc_1_5, feature_5), gemm_epilogue(acc_1_6, feature_6), gemm_epilogue(acc_1_7, feature_7)); }
  { gemm_c[((row0 + 2u) * 256u + col0) / 4u] = vec4<f32>(gemm_epilogue(acc_2_0, feature_0), gemm_epilogue(acc_2_1, feature_1), gemm_epilogue(acc_2_2, feature_2), gemm_epilogue(acc_2_3, feature_3)); }
  { gemm_c[((row0 + 2u) * 256u + col0 + 4u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_4, feature_4), gemm_epilogue(acc_2_5, feature_5), gemm_epilogue(acc_2_6, feature_6), gemm_epilogue(acc_2_7, feature_7)); }
  { gemm_c[((row0 + 3u) * 256u + col0) / 4u] = vec4<f32>(gemm_epilogue(acc_3_0, feature_0), gemm_epilogue(acc_3_1, feature_1), gemm_epilogue(acc_3_2, feature_2), gemm_epilogue(acc_3_3, feature_3)); }
  { gemm_c[((row0 + 3u) * 256u + col0 + 4u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_4, feature_4), gemm_epilogue(acc_3_5, feature_5), gemm_epilogue(acc_3_6, feature_6), gemm_epilogue(acc_3_7, feature_7)); }
}
`,
  },
  {
    name: "dropout2_dropout",
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

@group(0) @binding(0) var<storage, read> x: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> y: array<vec4f>;
@group(0) @binding(2) var<uniform> step: Step;
fn mix32(v: u32) -> u32 {
  var x = v;
  x = (x ^ (x >> 16u)) * 0x7feb352du;
  x = (x ^ (x >> 15u)) * 0x846ca68bu;
  return x ^ (x >> 16u);
}

// The part of random_bits shared by every index of one step's stream.
fn stream_key(seed: u32, stream: u32) -> u32 {
  return mix32(seed ^ mix32(stream + 0x9e3779b9u));
}

fn random_bits(seed: u32, stream: u32, index: u32) -> u32 {
  return mix32(stream_key(seed, stream) ^ index);
}

// mix32 of four values at once.
fn mix32x4(v: vec4u) -> vec4u {
  var x = v;
  x = (x ^ (x >> vec4u(16u))) * 0x7feb352du;
  x = (x ^ (x >> vec4u(15u))) * 0x846ca68bu;
  return x ^ (x >> vec4u(16u));
}

// random_bits of indices first to first + 3, the stream's key hashed once.
fn random_bits4(seed: u32, stream: u32, first: u32) -> vec4u {
  return mix32x4(vec4u(stream_key(seed, stream)) ^ (vec4u(first) + vec4u(0u, 1u, 2u, 3u)));
}

fn dropped(v: f32, i: u32) -> f32 {
  let keep = f32(random_bits(step.seed, 11u, i) >> 8u) * 5.960464477539063e-8 >= 0.5;
  return select(0.0, v * 2.0, keep);
}

fn dropped4(v: vec4f, k: u32) -> vec4f {
  let keep = vec4f(random_bits4(step.seed, 11u, 4u * k) >> vec4u(8u)) * 5.960464477539063e-8 >= vec4f(0.5);
  return select(vec4f(0.0), v * 2.0, keep);
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 16384u) { return; }
  y[i] = dropped4(x[i], i);
}
`,
  },
  {
    name: "linear3_forward",
    code: /* wgsl */ `
// gemm linear3_forward: C[256x10] = A[256x256] * B[256x10] (A, B stored transposed; epilogue)
// tile {"strategy":"register","threads":[1,64],"rows":4,"cols":8}
@group(0) @binding(0) var<storage, read> gemm_a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> gemm_b: array<vec4<f32>>;
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
  let col0 = tile_col * 8u + lid.x * 8u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0; var acc_0_6 = 0.0; var acc_0_7 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0; var acc_1_6 = 0.0; var acc_1_7 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0; var acc_2_6 = 0.0; var acc_2_7 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0; var acc_3_6 = 0.0; var acc_3_7 = 0.0;
  for (var k0 = 0u; k0 < 256u; k0 += 4u) {
    let a_0_0 = gemm_a[(row0 * 256u + k0) / 4u];
    let a_1_0 = gemm_a[((row0 + 1u) * 256u + k0) / 4u];
    let a_2_0 = gemm_a[((row0 + 2u) * 256u + k0) / 4u];
    let a_3_0 = gemm_a[((row0 + 3u) * 256u + k0) / 4u];
    let b_0_0 = gemm_b[(min(col0, 9u) * 256u + k0) / 4u];
    let b_0_1 = gemm_b[(min(col0 + 1u, 9u) * 256u + k0) / 4u];
    let b_0_2 = gemm_b[(min(col0 + 2u, 9u) * 256u + k0) / 4u];
    let b_0_3 = gemm_b[(min(col0 + 3u, 9u) * 256u + k0) / 4u];
    let b_0_4 = gemm_b[(min(col0 + 4u, 9u) * 256u + k0) / 4u];
    let b_0_5 = gemm_b[(min(col0 + 5u, 9u) * 256u + k0) / 4u];
    let b_0_6 = gemm_b[(min(col0 + 6u, 9u) * 256u + k0) / 4u];
    let b_0_7 = gemm_b[(min(col0 + 7u, 9u) * 256u + k0) / 4u];
    acc_0_0 = fma(a_0_0.x, b_0_0.x, acc_0_0);
    acc_0_1 = fma(a_0_0.x, b_0_1.x, acc_0_1);
    acc_0_2 = fma(a_0_0.x, b_0_2.x, acc_0_2);
    acc_0_3 = fma(a_0_0.x, b_0_3.x, acc_0_3);
    acc_0_4 = fma(a_0_0.x, b_0_4.x, acc_0_4);
    acc_0_5 = fma(a_0_0.x, b_0_5.x, acc_0_5);
    acc_0_6 = fma(a_0_0.x, b_0_6.x, acc_0_6);
    acc_0_7 = fma(a_0_0.x, b_0_7.x, acc_0_7);
    acc_0_0 = fma(a_0_0.y, b_0_0.y, acc_0_0);
    acc_0_1 = fma(a_0_0.y, b_0_1.y, acc_0_1);
    acc_0_2 = fma(a_0_0.y, b_0_2.y, acc_0_2);
    acc_0_3 = fma(a_0_0.y, b_0_3.y, acc_0_3);
    acc_0_4 = fma(a_0_0.y, b_0_4.y, acc_0_4);
    acc_0_5 = fma(a_0_0.y, b_0_5.y, acc_0_5);
    acc_0_6 = fma(a_0_0.y, b_0_6.y, acc_0_6);
    acc_0_7 = fma(a_0_0.y, b_0_7.y, acc_0_7);
    acc_0_0 = fma(a_0_0.z, b_0_0.z, acc_0_0);
    acc_0_1 = fma(a_0_0.z, b_0_1.z, acc_0_1);
    acc_0_2 = fma(a_0_0.z, b_0_2.z, acc_0_2);
    acc_0_3 = fma(a_0_0.z, b_0_3.z, acc_0_3);
    acc_0_4 = fma(a_0_0.z, b_0_4.z, acc_0_4);
    acc_0_5 = fma(a_0_0.z, b_0_5.z, acc_0_5);
    acc_0_6 = fma(a_0_0.z, b_0_6.z, acc_0_6);
    acc_0_7 = fma(a_0_0.z, b_0_7.z, acc_0_7);
    acc_0_0 = fma(a_0_0.w, b_0_0.w, acc_0_0);
    acc_0_1 = fma(a_0_0.w, b_0_1.w, acc_0_1);
    acc_0_2 = fma(a_0_0.w, b_0_2.w, acc_0_2);
    acc_0_3 = fma(a_0_0.w, b_0_3.w, acc_0_3);
    acc_0_4 = fma(a_0_0.w, b_0_4.w, acc_0_4);
    acc_0_5 = fma(a_0_0.w, b_0_5.w, acc_0_5);
    acc_0_6 = fma(a_0_0.w, b_0_6.w, acc_0_6);
    acc_0_7 = fma(a_0_0.w, b_0_7.w, acc_0_7);
    acc_1_0 = fma(a_1_0.x, b_0_0.x, acc_1_0);
    acc_1_1 = fma(a_1_0.x, b_0_1.x, acc_1_1);
    acc_1_2 = fma(a_1_0.x, b_0_2.x, acc_1_2);
    acc_1_3 = fma(a_1_0.x, b_0_3.x, acc_1_3);
    acc_1_4 = fma(a_1_0.x, b_0_4.x, acc_1_4);
    acc_1_5 = fma(a_1_0.x, b_0_5.x, acc_1_5);
    acc_1_6 = fma(a_1_0.x, b_0_6.x, acc_1_6);
    acc_1_7 = fma(a_1_0.x, b_0_7.x, acc_1_7);
    acc_1_0 = fma(a_1_0.y, b_0_0.y, acc_1_0);
    acc_1_1 = fma(a_1_0.y, b_0_1.y, acc_1_1);
    acc_1_2 = fma(a_1_0.y, b_0_2.y, acc_1_2);
    acc_1_3 = fma(a_1_0.y, b_0_3.y, acc_1_3);
    acc_1_4 = fma(a_1_0.y, b_0_4.y, acc_1_4);
    acc_1_5 = fma(a_1_0.y, b_0_5.y, acc_1_5);
    acc_1_6 = fma(a_1_0.y, b_0_6.y, acc_1_6);
    acc_1_7 = fma(a_1_0.y, b_0_7.y, acc_1_7);
    acc_1_0 = fma(a_1_0.z, b_0_0.z, acc_1_0);
    acc_1_1 = fma(a_1_0.z, b_0_1.z, acc_1_1);
    acc_1_2 = fma(a_1_0.z, b_0_2.z, acc_1_2);
    acc_1_3 = fma(a_1_0.z, b_0_3.z, acc_1_3);
    acc_1_4 = fma(a_1_0.z, b_0_4.z, acc_1_4);
    acc_1_5 = fma(a_1_0.z, b_0_5.z, acc_1_5);
    acc_1_6 = fma(a_1_0.z, b_0_6.z, acc_1_6);
    acc_1_7 = fma(a_1_0.z, b_0_7.z, acc_1_7);
    acc_1_0 = fma(a_1_0.w, b_0_0.w, acc_1_0);
    acc_1_1 = fma(a_1_0.w, b_0_1.w, acc_1_1);
    acc_1_2 = fma(a_1_0.w, b_0_2.w, acc_1_2);
    acc_1_3 = fma(a_1_0.w, b_0_3.w, acc_1_3);
    acc_1_4 = fma(a_1_0.w, b_0_4.w, acc_1_4);
    acc_1_5 = fma(a_1_0.w, b_0_5.w, acc_1_5);
    acc_1_6 = fma(a_1_0.w, b_0_6.w, acc_1_6);
    acc_1_7 = fma(a_1_0.w, b_0_7.w, acc_1_7);
    acc_2_0 = fma(a_2_0.x, b_0_0.x, acc_2_0);
    acc_2_1 = fma(a_2_0.x, b_0_1.x, acc_2_1);
    acc_2_2 = fma(a_2_0.x, b_0_2.x, acc_2_2);
    acc_2_3 = fma(a_2_0.x, b_0_3.x, acc_2_3);
    acc_2_4 = fma(a_2_0.x, b_0_4.x, acc_2_4);
    acc_2_5 = fma(a_2_0.x, b_0_5.x, acc_2_5);
    acc_2_6 = fma(a_2_0.x, b_0_6.x, acc_2_6);
    acc_2_7 = fma(a_2_0.x, b_0_7.x, acc_2_7);
    acc_2_0 = fma(a_2_0.y, b_0_0.y, acc_2_0);
    acc_2_1 = fma(a_2_0.y, b_0_1.y, acc_2_1);
    acc_2_2 = fma(a_2_0.y, b_0_2.y, acc_2_2);
    acc_2_3 = fma(a_2_0.y, b_0_3.y, acc_2_3);
    acc_2_4 = fma(a_2_0.y, b_0_4.y, acc_2_4);
    acc_2_5 = fma(a_2_0.y, b_0_5.y, acc_2_5);
    acc_2_6 = fma(a_2_0.y, b_0_6.y, acc_2_6);
    acc_2_7 = fma(a_2_0.y, b_0_7.y, acc_2_7);
    acc_2_0 = fma(a_2_0.z, b_0_0.z, acc_2_0);
    acc_2_1 = fma(a_2_0.z, b_0_1.z, acc_2_1);
    acc_2_2 = fma(a_2_0.z, b_0_2.z, acc_2_2);
    acc_2_3 = fma(a_2_0.z, b_0_3.z, acc_2_3);
    acc_2_4 = fma(a_2_0.z, b_0_4.z, acc_2_4);
    acc_2_5 = fma(a_2_0.z, b_0_5.z, acc_2_5);
    acc_2_6 = fma(a_2_0.z, b_0_6.z, acc_2_6);
    acc_2_7 = fma(a_2_0.z, b_0_7.z, acc_2_7);
    acc_2_0 = fma(a_2_0.w, b_0_0.w, acc_2_0);
    acc_2_1 = fma(a_2_0.w, b_0_1.w, acc_2_1);
    acc_2_2 = fma(a_2_0.w, b_0_2.w, acc_2_2);
    acc_2_3 = fma(a_2_0.w, b_0_3.w, acc_2_3);
    acc_2_4 = fma(a_2_0.w, b_0_4.w, acc_2_4);
    acc_2_5 = fma(a_2_0.w, b_0_5.w, acc_2_5);
    acc_2_6 = fma(a_2_0.w, b_0_6.w, acc_2_6);
    acc_2_7 = fma(a_2_0.w, b_0_7.w, acc_2_7);
    acc_3_0 = fma(a_3_0.x, b_0_0.x, acc_3_0);
    acc_3_1 = fma(a_3_0.x, b_0_1.x, acc_3_1);
    acc_3_2 = fma(a_3_0.x, b_0_2.x, acc_3_2);
    acc_3_3 = fma(a_3_0.x, b_0_3.x, acc_3_3);
    acc_3_4 = fma(a_3_0.x, b_0_4.x, acc_3_4);
    acc_3_5 = fma(a_3_0.x, b_0_5.x, acc_3_5);
    acc_3_6 = fma(a_3_0.x, b_0_6.x, acc_3_6);
    acc_3_7 = fma(a_3_0.x, b_0_7.x, acc_3_7);
    acc_3_0 = fma(a_3_0.y, b_0_0.y, acc_3_0);
    acc_3_1 = fma(a_3_0.y, b_0_1.y, acc_3_1);
    acc_3_2 = fma(a_3_0.y, b_0_2.y, acc_3_2);
    acc_3_3 = fma(a_3_0.y, b_0_3.y, acc_3_3);
    acc_3_4 = fma(a_3_0.y, b_0_4.y, acc_3_4);
    acc_3_5 = fma(a_3_0.y, b_0_5.y, acc_3_5);
    acc_3_6 = fma(a_3_0.y, b_0_6.y, acc_3_6);
    acc_3_7 = fma(a_3_0.y, b_0_7.y, acc_3_7);
    acc_3_0 = fma(a_3_0.z, b_0_0.z, acc_3_0);
    acc_3_1 = fma(a_3_0.z, b_0_1.z, acc_3_1);
    acc_3_2 = fma(a_3_0.z, b_0_2.z, acc_3_2);
    acc_3_3 = fma(a_3_0.z, b_0_3.z, acc_3_3);
    acc_3_4 = fma(a_3_0.z, b_0_4.z, acc_3_4);
    acc_3_5 = fma(a_3_0.z, b_0_5.z, acc_3_5);
    acc_3_6 = fma(a_3_0.z, b_0_6.z, acc_3_6);
    acc_3_7 = fma(a_3_0.z, b_0_7.z, acc_3_7);
    acc_3_0 = fma(a_3_0.w, b_0_0.w, acc_3_0);
    acc_3_1 = fma(a_3_0.w, b_0_1.w, acc_3_1);
    acc_3_2 = fma(a_3_0.w, b_0_2.w, acc_3_2);
    acc_3_3 = fma(a_3_0.w, b_0_3.w, acc_3_3);
    acc_3_4 = fma(a_3_0.w, b_0_4.w, acc_3_4);
    acc_3_5 = fma(a_3_0.w, b_0_5.w, acc_3_5);
    acc_3_6 = fma(a_3_0.w, b_0_6.w, acc_3_6);
    acc_3_7 = fma(a_3_0.w, b_0_7.w, acc_3_7);
  }
  let feature_0 = gemm_feature(min(col0, 9u), batch);
  let feature_1 = gemm_feature(min(col0 + 1u, 9u), batch);
  let feature_2 = gemm_feature(min(col0 + 2u, 9u), batch);
  let feature_3 = gemm_feature(min(col0 + 3u, 9u), batch);
  let feature_4 = gemm_feature(min(col0 + 4u, 9u), batch);
  let feature_5 = gemm_feature(min(col0 + 5u, 9u), batch);
  let feature_6 = gemm_feature(min(col0 + 6u, 9u), batch);
  let feature_7 = gemm_feature(min(col0 + 7u, 9u), batch);
  if (col0 < 10u) { gemm_c[row0 * 10u + col0] = gemm_epilogue(acc_0_0, feature_0); }
  if (col0 + 1u < 10u) { gemm_c[row0 * 10u + col0 + 1u] = gemm_epilogue(acc_0_1, feature_1); }
  if (col0 + 2u < 10u) { gemm_c[row0 * 10u + col0 + 2u] = gemm_epilogue(acc_0_2, feature_2); }
  if (col0 + 3u < 10u) { gemm_c[row0 * 10u + col0 + 3u] = gemm_epilogue(acc_0_3, feature_3); }
  if (col0 + 4u < 10u) { gemm_c[row0 * 10u + col0 + 4u] = gemm_epilogue(acc_0_4, feature_4); }
  if (col0 + 5u < 10u) { gemm_c[row0 * 10u + col0 + 5u] = gemm_epilogue(acc_0_5, feature_5); }
  if (col0 + 6u < 10u) { gemm_c[row0 * 10u + col0 + 6u] = gemm_epilogue(acc_0_6, feature_6); }
  if (col0 + 7u < 10u) { gemm_c[row0 * 10u + col0 + 7u] = gemm_epilogue(acc_0_7, feature_7); }
  if (col0 < 10u) { gemm_c[(row0 + 1u) * 10u + col0] = gemm_epilogue(acc_1_0, feature_0); }
  if (col0 + 1u < 10u) { gemm_c[(row0 + 1u) * 10u + col0 + 1u] = gemm_epilogue(acc_1_1, feature_1); }
  if (col0 + 2u < 10u) { gemm_c[(row0 + 1u) * 10u + col0 + 2u] = gemm_epilogue(acc_1_2, feature_2); }
  if (col0 + 3u < 10u) { gemm_c[(row0 + 1u) * 10u + col0 + 3u] = gemm_epilogue(acc_1_3, feature_3); }
  if (col0 + 4u < 10u) { gemm_c[(row0 + 1u) * 10u + col0 + 4u] = gemm_epilogue(acc_1_4, feature_4); }
  if (col0 + 5u < 10u) { gemm_c[(row0 + 1u) * 10u + col0 + 5u] = gemm_epilogue(acc_1_5, feature_5); }
  if (col0 + 6u < 10u) { gemm_c[(row0 + 1u) * 10u + col0 + 6u] = gemm_epilogue(acc_1_6, feature_6); }
  if (col0 + 7u < 10u) { gemm_c[(row0 + 1u) * 10u + col0 + 7u] = gemm_epilogue(acc_1_7, feature_7); }
  if (col0 < 10u) { gemm_c[(row0 + 2u) * 10u + col0] = gemm_epilogue(acc_2_0, feature_0); }
  if (col0 + 1u < 10u) { gemm_c[(row0 + 2u) * 10u + col0 + 1u] = gemm_epilogue(acc_2_1, feature_1); }
  if (col0 + 2u < 10u) { gemm_c[(row0 + 2u) * 10u + col0 + 2u] = gemm_epilogue(acc_2_2, feature_2); }
  if (col0 + 3u < 10u) { gemm_c[(row0 + 2u) * 10u + col0 + 3u] = gemm_epilogue(acc_2_3, feature_3); }
  if (col0 + 4u < 10u) { gemm_c[(row0 + 2u) * 10u + col0 + 4u] = gemm_epilogue(acc_2_4, feature_4); }
  if (col0 + 5u < 10u) { gemm_c[(row0 + 2u) * 10u + col0 + 5u] = gemm_epilogue(acc_2_5, feature_5); }
  if (col0 + 6u < 10u) { gemm_c[(row0 + 2u) * 10u + col0 + 6u] = gemm_epilogue(acc_2_6, feature_6); }
  if (col0 + 7u < 10u) { gemm_c[(row0 + 2u) * 10u + col0 + 7u] = gemm_epilogue(acc_2_7, feature_7); }
  if (col0 < 10u) { gemm_c[(row0 + 3u) * 10u + col0] = gemm_epilogue(acc_3_0, feature_0); }
  if (col0 + 1u < 10u) { gemm_c[(row0 + 3u) * 10u + col0 + 1u] = gemm_epilogue(acc_3_1, feature_1); }
  if (col0 + 2u < 10u) { gemm_c[(row0 + 3u) * 10u + col0 + 2u] = gemm_epilogue(acc_3_2, feature_2); }
  if (col0 + 3u < 10u) { gemm_c[(row0 + 3u) * 10u + col0 + 3u] = gemm_epilogue(acc_3_3, feature_3); }
  if (col0 + 4u < 10u) { gemm_c[(row0 + 3u) * 10u + col0 + 4u] = gemm_epilogue(acc_3_4, feature_4); }
  if (col0 + 5u < 10u) { gemm_c[(row0 + 3u) * 10u + col0 + 5u] = gemm_epilogue(acc_3_5, feature_5); }
  if (col0 + 6u < 10u) { gemm_c[(row0 + 3u) * 10u + col0 + 6u] = gemm_epilogue(acc_3_6, feature_6); }
  if (col0 + 7u < 10u) { gemm_c[(row0 + 3u) * 10u + col0 + 7u] = gemm_epilogue(acc_3_7, feature_7); }
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

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
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
    let base = row * 10u;
    var top = logits[base];
    var best = 0u;
    for (var c = 1u; c < 10u; c++) {
      let v = logits[base + c];
      if (v > top) { top = v; best = c; }
    }
    var sum = 0.0;
    for (var c = 0u; c < 10u; c++) { sum += exp(logits[base + c] - top); }
    let label = labels[row];
    // The label's gap to the top before log(sum): added to a large top, log(sum) would round away.
    loss_sum += log(sum) - (logits[base + label] - top);
    hits += select(0.0, 1.0, best == label);
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
    name: "loss_grad_logits_grad",
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

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
@group(0) @binding(2) var<storage, read_write> grad: array<f32>;
@group(0) @binding(3) var<uniform> step: Step;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let row = gid.x;
  if (row >= 256u) { return; }
  let base = row * 10u;
  if (row >= step.rows) {
    for (var c = 0u; c < 10u; c++) { grad[base + c] = 0.0; }
    return;
  }
  var top = logits[base];
  for (var c = 1u; c < 10u; c++) { top = max(top, logits[base + c]); }
  var sum = 0.0;
  for (var c = 0u; c < 10u; c++) { sum += exp(logits[base + c] - top); }
  let scale = 1.0 / (sum * f32(step.rows));
  let label = labels[row];
  for (var c = 0u; c < 10u; c++) {
    grad[base + c] = exp(logits[base + c] - top) * scale - select(0.0, 1.0 / f32(step.rows), c == label);
  }
}
`,
  },
  {
    name: "linear3_grad_input_matmul",
    code: /* wgsl */ `
// gemm linear3_grad_input_matmul: C[256x256] = A[256x10] * B[10x256] (A, B)
// tile {"strategy":"register","threads":[8,8],"rows":4,"cols":8}
@group(0) @binding(0) var<storage, read> gemm_a: array<f32>;
@group(0) @binding(1) var<storage, read> gemm_b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gemm_c: array<vec4<f32>>;

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let row0 = tile_row * 32u + lid.y * 4u;
  let col0 = tile_col * 64u + lid.x * 8u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0; var acc_0_6 = 0.0; var acc_0_7 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0; var acc_1_6 = 0.0; var acc_1_7 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0; var acc_2_6 = 0.0; var acc_2_7 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0; var acc_3_6 = 0.0; var acc_3_7 = 0.0;
  for (var k0 = 0u; k0 < 10u; k0 += 1u) {
    let a_0_0 = gemm_a[row0 * 10u + k0];
    let a_1_0 = gemm_a[(row0 + 1u) * 10u + k0];
    let a_2_0 = gemm_a[(row0 + 2u) * 10u + k0];
    let a_3_0 = gemm_a[(row0 + 3u) * 10u + k0];
    let b_0_0 = gemm_b[(k0 * 256u + col0) / 4u];
    let b_0_1 = gemm_b[(k0 * 256u + col0 + 4u) / 4u];
    acc_0_0 = fma(a_0_0, b_0_0.x, acc_0_0);
    acc_0_1 = fma(a_0_0, b_0_0.y, acc_0_1);
    acc_0_2 = fma(a_0_0, b_0_0.z, acc_0_2);
    acc_0_3 = fma(a_0_0, b_0_0.w, acc_0_3);
    acc_0_4 = fma(a_0_0, b_0_1.x, acc_0_4);
    acc_0_5 = fma(a_0_0, b_0_1.y, acc_0_5);
    acc_0_6 = fma(a_0_0, b_0_1.z, acc_0_6);
    acc_0_7 = fma(a_0_0, b_0_1.w, acc_0_7);
    acc_1_0 = fma(a_1_0, b_0_0.x, acc_1_0);
    acc_1_1 = fma(a_1_0, b_0_0.y, acc_1_1);
    acc_1_2 = fma(a_1_0, b_0_0.z, acc_1_2);
    acc_1_3 = fma(a_1_0, b_0_0.w, acc_1_3);
    acc_1_4 = fma(a_1_0, b_0_1.x, acc_1_4);
    acc_1_5 = fma(a_1_0, b_0_1.y, acc_1_5);
    acc_1_6 = fma(a_1_0, b_0_1.z, acc_1_6);
    acc_1_7 = fma(a_1_0, b_0_1.w, acc_1_7);
    acc_2_0 = fma(a_2_0, b_0_0.x, acc_2_0);
    acc_2_1 = fma(a_2_0, b_0_0.y, acc_2_1);
    acc_2_2 = fma(a_2_0, b_0_0.z, acc_2_2);
    acc_2_3 = fma(a_2_0, b_0_0.w, acc_2_3);
    acc_2_4 = fma(a_2_0, b_0_1.x, acc_2_4);
    acc_2_5 = fma(a_2_0, b_0_1.y, acc_2_5);
    acc_2_6 = fma(a_2_0, b_0_1.z, acc_2_6);
    acc_2_7 = fma(a_2_0, b_0_1.w, acc_2_7);
    acc_3_0 = fma(a_3_0, b_0_0.x, acc_3_0);
    acc_3_1 = fma(a_3_0, b_0_0.y, acc_3_1);
    acc_3_2 = fma(a_3_0, b_0_0.z, acc_3_2);
    acc_3_3 = fma(a_3_0, b_0_0.w, acc_3_3);
    acc_3_4 = fma(a_3_0, b_0_1.x, acc_3_4);
    acc_3_5 = fma(a_3_0, b_0_1.y, acc_3_5);
    acc_3_6 = fma(a_3_0, b_0_1.z, acc_3_6);
    acc_3_7 = fma(a_3_0, b_0_1.w, acc_3_7);
  }
  { gemm_c[(row0 * 256u + col0) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  { gemm_c[(row0 * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_0_4, acc_0_5, acc_0_6, acc_0_7); }
  { gemm_c[((row0 + 1u) * 256u + col0) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  { gemm_c[((row0 + 1u) * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_1_4, acc_1_5, acc_1_6, acc_1_7); }
  { gemm_c[((row0 + 2u) * 256u + col0) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  { gemm_c[((row0 + 2u) * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_2_4, acc_2_5, acc_2_6, acc_2_7); }
  { gemm_c[((row0 + 3u) * 256u + col0) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  { gemm_c[((row0 + 3u) * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_3_4, acc_3_5, acc_3_6, acc_3_7); }
}
`,
  },
  {
    name: "linear3_grad_weight_matmul",
    code: /* wgsl */ `
// gemm linear3_grad_weight_matmul: C[10x256] = A[10x256] * B[256x256] (A stored transposed, B)
// tile {"strategy":"register","threads":[64,1],"rows":10,"cols":4}
@group(0) @binding(0) var<storage, read> gemm_a: array<f32>;
@group(0) @binding(1) var<storage, read> gemm_b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gemm_c: array<vec4<f32>>;

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let row0 = tile_row * 10u + lid.y * 10u;
  let col0 = tile_col * 256u + lid.x * 4u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0;
  var acc_4_0 = 0.0; var acc_4_1 = 0.0; var acc_4_2 = 0.0; var acc_4_3 = 0.0;
  var acc_5_0 = 0.0; var acc_5_1 = 0.0; var acc_5_2 = 0.0; var acc_5_3 = 0.0;
  var acc_6_0 = 0.0; var acc_6_1 = 0.0; var acc_6_2 = 0.0; var acc_6_3 = 0.0;
  var acc_7_0 = 0.0; var acc_7_1 = 0.0; var acc_7_2 = 0.0; var acc_7_3 = 0.0;
  var acc_8_0 = 0.0; var acc_8_1 = 0.0; var acc_8_2 = 0.0; var acc_8_3 = 0.0;
  var acc_9_0 = 0.0; var acc_9_1 = 0.0; var acc_9_2 = 0.0; var acc_9_3 = 0.0;
  for (var k0 = 0u; k0 < 256u; k0 += 1u) {
    let a_0_0 = gemm_a[k0 * 10u + row0];
    let a_1_0 = gemm_a[k0 * 10u + row0 + 1u];
    let a_2_0 = gemm_a[k0 * 10u + row0 + 2u];
    let a_3_0 = gemm_a[k0 * 10u + row0 + 3u];
    let a_4_0 = gemm_a[k0 * 10u + row0 + 4u];
    let a_5_0 = gemm_a[k0 * 10u + row0 + 5u];
    let a_6_0 = gemm_a[k0 * 10u + row0 + 6u];
    let a_7_0 = gemm_a[k0 * 10u + row0 + 7u];
    let a_8_0 = gemm_a[k0 * 10u + row0 + 8u];
    let a_9_0 = gemm_a[k0 * 10u + row0 + 9u];
    let b_0_0 = gemm_b[(k0 * 256u + col0) / 4u];
    acc_0_0 = fma(a_0_0, b_0_0.x, acc_0_0);
    acc_0_1 = fma(a_0_0, b_0_0.y, acc_0_1);
    acc_0_2 = fma(a_0_0, b_0_0.z, acc_0_2);
    acc_0_3 = fma(a_0_0, b_0_0.w, acc_0_3);
    acc_1_0 = fma(a_1_0, b_0_0.x, acc_1_0);
    acc_1_1 = fma(a_1_0, b_0_0.y, acc_1_1);
    acc_1_2 = fma(a_1_0, b_0_0.z, acc_1_2);
    acc_1_3 = fma(a_1_0, b_0_0.w, acc_1_3);
    acc_2_0 = fma(a_2_0, b_0_0.x, acc_2_0);
    acc_2_1 = fma(a_2_0, b_0_0.y, acc_2_1);
    acc_2_2 = fma(a_2_0, b_0_0.z, acc_2_2);
    acc_2_3 = fma(a_2_0, b_0_0.w, acc_2_3);
    acc_3_0 = fma(a_3_0, b_0_0.x, acc_3_0);
    acc_3_1 = fma(a_3_0, b_0_0.y, acc_3_1);
    acc_3_2 = fma(a_3_0, b_0_0.z, acc_3_2);
    acc_3_3 = fma(a_3_0, b_0_0.w, acc_3_3);
    acc_4_0 = fma(a_4_0, b_0_0.x, acc_4_0);
    acc_4_1 = fma(a_4_0, b_0_0.y, acc_4_1);
    acc_4_2 = fma(a_4_0, b_0_0.z, acc_4_2);
    acc_4_3 = fma(a_4_0, b_0_0.w, acc_4_3);
    acc_5_0 = fma(a_5_0, b_0_0.x, acc_5_0);
    acc_5_1 = fma(a_5_0, b_0_0.y, acc_5_1);
    acc_5_2 = fma(a_5_0, b_0_0.z, acc_5_2);
    acc_5_3 = fma(a_5_0, b_0_0.w, acc_5_3);
    acc_6_0 = fma(a_6_0, b_0_0.x, acc_6_0);
    acc_6_1 = fma(a_6_0, b_0_0.y, acc_6_1);
    acc_6_2 = fma(a_6_0, b_0_0.z, acc_6_2);
    acc_6_3 = fma(a_6_0, b_0_0.w, acc_6_3);
    acc_7_0 = fma(a_7_0, b_0_0.x, acc_7_0);
    acc_7_1 = fma(a_7_0, b_0_0.y, acc_7_1);
    acc_7_2 = fma(a_7_0, b_0_0.z, acc_7_2);
    acc_7_3 = fma(a_7_0, b_0_0.w, acc_7_3);
    acc_8_0 = fma(a_8_0, b_0_0.x, acc_8_0);
    acc_8_1 = fma(a_8_0, b_0_0.y, acc_8_1);
    acc_8_2 = fma(a_8_0, b_0_0.z, acc_8_2);
    acc_8_3 = fma(a_8_0, b_0_0.w, acc_8_3);
    acc_9_0 = fma(a_9_0, b_0_0.x, acc_9_0);
    acc_9_1 = fma(a_9_0, b_0_0.y, acc_9_1);
    acc_9_2 = fma(a_9_0, b_0_0.z, acc_9_2);
    acc_9_3 = fma(a_9_0, b_0_0.w, acc_9_3);
  }
  { gemm_c[(row0 * 256u + col0) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  { gemm_c[((row0 + 1u) * 256u + col0) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  { gemm_c[((row0 + 2u) * 256u + col0) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  { gemm_c[((row0 + 3u) * 256u + col0) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  { gemm_c[((row0 + 4u) * 256u + col0) / 4u] = vec4<f32>(acc_4_0, acc_4_1, acc_4_2, acc_4_3); }
  { gemm_c[((row0 + 5u) * 256u + col0) / 4u] = vec4<f32>(acc_5_0, acc_5_1, acc_5_2, acc_5_3); }
  { gemm_c[((row0 + 6u) * 256u + col0) / 4u] = vec4<f32>(acc_6_0, acc_6_1, acc_6_2, acc_6_3); }
  { gemm_c[((row0 + 7u) * 256u + col0) / 4u] = vec4<f32>(acc_7_0, acc_7_1, acc_7_2, acc_7_3); }
  { gemm_c[((row0 + 8u) * 256u + col0) / 4u] = vec4<f32>(acc_8_0, acc_8_1, acc_8_2, acc_8_3); }
  { gemm_c[((row0 + 9u) * 256u + col0) / 4u] = vec4<f32>(acc_9_0, acc_9_1, acc_9_2, acc_9_3); }
}
`,
  },
  {
    name: "linear3_grad_bias_sum_rows",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

// One thread per column; neighbouring threads read neighbouring addresses.
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let col = gid.x;
  if (col >= 10u) { return; }
  var sum = 0.0;
  for (var row = 0u; row < 256u; row++) {
    sum += x[row * 10u + col];
  }
  y[col] = sum;
}
`,
  },
  {
    name: "relu2_grad_input_dropout2_grad",
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

@group(0) @binding(0) var<storage, read> dy: array<vec4f>;
@group(0) @binding(1) var<storage, read> saved: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> y: array<vec4f>;
@group(0) @binding(3) var<uniform> step: Step;
fn dy_at4(k: u32) -> vec4f {
  return dy[k];
}

fn act_grad(g: f32, s: f32) -> f32 {
  return select(0.0, g, s > 0.0);
}

fn act_grad4(a: vec4f, b: vec4f) -> vec4f {
  return vec4f(act_grad(a.x, b.x), act_grad(a.y, b.y), act_grad(a.z, b.z), act_grad(a.w, b.w));
}

fn mix32(v: u32) -> u32 {
  var x = v;
  x = (x ^ (x >> 16u)) * 0x7feb352du;
  x = (x ^ (x >> 15u)) * 0x846ca68bu;
  return x ^ (x >> 16u);
}

// The part of random_bits shared by every index of one step's stream.
fn stream_key(seed: u32, stream: u32) -> u32 {
  return mix32(seed ^ mix32(stream + 0x9e3779b9u));
}

fn random_bits(seed: u32, stream: u32, index: u32) -> u32 {
  return mix32(stream_key(seed, stream) ^ index);
}

// mix32 of four values at once.
fn mix32x4(v: vec4u) -> vec4u {
  var x = v;
  x = (x ^ (x >> vec4u(16u))) * 0x7feb352du;
  x = (x ^ (x >> vec4u(15u))) * 0x846ca68bu;
  return x ^ (x >> vec4u(16u));
}

// random_bits of indices first to first + 3, the stream's key hashed once.
fn random_bits4(seed: u32, stream: u32, first: u32) -> vec4u {
  return mix32x4(vec4u(stream_key(seed, stream)) ^ (vec4u(first) + vec4u(0u, 1u, 2u, 3u)));
}

fn dropped(v: f32, i: u32) -> f32 {
  let keep = f32(random_bits(step.seed, 11u, i) >> 8u) * 5.960464477539063e-8 >= 0.5;
  return select(0.0, v * 2.0, keep);
}

fn dropped4(v: vec4f, k: u32) -> vec4f {
  let keep = vec4f(random_bits4(step.seed, 11u, 4u * k) >> vec4u(8u)) * 5.960464477539063e-8 >= vec4f(0.5);
  return select(vec4f(0.0), v * 2.0, keep);
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 16384u) { return; }
  y[i] = act_grad4(dropped4(dy_at4(i), i), saved[i]);
}
`,
  },
  {
    name: "linear2_grad_input_matmul",
    code: /* wgsl */ `
// gemm linear2_grad_input_matmul: C[256x256] = A[256x256] * B[256x256] (A, B)
// tile {"strategy":"register","threads":[8,8],"rows":4,"cols":8}
@group(0) @binding(0) var<storage, read> gemm_a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> gemm_b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gemm_c: array<vec4<f32>>;

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let row0 = tile_row * 32u + lid.y * 4u;
  let col0 = tile_col * 64u + lid.x * 8u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0; var acc_0_6 = 0.0; var acc_0_7 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0; var acc_1_6 = 0.0; var acc_1_7 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0; var acc_2_6 = 0.0; var acc_2_7 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0; var acc_3_6 = 0.0; var acc_3_7 = 0.0;
  for (var k0 = 0u; k0 < 256u; k0 += 4u) {
    let a_0_0 = gemm_a[(row0 * 256u + k0) / 4u];
    let a_1_0 = gemm_a[((row0 + 1u) * 256u + k0) / 4u];
    let a_2_0 = gemm_a[((row0 + 2u) * 256u + k0) / 4u];
    let a_3_0 = gemm_a[((row0 + 3u) * 256u + k0) / 4u];
    let b_0_0 = gemm_b[(k0 * 256u + col0) / 4u];
    let b_0_1 = gemm_b[(k0 * 256u + col0 + 4u) / 4u];
    let b_1_0 = gemm_b[((k0 + 1u) * 256u + col0) / 4u];
    let b_1_1 = gemm_b[((k0 + 1u) * 256u + col0 + 4u) / 4u];
    let b_2_0 = gemm_b[((k0 + 2u) * 256u + col0) / 4u];
    let b_2_1 = gemm_b[((k0 + 2u) * 256u + col0 + 4u) / 4u];
    let b_3_0 = gemm_b[((k0 + 3u) * 256u + col0) / 4u];
    let b_3_1 = gemm_b[((k0 + 3u) * 256u + col0 + 4u) / 4u];
    acc_0_0 = fma(a_0_0.x, b_0_0.x, acc_0_0);
    acc_0_1 = fma(a_0_0.x, b_0_0.y, acc_0_1);
    acc_0_2 = fma(a_0_0.x, b_0_0.z, acc_0_2);
    acc_0_3 = fma(a_0_0.x, b_0_0.w, acc_0_3);
    acc_0_4 = fma(a_0_0.x, b_0_1.x, acc_0_4);
    acc_0_5 = fma(a_0_0.x, b_0_1.y, acc_0_5);
    acc_0_6 = fma(a_0_0.x, b_0_1.z, acc_0_6);
    acc_0_7 = fma(a_0_0.x, b_0_1.w, acc_0_7);
    acc_0_0 = fma(a_0_0.y, b_1_0.x, acc_0_0);
    acc_0_1 = fma(a_0_0.y, b_1_0.y, acc_0_1);
    acc_0_2 = fma(a_0_0.y, b_1_0.z, acc_0_2);
    acc_0_3 = fma(a_0_0.y, b_1_0.w, acc_0_3);
    acc_0_4 = fma(a_0_0.y, b_1_1.x, acc_0_4);
    acc_0_5 = fma(a_0_0.y, b_1_1.y, acc_0_5);
    acc_0_6 = fma(a_0_0.y, b_1_1.z, acc_0_6);
    acc_0_7 = fma(a_0_0.y, b_1_1.w, acc_0_7);
    acc_0_0 = fma(a_0_0.z, b_2_0.x, acc_0_0);
    acc_0_1 = fma(a_0_0.z, b_2_0.y, acc_0_1);
    acc_0_2 = fma(a_0_0.z, b_2_0.z, acc_0_2);
    acc_0_3 = fma(a_0_0.z, b_2_0.w, acc_0_3);
    acc_0_4 = fma(a_0_0.z, b_2_1.x, acc_0_4);
    acc_0_5 = fma(a_0_0.z, b_2_1.y, acc_0_5);
    acc_0_6 = fma(a_0_0.z, b_2_1.z, acc_0_6);
    acc_0_7 = fma(a_0_0.z, b_2_1.w, acc_0_7);
    acc_0_0 = fma(a_0_0.w, b_3_0.x, acc_0_0);
    acc_0_1 = fma(a_0_0.w, b_3_0.y, acc_0_1);
    acc_0_2 = fma(a_0_0.w, b_3_0.z, acc_0_2);
    acc_0_3 = fma(a_0_0.w, b_3_0.w, acc_0_3);
    acc_0_4 = fma(a_0_0.w, b_3_1.x, acc_0_4);
    acc_0_5 = fma(a_0_0.w, b_3_1.y, acc_0_5);
    acc_0_6 = fma(a_0_0.w, b_3_1.z, acc_0_6);
    acc_0_7 = fma(a_0_0.w, b_3_1.w, acc_0_7);
    acc_1_0 = fma(a_1_0.x, b_0_0.x, acc_1_0);
    acc_1_1 = fma(a_1_0.x, b_0_0.y, acc_1_1);
    acc_1_2 = fma(a_1_0.x, b_0_0.z, acc_1_2);
    acc_1_3 = fma(a_1_0.x, b_0_0.w, acc_1_3);
    acc_1_4 = fma(a_1_0.x, b_0_1.x, acc_1_4);
    acc_1_5 = fma(a_1_0.x, b_0_1.y, acc_1_5);
    acc_1_6 = fma(a_1_0.x, b_0_1.z, acc_1_6);
    acc_1_7 = fma(a_1_0.x, b_0_1.w, acc_1_7);
    acc_1_0 = fma(a_1_0.y, b_1_0.x, acc_1_0);
    acc_1_1 = fma(a_1_0.y, b_1_0.y, acc_1_1);
    acc_1_2 = fma(a_1_0.y, b_1_0.z, acc_1_2);
    acc_1_3 = fma(a_1_0.y, b_1_0.w, acc_1_3);
    acc_1_4 = fma(a_1_0.y, b_1_1.x, acc_1_4);
    acc_1_5 = fma(a_1_0.y, b_1_1.y, acc_1_5);
    acc_1_6 = fma(a_1_0.y, b_1_1.z, acc_1_6);
    acc_1_7 = fma(a_1_0.y, b_1_1.w, acc_1_7);
    acc_1_0 = fma(a_1_0.z, b_2_0.x, acc_1_0);
    acc_1_1 = fma(a_1_0.z, b_2_0.y, acc_1_1);
    acc_1_2 = fma(a_1_0.z, b_2_0.z, acc_1_2);
    acc_1_3 = fma(a_1_0.z, b_2_0.w, acc_1_3);
    acc_1_4 = fma(a_1_0.z, b_2_1.x, acc_1_4);
    acc_1_5 = fma(a_1_0.z, b_2_1.y, acc_1_5);
    acc_1_6 = fma(a_1_0.z, b_2_1.z, acc_1_6);
    acc_1_7 = fma(a_1_0.z, b_2_1.w, acc_1_7);
    acc_1_0 = fma(a_1_0.w, b_3_0.x, acc_1_0);
    acc_1_1 = fma(a_1_0.w, b_3_0.y, acc_1_1);
    acc_1_2 = fma(a_1_0.w, b_3_0.z, acc_1_2);
    acc_1_3 = fma(a_1_0.w, b_3_0.w, acc_1_3);
    acc_1_4 = fma(a_1_0.w, b_3_1.x, acc_1_4);
    acc_1_5 = fma(a_1_0.w, b_3_1.y, acc_1_5);
    acc_1_6 = fma(a_1_0.w, b_3_1.z, acc_1_6);
    acc_1_7 = fma(a_1_0.w, b_3_1.w, acc_1_7);
    acc_2_0 = fma(a_2_0.x, b_0_0.x, acc_2_0);
    acc_2_1 = fma(a_2_0.x, b_0_0.y, acc_2_1);
    acc_2_2 = fma(a_2_0.x, b_0_0.z, acc_2_2);
    acc_2_3 = fma(a_2_0.x, b_0_0.w, acc_2_3);
    acc_2_4 = fma(a_2_0.x, b_0_1.x, acc_2_4);
    acc_2_5 = fma(a_2_0.x, b_0_1.y, acc_2_5);
    acc_2_6 = fma(a_2_0.x, b_0_1.z, acc_2_6);
    acc_2_7 = fma(a_2_0.x, b_0_1.w, acc_2_7);
    acc_2_0 = fma(a_2_0.y, b_1_0.x, acc_2_0);
    acc_2_1 = fma(a_2_0.y, b_1_0.y, acc_2_1);
    acc_2_2 = fma(a_2_0.y, b_1_0.z, acc_2_2);
    acc_2_3 = fma(a_2_0.y, b_1_0.w, acc_2_3);
    acc_2_4 = fma(a_2_0.y, b_1_1.x, acc_2_4);
    acc_2_5 = fma(a_2_0.y, b_1_1.y, acc_2_5);
    acc_2_6 = fma(a_2_0.y, b_1_1.z, acc_2_6);
    acc_2_7 = fma(a_2_0.y, b_1_1.w, acc_2_7);
    acc_2_0 = fma(a_2_0.z, b_2_0.x, acc_2_0);
    acc_2_1 = fma(a_2_0.z, b_2_0.y, acc_2_1);
    acc_2_2 = fma(a_2_0.z, b_2_0.z, acc_2_2);
    acc_2_3 = fma(a_2_0.z, b_2_0.w, acc_2_3);
    acc_2_4 = fma(a_2_0.z, b_2_1.x, acc_2_4);
    acc_2_5 = fma(a_2_0.z, b_2_1.y, acc_2_5);
    acc_2_6 = fma(a_2_0.z, b_2_1.z, acc_2_6);
    acc_2_7 = fma(a_2_0.z, b_2_1.w, acc_2_7);
    acc_2_0 = fma(a_2_0.w, b_3_0.x, acc_2_0);
    acc_2_1 = fma(a_2_0.w, b_3_0.y, acc_2_1);
    acc_2_2 = fma(a_2_0.w, b_3_0.z, acc_2_2);
    acc_2_3 = fma(a_2_0.w, b_3_0.w, acc_2_3);
    acc_2_4 = fma(a_2_0.w, b_3_1.x, acc_2_4);
    acc_2_5 = fma(a_2_0.w, b_3_1.y, acc_2_5);
    acc_2_6 = fma(a_2_0.w, b_3_1.z, acc_2_6);
    acc_2_7 = fma(a_2_0.w, b_3_1.w, acc_2_7);
    acc_3_0 = fma(a_3_0.x, b_0_0.x, acc_3_0);
    acc_3_1 = fma(a_3_0.x, b_0_0.y, acc_3_1);
    acc_3_2 = fma(a_3_0.x, b_0_0.z, acc_3_2);
    acc_3_3 = fma(a_3_0.x, b_0_0.w, acc_3_3);
    acc_3_4 = fma(a_3_0.x, b_0_1.x, acc_3_4);
    acc_3_5 = fma(a_3_0.x, b_0_1.y, acc_3_5);
    acc_3_6 = fma(a_3_0.x, b_0_1.z, acc_3_6);
    acc_3_7 = fma(a_3_0.x, b_0_1.w, acc_3_7);
    acc_3_0 = fma(a_3_0.y, b_1_0.x, acc_3_0);
    acc_3_1 = fma(a_3_0.y, b_1_0.y, acc_3_1);
    acc_3_2 = fma(a_3_0.y, b_1_0.z, acc_3_2);
    acc_3_3 = fma(a_3_0.y, b_1_0.w, acc_3_3);
    acc_3_4 = fma(a_3_0.y, b_1_1.x, acc_3_4);
    acc_3_5 = fma(a_3_0.y, b_1_1.y, acc_3_5);
    acc_3_6 = fma(a_3_0.y, b_1_1.z, acc_3_6);
    acc_3_7 = fma(a_3_0.y, b_1_1.w, acc_3_7);
    acc_3_0 = fma(a_3_0.z, b_2_0.x, acc_3_0);
    acc_3_1 = fma(a_3_0.z, b_2_0.y, acc_3_1);
    acc_3_2 = fma(a_3_0.z, b_2_0.z, acc_3_2);
    acc_3_3 = fma(a_3_0.z, b_2_0.w, acc_3_3);
    acc_3_4 = fma(a_3_0.z, b_2_1.x, acc_3_4);
    acc_3_5 = fma(a_3_0.z, b_2_1.y, acc_3_5);
    acc_3_6 = fma(a_3_0.z, b_2_1.z, acc_3_6);
    acc_3_7 = fma(a_3_0.z, b_2_1.w, acc_3_7);
    acc_3_0 = fma(a_3_0.w, b_3_0.x, acc_3_0);
    acc_3_1 = fma(a_3_0.w, b_3_0.y, acc_3_1);
    acc_3_2 = fma(a_3_0.w, b_3_0.z, acc_3_2);
    acc_3_3 = fma(a_3_0.w, b_3_0.w, acc_3_3);
    acc_3_4 = fma(a_3_0.w, b_3_1.x, acc_3_4);
    acc_3_5 = fma(a_3_0.w, b_3_1.y, acc_3_5);
    acc_3_6 = fma(a_3_0.w, b_3_1.z, acc_3_6);
    acc_3_7 = fma(a_3_0.w, b_3_1.w, acc_3_7);
  }
  { gemm_c[(row0 * 256u + col0) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  { gemm_c[(row0 * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_0_4, acc_0_5, acc_0_6, acc_0_7); }
  { gemm_c[((row0 + 1u) * 256u + col0) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  { gemm_c[((row0 + 1u) * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_1_4, acc_1_5, acc_1_6, acc_1_7); }
  { gemm_c[((row0 + 2u) * 256u + col0) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  { gemm_c[((row0 + 2u) * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_2_4, acc_2_5, acc_2_6, acc_2_7); }
  { gemm_c[((row0 + 3u) * 256u + col0) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  { gemm_c[((row0 + 3u) * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_3_4, acc_3_5, acc_3_6, acc_3_7); }
}
`,
  },
  {
    name: "linear2_grad_weight_matmul",
    code: /* wgsl */ `
// gemm linear2_grad_weight_matmul: C[256x256] = A[256x256] * B[256x256] (A stored transposed, B)
// tile {"strategy":"register","threads":[8,8],"rows":4,"cols":8}
@group(0) @binding(0) var<storage, read> gemm_a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> gemm_b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gemm_c: array<vec4<f32>>;

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let row0 = tile_row * 32u + lid.y * 4u;
  let col0 = tile_col * 64u + lid.x * 8u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0; var acc_0_6 = 0.0; var acc_0_7 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0; var acc_1_6 = 0.0; var acc_1_7 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0; var acc_2_6 = 0.0; var acc_2_7 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0; var acc_3_6 = 0.0; var acc_3_7 = 0.0;
  for (var k0 = 0u; k0 < 256u; k0 += 1u) {
    let a_0_0 = gemm_a[(k0 * 256u + row0) / 4u];
    let b_0_0 = gemm_b[(k0 * 256u + col0) / 4u];
    let b_0_1 = gemm_b[(k0 * 256u + col0 + 4u) / 4u];
    acc_0_0 = fma(a_0_0.x, b_0_0.x, acc_0_0);
    acc_0_1 = fma(a_0_0.x, b_0_0.y, acc_0_1);
    acc_0_2 = fma(a_0_0.x, b_0_0.z, acc_0_2);
    acc_0_3 = fma(a_0_0.x, b_0_0.w, acc_0_3);
    acc_0_4 = fma(a_0_0.x, b_0_1.x, acc_0_4);
    acc_0_5 = fma(a_0_0.x, b_0_1.y, acc_0_5);
    acc_0_6 = fma(a_0_0.x, b_0_1.z, acc_0_6);
    acc_0_7 = fma(a_0_0.x, b_0_1.w, acc_0_7);
    acc_1_0 = fma(a_0_0.y, b_0_0.x, acc_1_0);
    acc_1_1 = fma(a_0_0.y, b_0_0.y, acc_1_1);
    acc_1_2 = fma(a_0_0.y, b_0_0.z, acc_1_2);
    acc_1_3 = fma(a_0_0.y, b_0_0.w, acc_1_3);
    acc_1_4 = fma(a_0_0.y, b_0_1.x, acc_1_4);
    acc_1_5 = fma(a_0_0.y, b_0_1.y, acc_1_5);
    acc_1_6 = fma(a_0_0.y, b_0_1.z, acc_1_6);
    acc_1_7 = fma(a_0_0.y, b_0_1.w, acc_1_7);
    acc_2_0 = fma(a_0_0.z, b_0_0.x, acc_2_0);
    acc_2_1 = fma(a_0_0.z, b_0_0.y, acc_2_1);
    acc_2_2 = fma(a_0_0.z, b_0_0.z, acc_2_2);
    acc_2_3 = fma(a_0_0.z, b_0_0.w, acc_2_3);
    acc_2_4 = fma(a_0_0.z, b_0_1.x, acc_2_4);
    acc_2_5 = fma(a_0_0.z, b_0_1.y, acc_2_5);
    acc_2_6 = fma(a_0_0.z, b_0_1.z, acc_2_6);
    acc_2_7 = fma(a_0_0.z, b_0_1.w, acc_2_7);
    acc_3_0 = fma(a_0_0.w, b_0_0.x, acc_3_0);
    acc_3_1 = fma(a_0_0.w, b_0_0.y, acc_3_1);
    acc_3_2 = fma(a_0_0.w, b_0_0.z, acc_3_2);
    acc_3_3 = fma(a_0_0.w, b_0_0.w, acc_3_3);
    acc_3_4 = fma(a_0_0.w, b_0_1.x, acc_3_4);
    acc_3_5 = fma(a_0_0.w, b_0_1.y, acc_3_5);
    acc_3_6 = fma(a_0_0.w, b_0_1.z, acc_3_6);
    acc_3_7 = fma(a_0_0.w, b_0_1.w, acc_3_7);
  }
  { gemm_c[(row0 * 256u + col0) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  { gemm_c[(row0 * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_0_4, acc_0_5, acc_0_6, acc_0_7); }
  { gemm_c[((row0 + 1u) * 256u + col0) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  { gemm_c[((row0 + 1u) * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_1_4, acc_1_5, acc_1_6, acc_1_7); }
  { gemm_c[((row0 + 2u) * 256u + col0) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  { gemm_c[((row0 + 2u) * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_2_4, acc_2_5, acc_2_6, acc_2_7); }
  { gemm_c[((row0 + 3u) * 256u + col0) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  { gemm_c[((row0 + 3u) * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_3_4, acc_3_5, acc_3_6, acc_3_7); }
}
`,
  },
  {
    name: "linear2_grad_bias_sum_rows",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

// One thread per column; neighbouring threads read neighbouring addresses.
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let col = gid.x;
  if (col >= 256u) { return; }
  var sum = 0.0;
  for (var row = 0u; row < 256u; row++) {
    sum += x[row * 256u + col];
  }
  y[col] = sum;
}
`,
  },
  {
    name: "relu1_grad_input_dropout1_grad",
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

@group(0) @binding(0) var<storage, read> dy: array<vec4f>;
@group(0) @binding(1) var<storage, read> saved: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> y: array<vec4f>;
@group(0) @binding(3) var<uniform> step: Step;
fn dy_at4(k: u32) -> vec4f {
  return dy[k];
}

fn act_grad(g: f32, s: f32) -> f32 {
  return select(0.0, g, s > 0.0);
}

fn act_grad4(a: vec4f, b: vec4f) -> vec4f {
  return vec4f(act_grad(a.x, b.x), act_grad(a.y, b.y), act_grad(a.z, b.z), act_grad(a.w, b.w));
}

fn mix32(v: u32) -> u32 {
  var x = v;
  x = (x ^ (x >> 16u)) * 0x7feb352du;
  x = (x ^ (x >> 15u)) * 0x846ca68bu;
  return x ^ (x >> 16u);
}

// The part of random_bits shared by every index of one step's stream.
fn stream_key(seed: u32, stream: u32) -> u32 {
  return mix32(seed ^ mix32(stream + 0x9e3779b9u));
}

fn random_bits(seed: u32, stream: u32, index: u32) -> u32 {
  return mix32(stream_key(seed, stream) ^ index);
}

// mix32 of four values at once.
fn mix32x4(v: vec4u) -> vec4u {
  var x = v;
  x = (x ^ (x >> vec4u(16u))) * 0x7feb352du;
  x = (x ^ (x >> vec4u(15u))) * 0x846ca68bu;
  return x ^ (x >> vec4u(16u));
}

// random_bits of indices first to first + 3, the stream's key hashed once.
fn random_bits4(seed: u32, stream: u32, first: u32) -> vec4u {
  return mix32x4(vec4u(stream_key(seed, stream)) ^ (vec4u(first) + vec4u(0u, 1u, 2u, 3u)));
}

fn dropped(v: f32, i: u32) -> f32 {
  let keep = f32(random_bits(step.seed, 6u, i) >> 8u) * 5.960464477539063e-8 >= 0.20000000298023224;
  return select(0.0, v * 1.25, keep);
}

fn dropped4(v: vec4f, k: u32) -> vec4f {
  let keep = vec4f(random_bits4(step.seed, 6u, 4u * k) >> vec4u(8u)) * 5.960464477539063e-8 >= vec4f(0.20000000298023224);
  return select(vec4f(0.0), v * 1.25, keep);
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 16384u) { return; }
  y[i] = act_grad4(dropped4(dy_at4(i), i), saved[i]);
}
`,
  },
  {
    name: "linear1_grad_weight_matmul",
    code: /* wgsl */ `
// gemm linear1_grad_weight_matmul: C[256x784] = A[256x256] * B[256x784] (A stored transposed, B)
// tile {"strategy":"register","threads":[8,8],"rows":4,"cols":8}
@group(0) @binding(0) var<storage, read> gemm_a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> gemm_b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gemm_c: array<vec4<f32>>;

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let row0 = tile_row * 32u + lid.y * 4u;
  let col0 = tile_col * 64u + lid.x * 8u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0; var acc_0_6 = 0.0; var acc_0_7 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0; var acc_1_6 = 0.0; var acc_1_7 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0; var acc_2_6 = 0.0; var acc_2_7 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0; var acc_3_6 = 0.0; var acc_3_7 = 0.0;
  for (var k0 = 0u; k0 < 256u; k0 += 1u) {
    let a_0_0 = gemm_a[(k0 * 256u + row0) / 4u];
    let b_0_0 = gemm_b[(k0 * 784u + min(col0, 780u)) / 4u];
    let b_0_1 = gemm_b[(k0 * 784u + min(col0 + 4u, 780u)) / 4u];
    acc_0_0 = fma(a_0_0.x, b_0_0.x, acc_0_0);
    acc_0_1 = fma(a_0_0.x, b_0_0.y, acc_0_1);
    acc_0_2 = fma(a_0_0.x, b_0_0.z, acc_0_2);
    acc_0_3 = fma(a_0_0.x, b_0_0.w, acc_0_3);
    acc_0_4 = fma(a_0_0.x, b_0_1.x, acc_0_4);
    acc_0_5 = fma(a_0_0.x, b_0_1.y, acc_0_5);
    acc_0_6 = fma(a_0_0.x, b_0_1.z, acc_0_6);
    acc_0_7 = fma(a_0_0.x, b_0_1.w, acc_0_7);
    acc_1_0 = fma(a_0_0.y, b_0_0.x, acc_1_0);
    acc_1_1 = fma(a_0_0.y, b_0_0.y, acc_1_1);
    acc_1_2 = fma(a_0_0.y, b_0_0.z, acc_1_2);
    acc_1_3 = fma(a_0_0.y, b_0_0.w, acc_1_3);
    acc_1_4 = fma(a_0_0.y, b_0_1.x, acc_1_4);
    acc_1_5 = fma(a_0_0.y, b_0_1.y, acc_1_5);
    acc_1_6 = fma(a_0_0.y, b_0_1.z, acc_1_6);
    acc_1_7 = fma(a_0_0.y, b_0_1.w, acc_1_7);
    acc_2_0 = fma(a_0_0.z, b_0_0.x, acc_2_0);
    acc_2_1 = fma(a_0_0.z, b_0_0.y, acc_2_1);
    acc_2_2 = fma(a_0_0.z, b_0_0.z, acc_2_2);
    acc_2_3 = fma(a_0_0.z, b_0_0.w, acc_2_3);
    acc_2_4 = fma(a_0_0.z, b_0_1.x, acc_2_4);
    acc_2_5 = fma(a_0_0.z, b_0_1.y, acc_2_5);
    acc_2_6 = fma(a_0_0.z, b_0_1.z, acc_2_6);
    acc_2_7 = fma(a_0_0.z, b_0_1.w, acc_2_7);
    acc_3_0 = fma(a_0_0.w, b_0_0.x, acc_3_0);
    acc_3_1 = fma(a_0_0.w, b_0_0.y, acc_3_1);
    acc_3_2 = fma(a_0_0.w, b_0_0.z, acc_3_2);
    acc_3_3 = fma(a_0_0.w, b_0_0.w, acc_3_3);
    acc_3_4 = fma(a_0_0.w, b_0_1.x, acc_3_4);
    acc_3_5 = fma(a_0_0.w, b_0_1.y, acc_3_5);
    acc_3_6 = fma(a_0_0.w, b_0_1.z, acc_3_6);
    acc_3_7 = fma(a_0_0.w, b_0_1.w, acc_3_7);
  }
  if (col0 < 784u) { gemm_c[(row0 * 784u + col0) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  if (col0 + 4u < 784u) { gemm_c[(row0 * 784u + col0 + 4u) / 4u] = vec4<f32>(acc_0_4, acc_0_5, acc_0_6, acc_0_7); }
  if (col0 < 784u) { gemm_c[((row0 + 1u) * 784u + col0) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  if (col0 + 4u < 784u) { gemm_c[((row0 + 1u) * 784u + col0 + 4u) / 4u] = vec4<f32>(acc_1_4, acc_1_5, acc_1_6, acc_1_7); }
  if (col0 < 784u) { gemm_c[((row0 + 2u) * 784u + col0) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  if (col0 + 4u < 784u) { gemm_c[((row0 + 2u) * 784u + col0 + 4u) / 4u] = vec4<f32>(acc_2_4, acc_2_5, acc_2_6, acc_2_7); }
  if (col0 < 784u) { gemm_c[((row0 + 3u) * 784u + col0) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  if (col0 + 4u < 784u) { gemm_c[((row0 + 3u) * 784u + col0 + 4u) / 4u] = vec4<f32>(acc_3_4, acc_3_5, acc_3_6, acc_3_7); }
}
`,
  },
  {
    name: "linear1_weight_to_linear2_bias_sgd",
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

@group(0) @binding(0) var<storage, read_write> param0: array<vec4f>;
@group(0) @binding(1) var<storage, read> grad0: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> param1: array<vec4f>;
@group(0) @binding(3) var<storage, read> grad1: array<vec4f>;
@group(0) @binding(4) var<storage, read_write> param2: array<vec4f>;
@group(0) @binding(5) var<storage, read> grad2: array<vec4f>;
@group(0) @binding(6) var<storage, read_write> param3: array<vec4f>;
@group(0) @binding(7) var<storage, read> grad3: array<vec4f>;
@group(0) @binding(8) var<uniform> step: Step;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 66688u) { return; }
  if (i < 50176u) {
    // linear1.weight
    let k = i;
    param0[k] = param0[k] - step.lr * (grad0[k]);
  } else if (i < 50240u) {
    // linear1.bias
    let k = i - 50176u;
    param1[k] = param1[k] - step.lr * (grad1[k]);
  } else if (i < 66624u) {
    // linear2.weight
    let k = i - 50240u;
    param2[k] = param2[k] - step.lr * (grad2[k]);
  } else {
    // linear2.bias
    let k = i - 66624u;
    param3[k] = param3[k] - step.lr * (grad3[k]);
  }
}
`,
  },
  {
    name: "linear3_weight_to_linear3_bias_sgd",
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

@group(0) @binding(0) var<storage, read_write> param0: array<vec4f>;
@group(0) @binding(1) var<storage, read> grad0: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> param1: array<f32>;
@group(0) @binding(3) var<storage, read> grad1: array<f32>;
@group(0) @binding(4) var<uniform> step: Step;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 650u) { return; }
  if (i < 640u) {
    // linear3.weight
    let k = i;
    param0[k] = param0[k] - step.lr * (grad0[k]);
  } else {
    // linear3.bias
    let k = i - 640u;
    param1[k] = param1[k] - step.lr * (grad1[k]);
  }
}
`,
  },
];

export const plan: ModelPlan = {
  model: "dropout_mlp",
  source: "../../specs/dropout_mlp.net",
  batch: 256,
  input: { name: "x", buffer: 0, shape: [256, 1, 28, 28] },
  target: { buffer: 1, shape: [256], kind: "class" },
  output: { buffer: 14, shape: [256, 10] },
  loss: "cross_entropy",
  buffers: [
    { name: "x", bytes: 802816, kind: "input" },
    { name: "target", bytes: 1024, kind: "target" },
    { name: "linear1.weight", bytes: 802816, kind: "param" },
    { name: "linear1.bias", bytes: 1024, kind: "param" },
    { name: "linear2.weight", bytes: 262144, kind: "param" },
    { name: "linear2.bias", bytes: 1024, kind: "param" },
    { name: "linear3.weight", bytes: 10240, kind: "param" },
    { name: "linear3.bias", bytes: 40, kind: "param" },
    { name: "step", bytes: 32, kind: "step" },
    { name: "metrics", bytes: 256, kind: "metrics" },
    { name: "linear1, linear1.grad_bias", bytes: 262144, kind: "pool" },
    { name: "dropout1, linear2.grad_bias", bytes: 262144, kind: "pool" },
    { name: "linear2, linear2.grad_weight", bytes: 262144, kind: "pool" },
    { name: "dropout2, linear3.grad_bias", bytes: 262144, kind: "pool" },
    { name: "linear3, linear3.grad_input, linear2.grad_input, linear1.grad_weight", bytes: 802816, kind: "pool" },
    { name: "loss, loss.grad_logits, relu2.grad_input, relu1.grad_input", bytes: 262144, kind: "pool" },
    { name: "linear3.grad_weight", bytes: 10240, kind: "pool" },
    { name: "scratch", bytes: 524288, kind: "scratch" },
  ],
  stepBuffer: 8,
  metricsBuffer: 9,
  metricsSlots: 16,
  tensors: [
    {
      name: "linear1.weight",
      shape: [256, 784],
      buffer: 2,
      kind: "param",
      role: "weight",
      init: { kind: "normal", mean: 0, std: 0.01 },
      fill: 0,
      fanIn: 784,
      fanOut: 256,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "linear1.bias",
      shape: [256],
      buffer: 3,
      kind: "param",
      role: "bias",
      init: { kind: "zeros" },
      fill: 0,
      fanIn: 784,
      fanOut: 256,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "linear2.weight",
      shape: [256, 256],
      buffer: 4,
      kind: "param",
      role: "weight",
      init: { kind: "normal", mean: 0, std: 0.01 },
      fill: 0,
      fanIn: 256,
      fanOut: 256,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "linear2.bias",
      shape: [256],
      buffer: 5,
      kind: "param",
      role: "bias",
      init: { kind: "zeros" },
      fill: 0,
      fanIn: 256,
      fanOut: 256,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "linear3.weight",
      shape: [10, 256],
      buffer: 6,
      kind: "param",
      role: "weight",
      init: { kind: "normal", mean: 0, std: 0.01 },
      fill: 0,
      fanIn: 256,
      fanOut: 10,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "linear3.bias",
      shape: [10],
      buffer: 7,
      kind: "param",
      role: "bias",
      init: { kind: "zeros" },
      fill: 0,
      fanIn: 256,
      fanOut: 10,
      trainable: true,
      optimizerBuffers: [],
    },
  ],
  train: [
    {
      label: "linear1 + relu1",
      kernel: 0,
      bindings: [0, 2, 17],
      workgroups: [4, 8, 2],
      flops: 102891520,
      bytes: 2129920,
    },
    { label: "linear1 + relu1", kernel: 1, bindings: [17, 10, 3], workgroups: [256, 1, 1], flops: 0, bytes: 787456 },
    { label: "dropout1", kernel: 2, bindings: [10, 11, 8], workgroups: [64, 1, 1], flops: 65536, bytes: 524320 },
    {
      label: "linear2 + relu2",
      kernel: 3,
      bindings: [11, 4, 12, 5],
      workgroups: [4, 8, 1],
      flops: 33685504,
      bytes: 787456,
    },
    { label: "dropout2", kernel: 4, bindings: [12, 13, 8], workgroups: [64, 1, 1], flops: 65536, bytes: 524320 },
    { label: "linear3", kernel: 5, bindings: [13, 6, 14, 7], workgroups: [2, 1, 1], flops: 1313280, bytes: 282664 },
    { label: "loss", kernel: 6, bindings: [14, 1, 15, 9, 8], workgroups: [1, 1, 1], flops: 10240, bytes: 11316 },
    {
      label: "loss.grad_logits",
      kernel: 7,
      bindings: [14, 1, 15, 8],
      workgroups: [1, 1, 1],
      flops: 10240,
      bytes: 21536,
    },
    {
      label: "linear3.grad_input",
      kernel: 8,
      bindings: [15, 6, 14],
      workgroups: [4, 8, 1],
      flops: 1310720,
      bytes: 282624,
    },
    {
      label: "linear3.grad_weight",
      kernel: 9,
      bindings: [15, 13, 16],
      workgroups: [1, 1, 1],
      flops: 1310720,
      bytes: 282624,
    },
    { label: "linear3.grad_bias", kernel: 10, bindings: [15, 13], workgroups: [1, 1, 1], flops: 2560, bytes: 10280 },
    {
      label: "relu2.grad_input + dropout2.grad_input",
      kernel: 11,
      bindings: [14, 12, 15, 8],
      workgroups: [64, 1, 1],
      flops: 131072,
      bytes: 786464,
    },
    {
      label: "linear2.grad_input",
      kernel: 12,
      bindings: [15, 4, 14],
      workgroups: [4, 8, 1],
      flops: 33554432,
      bytes: 786432,
    },
    {
      label: "linear2.grad_weight",
      kernel: 13,
      bindings: [15, 11, 12],
      workgroups: [4, 8, 1],
      flops: 33554432,
      bytes: 786432,
    },
    { label: "linear2.grad_bias", kernel: 14, bindings: [15, 11], workgroups: [1, 1, 1], flops: 65536, bytes: 263168 },
    {
      label: "relu1.grad_input + dropout1.grad_input",
      kernel: 15,
      bindings: [14, 10, 15, 8],
      workgroups: [64, 1, 1],
      flops: 131072,
      bytes: 786464,
    },
    {
      label: "linear1.grad_weight",
      kernel: 16,
      bindings: [15, 0, 14],
      workgroups: [13, 8, 1],
      flops: 102760448,
      bytes: 1867776,
    },
    { label: "linear1.grad_bias", kernel: 14, bindings: [15, 10], workgroups: [1, 1, 1], flops: 65536, bytes: 263168 },
    {
      label: "linear1.weight + linear1.bias + linear2.weight + linear2.bias update",
      kernel: 17,
      bindings: [2, 14, 3, 10, 4, 12, 5, 11, 8],
      workgroups: [261, 1, 1],
      flops: 533504,
      bytes: 2134048,
    },
    {
      label: "linear3.weight + linear3.bias update",
      kernel: 18,
      bindings: [6, 16, 7, 13, 8],
      workgroups: [3, 1, 1],
      flops: 5140,
      bytes: 20592,
    },
  ],
  evaluate: [
    {
      label: "linear1 + relu1",
      kernel: 0,
      bindings: [0, 2, 17],
      workgroups: [4, 8, 2],
      flops: 102891520,
      bytes: 2129920,
    },
    { label: "linear1 + relu1", kernel: 1, bindings: [17, 10, 3], workgroups: [256, 1, 1], flops: 0, bytes: 787456 },
    {
      label: "linear2 + relu2",
      kernel: 3,
      bindings: [10, 4, 12, 5],
      workgroups: [4, 8, 1],
      flops: 33685504,
      bytes: 787456,
    },
    { label: "linear3", kernel: 5, bindings: [12, 6, 14, 7], workgroups: [2, 1, 1], flops: 1313280, bytes: 282664 },
    { label: "loss", kernel: 6, bindings: [14, 1, 15, 9, 8], workgroups: [1, 1, 1], flops: 10240, bytes: 11316 },
  ],
  predict: [
    {
      label: "linear1 + relu1",
      kernel: 0,
      bindings: [0, 2, 17],
      workgroups: [4, 8, 2],
      flops: 102891520,
      bytes: 2129920,
    },
    { label: "linear1 + relu1", kernel: 1, bindings: [17, 10, 3], workgroups: [256, 1, 1], flops: 0, bytes: 787456 },
    {
      label: "linear2 + relu2",
      kernel: 3,
      bindings: [10, 4, 12, 5],
      workgroups: [4, 8, 1],
      flops: 33685504,
      bytes: 787456,
    },
    { label: "linear3", kernel: 5, bindings: [12, 6, 14, 7], workgroups: [2, 1, 1], flops: 1313280, bytes: 282664 },
  ],
  statistics: 0,
  optimizer: { kind: "sgd", lr: 0.5, momentum: 0, weightDecay: 0, nesterov: false },
  schedule: { kind: "constant" },
  bnStatistics: { kind: "running" },
  epochs: 10,
  seed: 0,
  data: { source: "fashion_mnist" },
  kernels,
};

/** The dropout_mlp model on `device`: parameters initialised, ready to train or load weights. */
export function createDropoutMlp(device: GPUDevice, options?: ModelOptions): Promise<Model> {
  return Model.create(device, plan, options);
}
