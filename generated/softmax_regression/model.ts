// softmax_regression: compiled by netc from ../../specs/softmax_regression.net. Do not edit: change the spec and run `netc compile`.
// A training step is 7 dispatches, evaluation 3, prediction 2, of 7 kernels in all; 10 buffers.

import { Model, type ModelOptions } from "../../runtime/engine.js";
import type { KernelPlan, ModelPlan } from "../../runtime/plan.js";

const kernels: KernelPlan[] = [
  {
    name: "linear1_forward_slices",
    code: /* wgsl */ `
// gemm linear1_forward_slices: C[256x10] = A[256x392] * B[392x10] (A, B stored transposed)
// tile {"strategy":"register","threads":[1,64],"rows":4,"cols":8,"splits":2}
@group(0) @binding(0) var<storage, read> gemm_a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> gemm_b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(1, 64, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let gemm_split = wid.z % 2u;
  let batch = wid.z / 2u;
  let row0 = tile_row * 256u + lid.y * 4u;
  let col0 = tile_col * 8u + lid.x * 8u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0; var acc_0_6 = 0.0; var acc_0_7 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0; var acc_1_6 = 0.0; var acc_1_7 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0; var acc_2_6 = 0.0; var acc_2_7 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0; var acc_3_6 = 0.0; var acc_3_7 = 0.0;
  for (var k0 = 0u; k0 < 392u; k0 += 4u) {
    let a_0_0 = gemm_a[(row0 * 784u + k0 + gemm_split * 392u) / 4u];
    let a_1_0 = gemm_a[((row0 + 1u) * 784u + k0 + gemm_split * 392u) / 4u];
    let a_2_0 = gemm_a[((row0 + 2u) * 784u + k0 + gemm_split * 392u) / 4u];
    let a_3_0 = gemm_a[((row0 + 3u) * 784u + k0 + gemm_split * 392u) / 4u];
    let b_0_0 = gemm_b[(min(col0, 9u) * 784u + k0 + gemm_split * 392u) / 4u];
    let b_0_1 = gemm_b[(min(col0 + 1u, 9u) * 784u + k0 + gemm_split * 392u) / 4u];
    let b_0_2 = gemm_b[(min(col0 + 2u, 9u) * 784u + k0 + gemm_split * 392u) / 4u];
    let b_0_3 = gemm_b[(min(col0 + 3u, 9u) * 784u + k0 + gemm_split * 392u) / 4u];
    let b_0_4 = gemm_b[(min(col0 + 4u, 9u) * 784u + k0 + gemm_split * 392u) / 4u];
    let b_0_5 = gemm_b[(min(col0 + 5u, 9u) * 784u + k0 + gemm_split * 392u) / 4u];
    let b_0_6 = gemm_b[(min(col0 + 6u, 9u) * 784u + k0 + gemm_split * 392u) / 4u];
    let b_0_7 = gemm_b[(min(col0 + 7u, 9u) * 784u + k0 + gemm_split * 392u) / 4u];
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
  if (col0 < 10u) { gemm_c[gemm_split * 2560u + row0 * 10u + col0] = acc_0_0; }
  if (col0 + 1u < 10u) { gemm_c[gemm_split * 2560u + row0 * 10u + col0 + 1u] = acc_0_1; }
  if (col0 + 2u < 10u) { gemm_c[gemm_split * 2560u + row0 * 10u + col0 + 2u] = acc_0_2; }
  if (col0 + 3u < 10u) { gemm_c[gemm_split * 2560u + row0 * 10u + col0 + 3u] = acc_0_3; }
  if (col0 + 4u < 10u) { gemm_c[gemm_split * 2560u + row0 * 10u + col0 + 4u] = acc_0_4; }
  if (col0 + 5u < 10u) { gemm_c[gemm_split * 2560u + row0 * 10u + col0 + 5u] = acc_0_5; }
  if (col0 + 6u < 10u) { gemm_c[gemm_split * 2560u + row0 * 10u + col0 + 6u] = acc_0_6; }
  if (col0 + 7u < 10u) { gemm_c[gemm_split * 2560u + row0 * 10u + col0 + 7u] = acc_0_7; }
  if (col0 < 10u) { gemm_c[gemm_split * 2560u + (row0 + 1u) * 10u + col0] = acc_1_0; }
  if (col0 + 1u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 1u) * 10u + col0 + 1u] = acc_1_1; }
  if (col0 + 2u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 1u) * 10u + col0 + 2u] = acc_1_2; }
  if (col0 + 3u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 1u) * 10u + col0 + 3u] = acc_1_3; }
  if (col0 + 4u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 1u) * 10u + col0 + 4u] = acc_1_4; }
  if (col0 + 5u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 1u) * 10u + col0 + 5u] = acc_1_5; }
  if (col0 + 6u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 1u) * 10u + col0 + 6u] = acc_1_6; }
  if (col0 + 7u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 1u) * 10u + col0 + 7u] = acc_1_7; }
  if (col0 < 10u) { gemm_c[gemm_split * 2560u + (row0 + 2u) * 10u + col0] = acc_2_0; }
  if (col0 + 1u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 2u) * 10u + col0 + 1u] = acc_2_1; }
  if (col0 + 2u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 2u) * 10u + col0 + 2u] = acc_2_2; }
  if (col0 + 3u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 2u) * 10u + col0 + 3u] = acc_2_3; }
  if (col0 + 4u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 2u) * 10u + col0 + 4u] = acc_2_4; }
  if (col0 + 5u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 2u) * 10u + col0 + 5u] = acc_2_5; }
  if (col0 + 6u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 2u) * 10u + col0 + 6u] = acc_2_6; }
  if (col0 + 7u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 2u) * 10u + col0 + 7u] = acc_2_7; }
  if (col0 < 10u) { gemm_c[gemm_split * 2560u + (row0 + 3u) * 10u + col0] = acc_3_0; }
  if (col0 + 1u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 3u) * 10u + col0 + 1u] = acc_3_1; }
  if (col0 + 2u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 3u) * 10u + col0 + 2u] = acc_3_2; }
  if (col0 + 3u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 3u) * 10u + col0 + 3u] = acc_3_3; }
  if (col0 + 4u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 3u) * 10u + col0 + 4u] = acc_3_4; }
  if (col0 + 5u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 3u) * 10u + col0 + 5u] = acc_3_5; }
  if (col0 + 6u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 3u) * 10u + col0 + 6u] = acc_3_6; }
  if (col0 + 7u < 10u) { gemm_c[gemm_split * 2560u + (row0 + 3u) * 10u + col0 + 7u] = acc_3_7; }
}
`,
  },
  {
    name: "linear1_forward",
    code: /* wgsl */ `
// gemm linear1_forward: C[256x10] = the sum of 2 slices of k, each 392 long; epilogue
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
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

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 2560u) { return; }
  let batch = i / 2560u;
  let row = (i / 10u) % 256u;
  let col = i % 10u;
  var sum = 0.0;
  for (var s = 0u; s < 2u; s++) { sum += gemm_partials[s * 2560u + row * 10u + col]; }
  gemm_c[row * 10u + col] = gemm_epilogue(sum, gemm_feature(col, batch));
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
    name: "linear1_grad_weight_matmul",
    code: /* wgsl */ `
// gemm linear1_grad_weight_matmul: C[10x784] = A[10x256] * B[256x784] (A stored transposed, B)
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
    let b_0_0 = gemm_b[(k0 * 784u + min(col0, 780u)) / 4u];
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
  if (col0 < 784u) { gemm_c[(row0 * 784u + col0) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  if (col0 < 784u) { gemm_c[((row0 + 1u) * 784u + col0) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  if (col0 < 784u) { gemm_c[((row0 + 2u) * 784u + col0) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  if (col0 < 784u) { gemm_c[((row0 + 3u) * 784u + col0) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  if (col0 < 784u) { gemm_c[((row0 + 4u) * 784u + col0) / 4u] = vec4<f32>(acc_4_0, acc_4_1, acc_4_2, acc_4_3); }
  if (col0 < 784u) { gemm_c[((row0 + 5u) * 784u + col0) / 4u] = vec4<f32>(acc_5_0, acc_5_1, acc_5_2, acc_5_3); }
  if (col0 < 784u) { gemm_c[((row0 + 6u) * 784u + col0) / 4u] = vec4<f32>(acc_6_0, acc_6_1, acc_6_2, acc_6_3); }
  if (col0 < 784u) { gemm_c[((row0 + 7u) * 784u + col0) / 4u] = vec4<f32>(acc_7_0, acc_7_1, acc_7_2, acc_7_3); }
  if (col0 < 784u) { gemm_c[((row0 + 8u) * 784u + col0) / 4u] = vec4<f32>(acc_8_0, acc_8_1, acc_8_2, acc_8_3); }
  if (col0 < 784u) { gemm_c[((row0 + 9u) * 784u + col0) / 4u] = vec4<f32>(acc_9_0, acc_9_1, acc_9_2, acc_9_3); }
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

@group(0) @binding(0) var<storage, read_write> param0: array<vec4f>;
@group(0) @binding(1) var<storage, read> grad0: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> param1: array<f32>;
@group(0) @binding(3) var<storage, read> grad1: array<f32>;
@group(0) @binding(4) var<uniform> step: Step;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 1970u) { return; }
  if (i < 1960u) {
    // linear1.weight
    let k = i;
    param0[k] = param0[k] - step.lr * (grad0[k]);
  } else {
    // linear1.bias
    let k = i - 1960u;
    param1[k] = param1[k] - step.lr * (grad1[k]);
  }
}
`,
  },
];

export const plan: ModelPlan = {
  model: "softmax_regression",
  source: "../../specs/softmax_regression.net",
  batch: 256,
  input: { name: "x", buffer: 0, shape: [256, 1, 28, 28] },
  target: { buffer: 1, shape: [256], kind: "class" },
  output: { buffer: 6, shape: [256, 10] },
  loss: "cross_entropy",
  buffers: [
    { name: "x", bytes: 802816, kind: "input" },
    { name: "target", bytes: 1024, kind: "target" },
    { name: "linear1.weight", bytes: 31360, kind: "param" },
    { name: "linear1.bias", bytes: 40, kind: "param" },
    { name: "step", bytes: 32, kind: "step" },
    { name: "metrics", bytes: 256, kind: "metrics" },
    { name: "linear1, linear1.grad_weight", bytes: 31360, kind: "pool" },
    { name: "loss, loss.grad_logits", bytes: 10240, kind: "pool" },
    { name: "linear1.grad_bias", bytes: 40, kind: "pool" },
    { name: "scratch", bytes: 20480, kind: "scratch" },
  ],
  stepBuffer: 4,
  metricsBuffer: 5,
  metricsSlots: 16,
  tensors: [
    {
      name: "linear1.weight",
      shape: [10, 784],
      buffer: 2,
      kind: "param",
      role: "weight",
      init: { kind: "normal", mean: 0, std: 0.01 },
      fill: 0,
      fanIn: 784,
      fanOut: 10,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "linear1.bias",
      shape: [10],
      buffer: 3,
      kind: "param",
      role: "bias",
      init: { kind: "zeros" },
      fill: 0,
      fanIn: 784,
      fanOut: 10,
      trainable: true,
      optimizerBuffers: [],
    },
  ],
  train: [
    { label: "linear1", kernel: 0, bindings: [0, 2, 9], workgroups: [2, 1, 2], flops: 4016640, bytes: 854656 },
    { label: "linear1", kernel: 1, bindings: [9, 6, 3], workgroups: [10, 1, 1], flops: 0, bytes: 30760 },
    { label: "loss", kernel: 2, bindings: [6, 1, 7, 5, 4], workgroups: [1, 1, 1], flops: 10240, bytes: 11316 },
    { label: "loss.grad_logits", kernel: 3, bindings: [6, 1, 7, 4], workgroups: [1, 1, 1], flops: 10240, bytes: 21536 },
    {
      label: "linear1.grad_weight",
      kernel: 4,
      bindings: [7, 0, 6],
      workgroups: [4, 1, 1],
      flops: 4014080,
      bytes: 844416,
    },
    { label: "linear1.grad_bias", kernel: 5, bindings: [7, 8], workgroups: [1, 1, 1], flops: 2560, bytes: 10280 },
    {
      label: "linear1.weight + linear1.bias update",
      kernel: 6,
      bindings: [2, 6, 3, 8, 4],
      workgroups: [8, 1, 1],
      flops: 15700,
      bytes: 62832,
    },
  ],
  evaluate: [
    { label: "linear1", kernel: 0, bindings: [0, 2, 9], workgroups: [2, 1, 2], flops: 4016640, bytes: 854656 },
    { label: "linear1", kernel: 1, bindings: [9, 6, 3], workgroups: [10, 1, 1], flops: 0, bytes: 30760 },
    { label: "loss", kernel: 2, bindings: [6, 1, 7, 5, 4], workgroups: [1, 1, 1], flops: 10240, bytes: 11316 },
  ],
  predict: [
    { label: "linear1", kernel: 0, bindings: [0, 2, 9], workgroups: [2, 1, 2], flops: 4016640, bytes: 854656 },
    { label: "linear1", kernel: 1, bindings: [9, 6, 3], workgroups: [10, 1, 1], flops: 0, bytes: 30760 },
  ],
  statistics: 0,
  optimizer: { kind: "sgd", lr: 0.1, momentum: 0, weightDecay: 0, nesterov: false },
  schedule: { kind: "constant" },
  bnStatistics: { kind: "running" },
  epochs: 10,
  seed: 0,
  data: { source: "fashion_mnist" },
  kernels,
};

/** The softmax_regression model on `device`: parameters initialised, ready to train or load weights. */
export function createSoftmaxRegression(device: GPUDevice, options?: ModelOptions): Promise<Model> {
  return Model.create(device, plan, options);
}
