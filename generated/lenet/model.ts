// lenet: compiled by netc from ../../specs/lenet.net. Do not edit: change the spec and run `netc compile`.
// A training step is 34 dispatches, evaluation 8, prediction 7, of 34 kernels in all; 26 buffers.

import { Model, type ModelOptions } from "../../runtime/engine.js";
import type { KernelPlan, ModelPlan } from "../../runtime/plan.js";

const kernels: KernelPlan[] = [
  {
    name: "features_conv1_sigmoid1_forward",
    code: /* wgsl */ `
// gemm features_conv1_sigmoid1_forward: C[6x200704] = A[6x25] * B[25x200704] (A, load_b; epilogue)
// tile {"strategy":"register","threads":[8,1],"rows":6,"cols":16}
@group(0) @binding(0) var<storage, read> gemm_a: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((col % 784u) / 28u + (row % 25u) / 5u) - 2;
  let w = i32((col % 784u) % 28u + (row % 25u) % 5u) - 2;
  let inside = (h >= 0) & (h < 28) & (w >= 0) & (w < 28);
  return select(0.0, x[select(0u, ((col / 784u + row / 25u) * 28u + u32(h)) * 28u + u32(w), inside)], inside);
}
fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}
struct GemmFeature {
  bias: f32,
}
fn gemm_feature(i: u32, batch: u32) -> GemmFeature {
  let feature = i;
  return GemmFeature(bias[feature]);
}
fn gemm_epilogue(value: f32, at: GemmFeature) -> f32 {
  return act_sigmoid(value + at.bias);
}

@compute @workgroup_size(8, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let row0 = tile_row * 6u + lid.y * 6u;
  let col0 = tile_col * 128u + lid.x * 16u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0; var acc_0_6 = 0.0; var acc_0_7 = 0.0; var acc_0_8 = 0.0; var acc_0_9 = 0.0; var acc_0_10 = 0.0; var acc_0_11 = 0.0; var acc_0_12 = 0.0; var acc_0_13 = 0.0; var acc_0_14 = 0.0; var acc_0_15 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0; var acc_1_6 = 0.0; var acc_1_7 = 0.0; var acc_1_8 = 0.0; var acc_1_9 = 0.0; var acc_1_10 = 0.0; var acc_1_11 = 0.0; var acc_1_12 = 0.0; var acc_1_13 = 0.0; var acc_1_14 = 0.0; var acc_1_15 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0; var acc_2_6 = 0.0; var acc_2_7 = 0.0; var acc_2_8 = 0.0; var acc_2_9 = 0.0; var acc_2_10 = 0.0; var acc_2_11 = 0.0; var acc_2_12 = 0.0; var acc_2_13 = 0.0; var acc_2_14 = 0.0; var acc_2_15 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0; var acc_3_6 = 0.0; var acc_3_7 = 0.0; var acc_3_8 = 0.0; var acc_3_9 = 0.0; var acc_3_10 = 0.0; var acc_3_11 = 0.0; var acc_3_12 = 0.0; var acc_3_13 = 0.0; var acc_3_14 = 0.0; var acc_3_15 = 0.0;
  var acc_4_0 = 0.0; var acc_4_1 = 0.0; var acc_4_2 = 0.0; var acc_4_3 = 0.0; var acc_4_4 = 0.0; var acc_4_5 = 0.0; var acc_4_6 = 0.0; var acc_4_7 = 0.0; var acc_4_8 = 0.0; var acc_4_9 = 0.0; var acc_4_10 = 0.0; var acc_4_11 = 0.0; var acc_4_12 = 0.0; var acc_4_13 = 0.0; var acc_4_14 = 0.0; var acc_4_15 = 0.0;
  var acc_5_0 = 0.0; var acc_5_1 = 0.0; var acc_5_2 = 0.0; var acc_5_3 = 0.0; var acc_5_4 = 0.0; var acc_5_5 = 0.0; var acc_5_6 = 0.0; var acc_5_7 = 0.0; var acc_5_8 = 0.0; var acc_5_9 = 0.0; var acc_5_10 = 0.0; var acc_5_11 = 0.0; var acc_5_12 = 0.0; var acc_5_13 = 0.0; var acc_5_14 = 0.0; var acc_5_15 = 0.0;
  for (var k0 = 0u; k0 < 25u; k0 += 1u) {
    let a_0_0 = gemm_a[row0 * 25u + k0];
    let a_1_0 = gemm_a[(row0 + 1u) * 25u + k0];
    let a_2_0 = gemm_a[(row0 + 2u) * 25u + k0];
    let a_3_0 = gemm_a[(row0 + 3u) * 25u + k0];
    let a_4_0 = gemm_a[(row0 + 4u) * 25u + k0];
    let a_5_0 = gemm_a[(row0 + 5u) * 25u + k0];
    let b_0_0 = load_b(batch, k0, col0);
    let b_0_1 = load_b(batch, k0, col0 + 1u);
    let b_0_2 = load_b(batch, k0, col0 + 2u);
    let b_0_3 = load_b(batch, k0, col0 + 3u);
    let b_0_4 = load_b(batch, k0, col0 + 4u);
    let b_0_5 = load_b(batch, k0, col0 + 5u);
    let b_0_6 = load_b(batch, k0, col0 + 6u);
    let b_0_7 = load_b(batch, k0, col0 + 7u);
    let b_0_8 = load_b(batch, k0, col0 + 8u);
    let b_0_9 = load_b(batch, k0, col0 + 9u);
    let b_0_10 = load_b(batch, k0, col0 + 10u);
    let b_0_11 = load_b(batch, k0, col0 + 11u);
    let b_0_12 = load_b(batch, k0, col0 + 12u);
    let b_0_13 = load_b(batch, k0, col0 + 13u);
    let b_0_14 = load_b(batch, k0, col0 + 14u);
    let b_0_15 = load_b(batch, k0, col0 + 15u);
    acc_0_0 = fma(a_0_0, b_0_0, acc_0_0);
    acc_0_1 = fma(a_0_0, b_0_1, acc_0_1);
    acc_0_2 = fma(a_0_0, b_0_2, acc_0_2);
    acc_0_3 = fma(a_0_0, b_0_3, acc_0_3);
    acc_0_4 = fma(a_0_0, b_0_4, acc_0_4);
    acc_0_5 = fma(a_0_0, b_0_5, acc_0_5);
    acc_0_6 = fma(a_0_0, b_0_6, acc_0_6);
    acc_0_7 = fma(a_0_0, b_0_7, acc_0_7);
    acc_0_8 = fma(a_0_0, b_0_8, acc_0_8);
    acc_0_9 = fma(a_0_0, b_0_9, acc_0_9);
    acc_0_10 = fma(a_0_0, b_0_10, acc_0_10);
    acc_0_11 = fma(a_0_0, b_0_11, acc_0_11);
    acc_0_12 = fma(a_0_0, b_0_12, acc_0_12);
    acc_0_13 = fma(a_0_0, b_0_13, acc_0_13);
    acc_0_14 = fma(a_0_0, b_0_14, acc_0_14);
    acc_0_15 = fma(a_0_0, b_0_15, acc_0_15);
    acc_1_0 = fma(a_1_0, b_0_0, acc_1_0);
    acc_1_1 = fma(a_1_0, b_0_1, acc_1_1);
    acc_1_2 = fma(a_1_0, b_0_2, acc_1_2);
    acc_1_3 = fma(a_1_0, b_0_3, acc_1_3);
    acc_1_4 = fma(a_1_0, b_0_4, acc_1_4);
    acc_1_5 = fma(a_1_0, b_0_5, acc_1_5);
    acc_1_6 = fma(a_1_0, b_0_6, acc_1_6);
    acc_1_7 = fma(a_1_0, b_0_7, acc_1_7);
    acc_1_8 = fma(a_1_0, b_0_8, acc_1_8);
    acc_1_9 = fma(a_1_0, b_0_9, acc_1_9);
    acc_1_10 = fma(a_1_0, b_0_10, acc_1_10);
    acc_1_11 = fma(a_1_0, b_0_11, acc_1_11);
    acc_1_12 = fma(a_1_0, b_0_12, acc_1_12);
    acc_1_13 = fma(a_1_0, b_0_13, acc_1_13);
    acc_1_14 = fma(a_1_0, b_0_14, acc_1_14);
    acc_1_15 = fma(a_1_0, b_0_15, acc_1_15);
    acc_2_0 = fma(a_2_0, b_0_0, acc_2_0);
    acc_2_1 = fma(a_2_0, b_0_1, acc_2_1);
    acc_2_2 = fma(a_2_0, b_0_2, acc_2_2);
    acc_2_3 = fma(a_2_0, b_0_3, acc_2_3);
    acc_2_4 = fma(a_2_0, b_0_4, acc_2_4);
    acc_2_5 = fma(a_2_0, b_0_5, acc_2_5);
    acc_2_6 = fma(a_2_0, b_0_6, acc_2_6);
    acc_2_7 = fma(a_2_0, b_0_7, acc_2_7);
    acc_2_8 = fma(a_2_0, b_0_8, acc_2_8);
    acc_2_9 = fma(a_2_0, b_0_9, acc_2_9);
    acc_2_10 = fma(a_2_0, b_0_10, acc_2_10);
    acc_2_11 = fma(a_2_0, b_0_11, acc_2_11);
    acc_2_12 = fma(a_2_0, b_0_12, acc_2_12);
    acc_2_13 = fma(a_2_0, b_0_13, acc_2_13);
    acc_2_14 = fma(a_2_0, b_0_14, acc_2_14);
    acc_2_15 = fma(a_2_0, b_0_15, acc_2_15);
    acc_3_0 = fma(a_3_0, b_0_0, acc_3_0);
    acc_3_1 = fma(a_3_0, b_0_1, acc_3_1);
    acc_3_2 = fma(a_3_0, b_0_2, acc_3_2);
    acc_3_3 = fma(a_3_0, b_0_3, acc_3_3);
    acc_3_4 = fma(a_3_0, b_0_4, acc_3_4);
    acc_3_5 = fma(a_3_0, b_0_5, acc_3_5);
    acc_3_6 = fma(a_3_0, b_0_6, acc_3_6);
    acc_3_7 = fma(a_3_0, b_0_7, acc_3_7);
    acc_3_8 = fma(a_3_0, b_0_8, acc_3_8);
    acc_3_9 = fma(a_3_0, b_0_9, acc_3_9);
    acc_3_10 = fma(a_3_0, b_0_10, acc_3_10);
    acc_3_11 = fma(a_3_0, b_0_11, acc_3_11);
    acc_3_12 = fma(a_3_0, b_0_12, acc_3_12);
    acc_3_13 = fma(a_3_0, b_0_13, acc_3_13);
    acc_3_14 = fma(a_3_0, b_0_14, acc_3_14);
    acc_3_15 = fma(a_3_0, b_0_15, acc_3_15);
    acc_4_0 = fma(a_4_0, b_0_0, acc_4_0);
    acc_4_1 = fma(a_4_0, b_0_1, acc_4_1);
    acc_4_2 = fma(a_4_0, b_0_2, acc_4_2);
    acc_4_3 = fma(a_4_0, b_0_3, acc_4_3);
    acc_4_4 = fma(a_4_0, b_0_4, acc_4_4);
    acc_4_5 = fma(a_4_0, b_0_5, acc_4_5);
    acc_4_6 = fma(a_4_0, b_0_6, acc_4_6);
    acc_4_7 = fma(a_4_0, b_0_7, acc_4_7);
    acc_4_8 = fma(a_4_0, b_0_8, acc_4_8);
    acc_4_9 = fma(a_4_0, b_0_9, acc_4_9);
    acc_4_10 = fma(a_4_0, b_0_10, acc_4_10);
    acc_4_11 = fma(a_4_0, b_0_11, acc_4_11);
    acc_4_12 = fma(a_4_0, b_0_12, acc_4_12);
    acc_4_13 = fma(a_4_0, b_0_13, acc_4_13);
    acc_4_14 = fma(a_4_0, b_0_14, acc_4_14);
    acc_4_15 = fma(a_4_0, b_0_15, acc_4_15);
    acc_5_0 = fma(a_5_0, b_0_0, acc_5_0);
    acc_5_1 = fma(a_5_0, b_0_1, acc_5_1);
    acc_5_2 = fma(a_5_0, b_0_2, acc_5_2);
    acc_5_3 = fma(a_5_0, b_0_3, acc_5_3);
    acc_5_4 = fma(a_5_0, b_0_4, acc_5_4);
    acc_5_5 = fma(a_5_0, b_0_5, acc_5_5);
    acc_5_6 = fma(a_5_0, b_0_6, acc_5_6);
    acc_5_7 = fma(a_5_0, b_0_7, acc_5_7);
    acc_5_8 = fma(a_5_0, b_0_8, acc_5_8);
    acc_5_9 = fma(a_5_0, b_0_9, acc_5_9);
    acc_5_10 = fma(a_5_0, b_0_10, acc_5_10);
    acc_5_11 = fma(a_5_0, b_0_11, acc_5_11);
    acc_5_12 = fma(a_5_0, b_0_12, acc_5_12);
    acc_5_13 = fma(a_5_0, b_0_13, acc_5_13);
    acc_5_14 = fma(a_5_0, b_0_14, acc_5_14);
    acc_5_15 = fma(a_5_0, b_0_15, acc_5_15);
  }
  let feature_0 = gemm_feature(row0, batch);
  { gemm_c[((col0 / 784u) * 4704u + row0 * 784u + col0 % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_0, feature_0), gemm_epilogue(acc_0_1, feature_0), gemm_epilogue(acc_0_2, feature_0), gemm_epilogue(acc_0_3, feature_0)); }
  { gemm_c[(((col0 + 4u) / 784u) * 4704u + row0 * 784u + (col0 + 4u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_4, feature_0), gemm_epilogue(acc_0_5, feature_0), gemm_epilogue(acc_0_6, feature_0), gemm_epilogue(acc_0_7, feature_0)); }
  { gemm_c[(((col0 + 8u) / 784u) * 4704u + row0 * 784u + (col0 + 8u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_8, feature_0), gemm_epilogue(acc_0_9, feature_0), gemm_epilogue(acc_0_10, feature_0), gemm_epilogue(acc_0_11, feature_0)); }
  { gemm_c[(((col0 + 12u) / 784u) * 4704u + row0 * 784u + (col0 + 12u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_12, feature_0), gemm_epilogue(acc_0_13, feature_0), gemm_epilogue(acc_0_14, feature_0), gemm_epilogue(acc_0_15, feature_0)); }
  let feature_1 = gemm_feature(row0 + 1u, batch);
  { gemm_c[((col0 / 784u) * 4704u + (row0 + 1u) * 784u + col0 % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_0, feature_1), gemm_epilogue(acc_1_1, feature_1), gemm_epilogue(acc_1_2, feature_1), gemm_epilogue(acc_1_3, feature_1)); }
  { gemm_c[(((col0 + 4u) / 784u) * 4704u + (row0 + 1u) * 784u + (col0 + 4u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_4, feature_1), gemm_epilogue(acc_1_5, feature_1), gemm_epilogue(acc_1_6, feature_1), gemm_epilogue(acc_1_7, feature_1)); }
  { gemm_c[(((col0 + 8u) / 784u) * 4704u + (row0 + 1u) * 784u + (col0 + 8u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_8, feature_1), gemm_epilogue(acc_1_9, feature_1), gemm_epilogue(acc_1_10, feature_1), gemm_epilogue(acc_1_11, feature_1)); }
  { gemm_c[(((col0 + 12u) / 784u) * 4704u + (row0 + 1u) * 784u + (col0 + 12u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_12, feature_1), gemm_epilogue(acc_1_13, feature_1), gemm_epilogue(acc_1_14, feature_1), gemm_epilogue(acc_1_15, feature_1)); }
  let feature_2 = gemm_feature(row0 + 2u, batch);
  { gemm_c[((col0 / 784u) * 4704u + (row0 + 2u) * 784u + col0 % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_0, feature_2), gemm_epilogue(acc_2_1, feature_2), gemm_epilogue(acc_2_2, feature_2), gemm_epilogue(acc_2_3, feature_2)); }
  { gemm_c[(((col0 + 4u) / 784u) * 4704u + (row0 + 2u) * 784u + (col0 + 4u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_4, feature_2), gemm_epilogue(acc_2_5, feature_2), gemm_epilogue(acc_2_6, feature_2), gemm_epilogue(acc_2_7, feature_2)); }
  { gemm_c[(((col0 + 8u) / 784u) * 4704u + (row0 + 2u) * 784u + (col0 + 8u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_8, feature_2), gemm_epilogue(acc_2_9, feature_2), gemm_epilogue(acc_2_10, feature_2), gemm_epilogue(acc_2_11, feature_2)); }
  { gemm_c[(((col0 + 12u) / 784u) * 4704u + (row0 + 2u) * 784u + (col0 + 12u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_12, feature_2), gemm_epilogue(acc_2_13, feature_2), gemm_epilogue(acc_2_14, feature_2), gemm_epilogue(acc_2_15, feature_2)); }
  let feature_3 = gemm_feature(row0 + 3u, batch);
  { gemm_c[((col0 / 784u) * 4704u + (row0 + 3u) * 784u + col0 % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_0, feature_3), gemm_epilogue(acc_3_1, feature_3), gemm_epilogue(acc_3_2, feature_3), gemm_epilogue(acc_3_3, feature_3)); }
  { gemm_c[(((col0 + 4u) / 784u) * 4704u + (row0 + 3u) * 784u + (col0 + 4u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_4, feature_3), gemm_epilogue(acc_3_5, feature_3), gemm_epilogue(acc_3_6, feature_3), gemm_epilogue(acc_3_7, feature_3)); }
  { gemm_c[(((col0 + 8u) / 784u) * 4704u + (row0 + 3u) * 784u + (col0 + 8u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_8, feature_3), gemm_epilogue(acc_3_9, feature_3), gemm_epilogue(acc_3_10, feature_3), gemm_epilogue(acc_3_11, feature_3)); }
  { gemm_c[(((col0 + 12u) / 784u) * 4704u + (row0 + 3u) * 784u + (col0 + 12u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_12, feature_3), gemm_epilogue(acc_3_13, feature_3), gemm_epilogue(acc_3_14, feature_3), gemm_epilogue(acc_3_15, feature_3)); }
  let feature_4 = gemm_feature(row0 + 4u, batch);
  { gemm_c[((col0 / 784u) * 4704u + (row0 + 4u) * 784u + col0 % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_0, feature_4), gemm_epilogue(acc_4_1, feature_4), gemm_epilogue(acc_4_2, feature_4), gemm_epilogue(acc_4_3, feature_4)); }
  { gemm_c[(((col0 + 4u) / 784u) * 4704u + (row0 + 4u) * 784u + (col0 + 4u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_4, feature_4), gemm_epilogue(acc_4_5, feature_4), gemm_epilogue(acc_4_6, feature_4), gemm_epilogue(acc_4_7, feature_4)); }
  { gemm_c[(((col0 + 8u) / 784u) * 4704u + (row0 + 4u) * 784u + (col0 + 8u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_8, feature_4), gemm_epilogue(acc_4_9, feature_4), gemm_epilogue(acc_4_10, feature_4), gemm_epilogue(acc_4_11, feature_4)); }
  { gemm_c[(((col0 + 12u) / 784u) * 4704u + (row0 + 4u) * 784u + (col0 + 12u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_12, feature_4), gemm_epilogue(acc_4_13, feature_4), gemm_epilogue(acc_4_14, feature_4), gemm_epilogue(acc_4_15, feature_4)); }
  let feature_5 = gemm_feature(row0 + 5u, batch);
  { gemm_c[((col0 / 784u) * 4704u + (row0 + 5u) * 784u + col0 % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_0, feature_5), gemm_epilogue(acc_5_1, feature_5), gemm_epilogue(acc_5_2, feature_5), gemm_epilogue(acc_5_3, feature_5)); }
  { gemm_c[(((col0 + 4u) / 784u) * 4704u + (row0 + 5u) * 784u + (col0 + 4u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_4, feature_5), gemm_epilogue(acc_5_5, feature_5), gemm_epilogue(acc_5_6, feature_5), gemm_epilogue(acc_5_7, feature_5)); }
  { gemm_c[(((col0 + 8u) / 784u) * 4704u + (row0 + 5u) * 784u + (col0 + 8u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_8, feature_5), gemm_epilogue(acc_5_9, feature_5), gemm_epilogue(acc_5_10, feature_5), gemm_epilogue(acc_5_11, feature_5)); }
  { gemm_c[(((col0 + 12u) / 784u) * 4704u + (row0 + 5u) * 784u + (col0 + 12u) % 784u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_12, feature_5), gemm_epilogue(acc_5_13, feature_5), gemm_epilogue(acc_5_14, feature_5), gemm_epilogue(acc_5_15, feature_5)); }
}
`,
  },
  {
    name: "features_avgpool1_forward",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> y: array<vec2f>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 150528u) { return; }
  // The 2 rows of one vec4 under this item's windows.
  let k = (i / 7u) * 14u + i % 7u;
  var window = vec4f(0.0);
  for (var r = 0u; r < 2u; r++) {
    window += x[k + r * 7u];
  }
  y[i] = (window.xz + window.yw) / 4.0;
}
`,
  },
  {
    name: "features_conv2_sigmoid2_forward",
    code: /* wgsl */ `
// gemm features_conv2_sigmoid2_forward: C[16x25600] = A[16x150] * B[150x25600] (A, load_b; epilogue)
// tile {"strategy":"register","threads":[8,2],"rows":8,"cols":8}
@group(0) @binding(0) var<storage, read> gemm_a: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((col % 100u) / 10u + (row % 25u) / 5u);
  let w = i32((col % 100u) % 10u + (row % 25u) % 5u);
  let inside = (h >= 0) & (h < 14) & (w >= 0) & (w < 14);
  return select(0.0, x[select(0u, (((col / 100u) * 6u + row / 25u) * 14u + u32(h)) * 14u + u32(w), inside)], inside);
}
fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}
struct GemmFeature {
  bias: f32,
}
fn gemm_feature(i: u32, batch: u32) -> GemmFeature {
  let feature = i;
  return GemmFeature(bias[feature]);
}
fn gemm_epilogue(value: f32, at: GemmFeature) -> f32 {
  return act_sigmoid(value + at.bias);
}

@compute @workgroup_size(8, 2, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let row0 = tile_row * 16u + lid.y * 8u;
  let col0 = tile_col * 64u + lid.x * 8u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0; var acc_0_6 = 0.0; var acc_0_7 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0; var acc_1_6 = 0.0; var acc_1_7 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0; var acc_2_6 = 0.0; var acc_2_7 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0; var acc_3_6 = 0.0; var acc_3_7 = 0.0;
  var acc_4_0 = 0.0; var acc_4_1 = 0.0; var acc_4_2 = 0.0; var acc_4_3 = 0.0; var acc_4_4 = 0.0; var acc_4_5 = 0.0; var acc_4_6 = 0.0; var acc_4_7 = 0.0;
  var acc_5_0 = 0.0; var acc_5_1 = 0.0; var acc_5_2 = 0.0; var acc_5_3 = 0.0; var acc_5_4 = 0.0; var acc_5_5 = 0.0; var acc_5_6 = 0.0; var acc_5_7 = 0.0;
  var acc_6_0 = 0.0; var acc_6_1 = 0.0; var acc_6_2 = 0.0; var acc_6_3 = 0.0; var acc_6_4 = 0.0; var acc_6_5 = 0.0; var acc_6_6 = 0.0; var acc_6_7 = 0.0;
  var acc_7_0 = 0.0; var acc_7_1 = 0.0; var acc_7_2 = 0.0; var acc_7_3 = 0.0; var acc_7_4 = 0.0; var acc_7_5 = 0.0; var acc_7_6 = 0.0; var acc_7_7 = 0.0;
  for (var k0 = 0u; k0 < 150u; k0 += 1u) {
    let a_0_0 = gemm_a[row0 * 150u + k0];
    let a_1_0 = gemm_a[(row0 + 1u) * 150u + k0];
    let a_2_0 = gemm_a[(row0 + 2u) * 150u + k0];
    let a_3_0 = gemm_a[(row0 + 3u) * 150u + k0];
    let a_4_0 = gemm_a[(row0 + 4u) * 150u + k0];
    let a_5_0 = gemm_a[(row0 + 5u) * 150u + k0];
    let a_6_0 = gemm_a[(row0 + 6u) * 150u + k0];
    let a_7_0 = gemm_a[(row0 + 7u) * 150u + k0];
    let b_0_0 = load_b(batch, k0, col0);
    let b_0_1 = load_b(batch, k0, col0 + 1u);
    let b_0_2 = load_b(batch, k0, col0 + 2u);
    let b_0_3 = load_b(batch, k0, col0 + 3u);
    let b_0_4 = load_b(batch, k0, col0 + 4u);
    let b_0_5 = load_b(batch, k0, col0 + 5u);
    let b_0_6 = load_b(batch, k0, col0 + 6u);
    let b_0_7 = load_b(batch, k0, col0 + 7u);
    acc_0_0 = fma(a_0_0, b_0_0, acc_0_0);
    acc_0_1 = fma(a_0_0, b_0_1, acc_0_1);
    acc_0_2 = fma(a_0_0, b_0_2, acc_0_2);
    acc_0_3 = fma(a_0_0, b_0_3, acc_0_3);
    acc_0_4 = fma(a_0_0, b_0_4, acc_0_4);
    acc_0_5 = fma(a_0_0, b_0_5, acc_0_5);
    acc_0_6 = fma(a_0_0, b_0_6, acc_0_6);
    acc_0_7 = fma(a_0_0, b_0_7, acc_0_7);
    acc_1_0 = fma(a_1_0, b_0_0, acc_1_0);
    acc_1_1 = fma(a_1_0, b_0_1, acc_1_1);
    acc_1_2 = fma(a_1_0, b_0_2, acc_1_2);
    acc_1_3 = fma(a_1_0, b_0_3, acc_1_3);
    acc_1_4 = fma(a_1_0, b_0_4, acc_1_4);
    acc_1_5 = fma(a_1_0, b_0_5, acc_1_5);
    acc_1_6 = fma(a_1_0, b_0_6, acc_1_6);
    acc_1_7 = fma(a_1_0, b_0_7, acc_1_7);
    acc_2_0 = fma(a_2_0, b_0_0, acc_2_0);
    acc_2_1 = fma(a_2_0, b_0_1, acc_2_1);
    acc_2_2 = fma(a_2_0, b_0_2, acc_2_2);
    acc_2_3 = fma(a_2_0, b_0_3, acc_2_3);
    acc_2_4 = fma(a_2_0, b_0_4, acc_2_4);
    acc_2_5 = fma(a_2_0, b_0_5, acc_2_5);
    acc_2_6 = fma(a_2_0, b_0_6, acc_2_6);
    acc_2_7 = fma(a_2_0, b_0_7, acc_2_7);
    acc_3_0 = fma(a_3_0, b_0_0, acc_3_0);
    acc_3_1 = fma(a_3_0, b_0_1, acc_3_1);
    acc_3_2 = fma(a_3_0, b_0_2, acc_3_2);
    acc_3_3 = fma(a_3_0, b_0_3, acc_3_3);
    acc_3_4 = fma(a_3_0, b_0_4, acc_3_4);
    acc_3_5 = fma(a_3_0, b_0_5, acc_3_5);
    acc_3_6 = fma(a_3_0, b_0_6, acc_3_6);
    acc_3_7 = fma(a_3_0, b_0_7, acc_3_7);
    acc_4_0 = fma(a_4_0, b_0_0, acc_4_0);
    acc_4_1 = fma(a_4_0, b_0_1, acc_4_1);
    acc_4_2 = fma(a_4_0, b_0_2, acc_4_2);
    acc_4_3 = fma(a_4_0, b_0_3, acc_4_3);
    acc_4_4 = fma(a_4_0, b_0_4, acc_4_4);
    acc_4_5 = fma(a_4_0, b_0_5, acc_4_5);
    acc_4_6 = fma(a_4_0, b_0_6, acc_4_6);
    acc_4_7 = fma(a_4_0, b_0_7, acc_4_7);
    acc_5_0 = fma(a_5_0, b_0_0, acc_5_0);
    acc_5_1 = fma(a_5_0, b_0_1, acc_5_1);
    acc_5_2 = fma(a_5_0, b_0_2, acc_5_2);
    acc_5_3 = fma(a_5_0, b_0_3, acc_5_3);
    acc_5_4 = fma(a_5_0, b_0_4, acc_5_4);
    acc_5_5 = fma(a_5_0, b_0_5, acc_5_5);
    acc_5_6 = fma(a_5_0, b_0_6, acc_5_6);
    acc_5_7 = fma(a_5_0, b_0_7, acc_5_7);
    acc_6_0 = fma(a_6_0, b_0_0, acc_6_0);
    acc_6_1 = fma(a_6_0, b_0_1, acc_6_1);
    acc_6_2 = fma(a_6_0, b_0_2, acc_6_2);
    acc_6_3 = fma(a_6_0, b_0_3, acc_6_3);
    acc_6_4 = fma(a_6_0, b_0_4, acc_6_4);
    acc_6_5 = fma(a_6_0, b_0_5, acc_6_5);
    acc_6_6 = fma(a_6_0, b_0_6, acc_6_6);
    acc_6_7 = fma(a_6_0, b_0_7, acc_6_7);
    acc_7_0 = fma(a_7_0, b_0_0, acc_7_0);
    acc_7_1 = fma(a_7_0, b_0_1, acc_7_1);
    acc_7_2 = fma(a_7_0, b_0_2, acc_7_2);
    acc_7_3 = fma(a_7_0, b_0_3, acc_7_3);
    acc_7_4 = fma(a_7_0, b_0_4, acc_7_4);
    acc_7_5 = fma(a_7_0, b_0_5, acc_7_5);
    acc_7_6 = fma(a_7_0, b_0_6, acc_7_6);
    acc_7_7 = fma(a_7_0, b_0_7, acc_7_7);
  }
  let feature_0 = gemm_feature(row0, batch);
  { gemm_c[((col0 / 100u) * 1600u + row0 * 100u + col0 % 100u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_0, feature_0), gemm_epilogue(acc_0_1, feature_0), gemm_epilogue(acc_0_2, feature_0), gemm_epilogue(acc_0_3, feature_0)); }
  { gemm_c[(((col0 + 4u) / 100u) * 1600u + row0 * 100u + (col0 + 4u) % 100u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_4, feature_0), gemm_epilogue(acc_0_5, feature_0), gemm_epilogue(acc_0_6, feature_0), gemm_epilogue(acc_0_7, feature_0)); }
  let feature_1 = gemm_feature(row0 + 1u, batch);
  { gemm_c[((col0 / 100u) * 1600u + (row0 + 1u) * 100u + col0 % 100u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_0, feature_1), gemm_epilogue(acc_1_1, feature_1), gemm_epilogue(acc_1_2, feature_1), gemm_epilogue(acc_1_3, feature_1)); }
  { gemm_c[(((col0 + 4u) / 100u) * 1600u + (row0 + 1u) * 100u + (col0 + 4u) % 100u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_4, feature_1), gemm_epilogue(acc_1_5, feature_1), gemm_epilogue(acc_1_6, feature_1), gemm_epilogue(acc_1_7, feature_1)); }
  let feature_2 = gemm_feature(row0 + 2u, batch);
  { gemm_c[((col0 / 100u) * 1600u + (row0 + 2u) * 100u + col0 % 100u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_0, feature_2), gemm_epilogue(acc_2_1, feature_2), gemm_epilogue(acc_2_2, feature_2), gemm_epilogue(acc_2_3, feature_2)); }
  { gemm_c[(((col0 + 4u) / 100u) * 1600u + (row0 + 2u) * 100u + (col0 + 4u) % 100u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_4, feature_2), gemm_epilogue(acc_2_5, feature_2), gemm_epilogue(acc_2_6, feature_2), gemm_epilogue(acc_2_7, feature_2)); }
  let feature_3 = gemm_feature(row0 + 3u, batch);
  { gemm_c[((col0 / 100u) * 1600u + (row0 + 3u) * 100u + col0 % 100u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_0, feature_3), gemm_epilogue(acc_3_1, feature_3), gemm_epilogue(acc_3_2, feature_3), gemm_epilogue(acc_3_3, feature_3)); }
  { gemm_c[(((col0 + 4u) / 100u) * 1600u + (row0 + 3u) * 100u + (col0 + 4u) % 100u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_4, feature_3), gemm_epilogue(acc_3_5, feature_3), gemm_epilogue(acc_3_6, feature_3), gemm_epilogue(acc_3_7, feature_3)); }
  let feature_4 = gemm_feature(row0 + 4u, batch);
  { gemm_c[((col0 / 100u) * 1600u + (row0 + 4u) * 100u + col0 % 100u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_0, feature_4), gemm_epilogue(acc_4_1, feature_4), gemm_epilogue(acc_4_2, feature_4), gemm_epilogue(acc_4_3, feature_4)); }
  { gemm_c[(((col0 + 4u) / 100u) * 1600u + (row0 + 4u) * 100u + (col0 + 4u) % 100u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_4, feature_4), gemm_epilogue(acc_4_5, feature_4), gemm_epilogue(acc_4_6, feature_4), gemm_epilogue(acc_4_7, feature_4)); }
  let feature_5 = gemm_feature(row0 + 5u, batch);
  { gemm_c[((col0 / 100u) * 1600u + (row0 + 5u) * 100u + col0 % 100u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_0, feature_5), gemm_epilogue(acc_5_1, feature_5), gemm_epilogue(acc_5_2, feature_5), gemm_epilogue(acc_5_3, feature_5)); }
  { gemm_c[(((col0 + 4u) / 100u) * 1600u + (row0 + 5u) * 100u + (col0 + 4u) % 100u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_4, feature_5), gemm_epilogue(acc_5_5, feature_5), gemm_epilogue(acc_5_6, feature_5), gemm_epilogue(acc_5_7, feature_5)); }
  let feature_6 = gemm_feature(row0 + 6u, batch);
  { gemm_c[((col0 / 100u) * 1600u + (row0 + 6u) * 100u + col0 % 100u) / 4u] = vec4<f32>(gemm_epilogue(acc_6_0, feature_6), gemm_epilogue(acc_6_1, feature_6), gemm_epilogue(acc_6_2, feature_6), gemm_epilogue(acc_6_3, feature_6)); }
  { gemm_c[(((col0 + 4u) / 100u) * 1600u + (row0 + 6u) * 100u + (col0 + 4u) % 100u) / 4u] = vec4<f32>(gemm_epilogue(acc_6_4, feature_6), gemm_epilogue(acc_6_5, feature_6), gemm_epilogue(acc_6_6, feature_6), gemm_epilogue(acc_6_7, feature_6)); }
  let feature_7 = gemm_feature(row0 + 7u, batch);
  { gemm_c[((col0 / 100u) * 1600u + (row0 + 7u) * 100u + col0 % 100u) / 4u] = vec4<f32>(gemm_epilogue(acc_7_0, feature_7), gemm_epilogue(acc_7_1, feature_7), gemm_epilogue(acc_7_2, feature_7), gemm_epilogue(acc_7_3, feature_7)); }
  { gemm_c[(((col0 + 4u) / 100u) * 1600u + (row0 + 7u) * 100u + (col0 + 4u) % 100u) / 4u] = vec4<f32>(gemm_epilogue(acc_7_4, feature_7), gemm_epilogue(acc_7_5, feature_7), gemm_epilogue(acc_7_6, feature_7), gemm_epilogue(acc_7_7, feature_7)); }
}
`,
  },
  {
    name: "features_avgpool2_forward",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;

// The padded span of window o, without the overhang past the padding that ceil mode adds.
fn padded_rows(o: i32) -> i32 {
  let start = o * 2;
  return min(start + 2, 10) - start;
}

// The padded span of window o, without the overhang past the padding that ceil mode adds.
fn padded_cols(o: i32) -> i32 {
  let start = o * 2;
  return min(start + 2, 10) - start;
}

fn window_divisor(oh: i32, ow: i32) -> f32 {
  return f32(padded_rows(oh) * padded_cols(ow));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 102400u) { return; }
  let col = i32(i % 5u);
  let row = i32((i / 5u) % 5u);
  let plane = i / 25u;
  let base = plane * 100u;
  var sum = 0.0;
  let h_start = row * 2;
  let h0 = h_start;
  let h1 = h_start + 1;
  let w_start = col * 2;
  let w0 = w_start;
  let w1 = w_start + 1;
  sum += x[base + u32(h0 * 10 + w0)];
  sum += x[base + u32(h0 * 10 + w1)];
  sum += x[base + u32(h1 * 10 + w0)];
  sum += x[base + u32(h1 * 10 + w1)];
  y[i] = sum / window_divisor(row, col);
}
`,
  },
  {
    name: "linear1_sigmoid1_forward",
    code: /* wgsl */ `
// gemm linear1_sigmoid1_forward: C[256x120] = A[256x400] * B[400x120] (A, B stored transposed; epilogue)
// tile {"strategy":"register","threads":[8,8],"rows":4,"cols":8}
@group(0) @binding(0) var<storage, read> gemm_a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> gemm_b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gemm_c: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}
struct GemmFeature {
  bias: f32,
}
fn gemm_feature(i: u32, batch: u32) -> GemmFeature {
  let feature = i;
  return GemmFeature(bias[feature]);
}
fn gemm_epilogue(value: f32, at: GemmFeature) -> f32 {
  return act_sigmoid(value + at.bias);
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
  for (var k0 = 0u; k0 < 400u; k0 += 4u) {
    let a_0_0 = gemm_a[(row0 * 400u + k0) / 4u];
    let a_1_0 = gemm_a[((row0 + 1u) * 400u + k0) / 4u];
    let a_2_0 = gemm_a[((row0 + 2u) * 400u + k0) / 4u];
    let a_3_0 = gemm_a[((row0 + 3u) * 400u + k0) / 4u];
    let b_0_0 = gemm_b[(min(col0, 119u) * 400u + k0) / 4u];
    let b_0_1 = gemm_b[(min(col0 + 1u, 119u) * 400u + k0) / 4u];
    let b_0_2 = gemm_b[(min(col0 + 2u, 119u) * 400u + k0) / 4u];
    let b_0_3 = gemm_b[(min(col0 + 3u, 119u) * 400u + k0) / 4u];
    let b_0_4 = gemm_b[(min(col0 + 4u, 119u) * 400u + k0) / 4u];
    let b_0_5 = gemm_b[(min(col0 + 5u, 119u) * 400u + k0) / 4u];
    let b_0_6 = gemm_b[(min(col0 + 6u, 119u) * 400u + k0) / 4u];
    let b_0_7 = gemm_b[(min(col0 + 7u, 119u) * 400u + k0) / 4u];
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
  let feature_0 = gemm_feature(min(col0, 119u), batch);
  let feature_1 = gemm_feature(min(col0 + 1u, 119u), batch);
  let feature_2 = gemm_feature(min(col0 + 2u, 119u), batch);
  let feature_3 = gemm_feature(min(col0 + 3u, 119u), batch);
  let feature_4 = gemm_feature(min(col0 + 4u, 119u), batch);
  let feature_5 = gemm_feature(min(col0 + 5u, 119u), batch);
  let feature_6 = gemm_feature(min(col0 + 6u, 119u), batch);
  let feature_7 = gemm_feature(min(col0 + 7u, 119u), batch);
  if (col0 < 120u) { gemm_c[(row0 * 120u + col0) / 4u] = vec4<f32>(gemm_epilogue(acc_0_0, feature_0), gemm_epilogue(acc_0_1, feature_1), gemm_epilogue(acc_0_2, feature_2), gemm_epilogue(acc_0_3, feature_3)); }
  if (col0 + 4u < 120u) { gemm_c[(row0 * 120u + col0 + 4u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_4, feature_4), gemm_epilogue(acc_0_5, feature_5), gemm_epilogue(acc_0_6, feature_6), gemm_epilogue(acc_0_7, feature_7)); }
  if (col0 < 120u) { gemm_c[((row0 + 1u) * 120u + col0) / 4u] = vec4<f32>(gemm_epilogue(acc_1_0, feature_0), gemm_epilogue(acc_1_1, feature_1), gemm_epilogue(acc_1_2, feature_2), gemm_epilogue(acc_1_3, feature_3)); }
  if (col0 + 4u < 120u) { gemm_c[((row0 + 1u) * 120u + col0 + 4u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_4, feature_4), gemm_epilogue(acc_1_5, feature_5), gemm_epilogue(acc_1_6, feature_6), gemm_epilogue(acc_1_7, feature_7)); }
  if (col0 < 120u) { gemm_c[((row0 + 2u) * 120u + col0) / 4u] = vec4<f32>(gemm_epilogue(acc_2_0, feature_0), gemm_epilogue(acc_2_1, feature_1), gemm_epilogue(acc_2_2, feature_2), gemm_epilogue(acc_2_3, feature_3)); }
  if (col0 + 4u < 120u) { gemm_c[((row0 + 2u) * 120u + col0 + 4u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_4, feature_4), gemm_epilogue(acc_2_5, feature_5), gemm_epilogue(acc_2_6, feature_6), gemm_epilogue(acc_2_7, feature_7)); }
  if (col0 < 120u) { gemm_c[((row0 + 3u) * 120u + col0) / 4u] = vec4<f32>(gemm_epilogue(acc_3_0, feature_0), gemm_epilogue(acc_3_1, feature_1), gemm_epilogue(acc_3_2, feature_2), gemm_epilogue(acc_3_3, feature_3)); }
  if (col0 + 4u < 120u) { gemm_c[((row0 + 3u) * 120u + col0 + 4u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_4, feature_4), gemm_epilogue(acc_3_5, feature_5), gemm_epilogue(acc_3_6, feature_6), gemm_epilogue(acc_3_7, feature_7)); }
}
`,
  },
  {
    name: "linear2_sigmoid2_forward",
    code: /* wgsl */ `
// gemm linear2_sigmoid2_forward: C[256x84] = A[256x120] * B[120x84] (A, B stored transposed; epilogue)
// tile {"strategy":"register","threads":[8,8],"rows":4,"cols":8}
@group(0) @binding(0) var<storage, read> gemm_a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> gemm_b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gemm_c: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}
struct GemmFeature {
  bias: f32,
}
fn gemm_feature(i: u32, batch: u32) -> GemmFeature {
  let feature = i;
  return GemmFeature(bias[feature]);
}
fn gemm_epilogue(value: f32, at: GemmFeature) -> f32 {
  return act_sigmoid(value + at.bias);
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
  for (var k0 = 0u; k0 < 120u; k0 += 4u) {
    let a_0_0 = gemm_a[(row0 * 120u + k0) / 4u];
    let a_1_0 = gemm_a[((row0 + 1u) * 120u + k0) / 4u];
    let a_2_0 = gemm_a[((row0 + 2u) * 120u + k0) / 4u];
    let a_3_0 = gemm_a[((row0 + 3u) * 120u + k0) / 4u];
    let b_0_0 = gemm_b[(min(col0, 83u) * 120u + k0) / 4u];
    let b_0_1 = gemm_b[(min(col0 + 1u, 83u) * 120u + k0) / 4u];
    let b_0_2 = gemm_b[(min(col0 + 2u, 83u) * 120u + k0) / 4u];
    let b_0_3 = gemm_b[(min(col0 + 3u, 83u) * 120u + k0) / 4u];
    let b_0_4 = gemm_b[(min(col0 + 4u, 83u) * 120u + k0) / 4u];
    let b_0_5 = gemm_b[(min(col0 + 5u, 83u) * 120u + k0) / 4u];
    let b_0_6 = gemm_b[(min(col0 + 6u, 83u) * 120u + k0) / 4u];
    let b_0_7 = gemm_b[(min(col0 + 7u, 83u) * 120u + k0) / 4u];
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
  let feature_0 = gemm_feature(min(col0, 83u), batch);
  let feature_1 = gemm_feature(min(col0 + 1u, 83u), batch);
  let feature_2 = gemm_feature(min(col0 + 2u, 83u), batch);
  let feature_3 = gemm_feature(min(col0 + 3u, 83u), batch);
  let feature_4 = gemm_feature(min(col0 + 4u, 83u), batch);
  let feature_5 = gemm_feature(min(col0 + 5u, 83u), batch);
  let feature_6 = gemm_feature(min(col0 + 6u, 83u), batch);
  let feature_7 = gemm_feature(min(col0 + 7u, 83u), batch);
  if (col0 < 84u) { gemm_c[(row0 * 84u + col0) / 4u] = vec4<f32>(gemm_epilogue(acc_0_0, feature_0), gemm_epilogue(acc_0_1, feature_1), gemm_epilogue(acc_0_2, feature_2), gemm_epilogue(acc_0_3, feature_3)); }
  if (col0 + 4u < 84u) { gemm_c[(row0 * 84u + col0 + 4u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_4, feature_4), gemm_epilogue(acc_0_5, feature_5), gemm_epilogue(acc_0_6, feature_6), gemm_epilogue(acc_0_7, feature_7)); }
  if (col0 < 84u) { gemm_c[((row0 + 1u) * 84u + col0) / 4u] = vec4<f32>(gemm_epilogue(acc_1_0, feature_0), gemm_epilogue(acc_1_1, feature_1), gemm_epilogue(acc_1_2, feature_2), gemm_epilogue(acc_1_3, feature_3)); }
  if (col0 + 4u < 84u) { gemm_c[((row0 + 1u) * 84u + col0 + 4u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_4, feature_4), gemm_epilogue(acc_1_5, feature_5), gemm_epilogue(acc_1_6, feature_6), gemm_epilogue(acc_1_7, feature_7)); }
  if (col0 < 84u) { gemm_c[((row0 + 2u) * 84u + col0) / 4u] = vec4<f32>(gemm_epilogue(acc_2_0, feature_0), gemm_epilogue(acc_2_1, feature_1), gemm_epilogue(acc_2_2, feature_2), gemm_epilogue(acc_2_3, feature_3)); }
  if (col0 + 4u < 84u) { gemm_c[((row0 + 2u) * 84u + col0 + 4u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_4, feature_4), gemm_epilogue(acc_2_5, feature_5), gemm_epilogue(acc_2_6, feature_6), gemm_epilogue(acc_2_7, feature_7)); }
  if (col0 < 84u) { gemm_c[((row0 + 3u) * 84u + col0) / 4u] = vec4<f32>(gemm_epilogue(acc_3_0, feature_0), gemm_epilogue(acc_3_1, feature_1), gemm_epilogue(acc_3_2, feature_2), gemm_epilogue(acc_3_3, feature_3)); }
  if (col0 + 4u < 84u) { gemm_c[((row0 + 3u) * 84u + col0 + 4u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_4, feature_4), gemm_epilogue(acc_3_5, feature_5), gemm_epilogue(acc_3_6, feature_6), gemm_epilogue(acc_3_7, feature_7)); }
}
`,
  },
  {
    name: "linear3_forward",
    code: /* wgsl */ `
// gemm linear3_forward: C[256x10] = A[256x84] * B[84x10] (A, B stored transposed; epilogue)
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
  for (var k0 = 0u; k0 < 84u; k0 += 4u) {
    let a_0_0 = gemm_a[(row0 * 84u + k0) / 4u];
    let a_1_0 = gemm_a[((row0 + 1u) * 84u + k0) / 4u];
    let a_2_0 = gemm_a[((row0 + 2u) * 84u + k0) / 4u];
    let a_3_0 = gemm_a[((row0 + 3u) * 84u + k0) / 4u];
    let b_0_0 = gemm_b[(min(col0, 9u) * 84u + k0) / 4u];
    let b_0_1 = gemm_b[(min(col0 + 1u, 9u) * 84u + k0) / 4u];
    let b_0_2 = gemm_b[(min(col0 + 2u, 9u) * 84u + k0) / 4u];
    let b_0_3 = gemm_b[(min(col0 + 3u, 9u) * 84u + k0) / 4u];
    let b_0_4 = gemm_b[(min(col0 + 4u, 9u) * 84u + k0) / 4u];
    let b_0_5 = gemm_b[(min(col0 + 5u, 9u) * 84u + k0) / 4u];
    let b_0_6 = gemm_b[(min(col0 + 6u, 9u) * 84u + k0) / 4u];
    let b_0_7 = gemm_b[(min(col0 + 7u, 9u) * 84u + k0) / 4u];
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
// gemm linear3_grad_input_matmul: C[256x84] = A[256x10] * B[10x84] (A, B)
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
    let b_0_0 = gemm_b[(k0 * 84u + min(col0, 80u)) / 4u];
    let b_0_1 = gemm_b[(k0 * 84u + min(col0 + 4u, 80u)) / 4u];
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
  if (col0 < 84u) { gemm_c[(row0 * 84u + col0) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  if (col0 + 4u < 84u) { gemm_c[(row0 * 84u + col0 + 4u) / 4u] = vec4<f32>(acc_0_4, acc_0_5, acc_0_6, acc_0_7); }
  if (col0 < 84u) { gemm_c[((row0 + 1u) * 84u + col0) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  if (col0 + 4u < 84u) { gemm_c[((row0 + 1u) * 84u + col0 + 4u) / 4u] = vec4<f32>(acc_1_4, acc_1_5, acc_1_6, acc_1_7); }
  if (col0 < 84u) { gemm_c[((row0 + 2u) * 84u + col0) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  if (col0 + 4u < 84u) { gemm_c[((row0 + 2u) * 84u + col0 + 4u) / 4u] = vec4<f32>(acc_2_4, acc_2_5, acc_2_6, acc_2_7); }
  if (col0 < 84u) { gemm_c[((row0 + 3u) * 84u + col0) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  if (col0 + 4u < 84u) { gemm_c[((row0 + 3u) * 84u + col0 + 4u) / 4u] = vec4<f32>(acc_3_4, acc_3_5, acc_3_6, acc_3_7); }
}
`,
  },
  {
    name: "linear3_grad_weight_matmul",
    code: /* wgsl */ `
// gemm linear3_grad_weight_matmul: C[10x84] = A[10x256] * B[256x84] (A stored transposed, B)
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
    let b_0_0 = gemm_b[(k0 * 84u + min(col0, 80u)) / 4u];
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
  if (col0 < 84u) { gemm_c[(row0 * 84u + col0) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  if (col0 < 84u) { gemm_c[((row0 + 1u) * 84u + col0) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  if (col0 < 84u) { gemm_c[((row0 + 2u) * 84u + col0) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  if (col0 < 84u) { gemm_c[((row0 + 3u) * 84u + col0) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  if (col0 < 84u) { gemm_c[((row0 + 4u) * 84u + col0) / 4u] = vec4<f32>(acc_4_0, acc_4_1, acc_4_2, acc_4_3); }
  if (col0 < 84u) { gemm_c[((row0 + 5u) * 84u + col0) / 4u] = vec4<f32>(acc_5_0, acc_5_1, acc_5_2, acc_5_3); }
  if (col0 < 84u) { gemm_c[((row0 + 6u) * 84u + col0) / 4u] = vec4<f32>(acc_6_0, acc_6_1, acc_6_2, acc_6_3); }
  if (col0 < 84u) { gemm_c[((row0 + 7u) * 84u + col0) / 4u] = vec4<f32>(acc_7_0, acc_7_1, acc_7_2, acc_7_3); }
  if (col0 < 84u) { gemm_c[((row0 + 8u) * 84u + col0) / 4u] = vec4<f32>(acc_8_0, acc_8_1, acc_8_2, acc_8_3); }
  if (col0 < 84u) { gemm_c[((row0 + 9u) * 84u + col0) / 4u] = vec4<f32>(acc_9_0, acc_9_1, acc_9_2, acc_9_3); }
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
    name: "sigmoid2_grad_input_grad",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<vec4f>;
@group(0) @binding(1) var<storage, read> saved: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> y: array<vec4f>;
fn dy_at4(k: u32) -> vec4f {
  return dy[k];
}

fn act_grad(g: f32, s: f32) -> f32 {
  return g * s * (1.0 - s);
}

fn act_grad4(a: vec4f, b: vec4f) -> vec4f {
  return vec4f(act_grad(a.x, b.x), act_grad(a.y, b.y), act_grad(a.z, b.z), act_grad(a.w, b.w));
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 5376u) { return; }
  y[i] = act_grad4(dy_at4(i), saved[i]);
}
`,
  },
  {
    name: "linear2_grad_input_matmul",
    code: /* wgsl */ `
// gemm linear2_grad_input_matmul: C[256x120] = A[256x84] * B[84x120] (A, B)
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
  for (var k0 = 0u; k0 < 84u; k0 += 4u) {
    let a_0_0 = gemm_a[(row0 * 84u + k0) / 4u];
    let a_1_0 = gemm_a[((row0 + 1u) * 84u + k0) / 4u];
    let a_2_0 = gemm_a[((row0 + 2u) * 84u + k0) / 4u];
    let a_3_0 = gemm_a[((row0 + 3u) * 84u + k0) / 4u];
    let b_0_0 = gemm_b[(k0 * 120u + min(col0, 116u)) / 4u];
    let b_0_1 = gemm_b[(k0 * 120u + min(col0 + 4u, 116u)) / 4u];
    let b_1_0 = gemm_b[((k0 + 1u) * 120u + min(col0, 116u)) / 4u];
    let b_1_1 = gemm_b[((k0 + 1u) * 120u + min(col0 + 4u, 116u)) / 4u];
    let b_2_0 = gemm_b[((k0 + 2u) * 120u + min(col0, 116u)) / 4u];
    let b_2_1 = gemm_b[((k0 + 2u) * 120u + min(col0 + 4u, 116u)) / 4u];
    let b_3_0 = gemm_b[((k0 + 3u) * 120u + min(col0, 116u)) / 4u];
    let b_3_1 = gemm_b[((k0 + 3u) * 120u + min(col0 + 4u, 116u)) / 4u];
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
  if (col0 < 120u) { gemm_c[(row0 * 120u + col0) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  if (col0 + 4u < 120u) { gemm_c[(row0 * 120u + col0 + 4u) / 4u] = vec4<f32>(acc_0_4, acc_0_5, acc_0_6, acc_0_7); }
  if (col0 < 120u) { gemm_c[((row0 + 1u) * 120u + col0) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  if (col0 + 4u < 120u) { gemm_c[((row0 + 1u) * 120u + col0 + 4u) / 4u] = vec4<f32>(acc_1_4, acc_1_5, acc_1_6, acc_1_7); }
  if (col0 < 120u) { gemm_c[((row0 + 2u) * 120u + col0) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  if (col0 + 4u < 120u) { gemm_c[((row0 + 2u) * 120u + col0 + 4u) / 4u] = vec4<f32>(acc_2_4, acc_2_5, acc_2_6, acc_2_7); }
  if (col0 < 120u) { gemm_c[((row0 + 3u) * 120u + col0) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  if (col0 + 4u < 120u) { gemm_c[((row0 + 3u) * 120u + col0 + 4u) / 4u] = vec4<f32>(acc_3_4, acc_3_5, acc_3_6, acc_3_7); }
}
`,
  },
  {
    name: "linear2_grad_weight_matmul",
    code: /* wgsl */ `
// gemm linear2_grad_weight_matmul: C[84x120] = A[84x256] * B[256x120] (A stored transposed, B)
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
    let a_0_0 = gemm_a[(k0 * 84u + min(row0, 80u)) / 4u];
    let b_0_0 = gemm_b[(k0 * 120u + min(col0, 116u)) / 4u];
    let b_0_1 = gemm_b[(k0 * 120u + min(col0 + 4u, 116u)) / 4u];
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
  if (row0 < 84u && col0 < 120u) { gemm_c[(row0 * 120u + col0) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  if (row0 < 84u && col0 + 4u < 120u) { gemm_c[(row0 * 120u + col0 + 4u) / 4u] = vec4<f32>(acc_0_4, acc_0_5, acc_0_6, acc_0_7); }
  if (row0 + 1u < 84u && col0 < 120u) { gemm_c[((row0 + 1u) * 120u + col0) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  if (row0 + 1u < 84u && col0 + 4u < 120u) { gemm_c[((row0 + 1u) * 120u + col0 + 4u) / 4u] = vec4<f32>(acc_1_4, acc_1_5, acc_1_6, acc_1_7); }
  if (row0 + 2u < 84u && col0 < 120u) { gemm_c[((row0 + 2u) * 120u + col0) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  if (row0 + 2u < 84u && col0 + 4u < 120u) { gemm_c[((row0 + 2u) * 120u + col0 + 4u) / 4u] = vec4<f32>(acc_2_4, acc_2_5, acc_2_6, acc_2_7); }
  if (row0 + 3u < 84u && col0 < 120u) { gemm_c[((row0 + 3u) * 120u + col0) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  if (row0 + 3u < 84u && col0 + 4u < 120u) { gemm_c[((row0 + 3u) * 120u + col0 + 4u) / 4u] = vec4<f32>(acc_3_4, acc_3_5, acc_3_6, acc_3_7); }
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
  if (col >= 84u) { return; }
  var sum = 0.0;
  for (var row = 0u; row < 256u; row++) {
    sum += x[row * 84u + col];
  }
  y[col] = sum;
}
`,
  },
  {
    name: "sigmoid1_grad_input_grad",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<vec4f>;
@group(0) @binding(1) var<storage, read> saved: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> y: array<vec4f>;
fn dy_at4(k: u32) -> vec4f {
  return dy[k];
}

fn act_grad(g: f32, s: f32) -> f32 {
  return g * s * (1.0 - s);
}

fn act_grad4(a: vec4f, b: vec4f) -> vec4f {
  return vec4f(act_grad(a.x, b.x), act_grad(a.y, b.y), act_grad(a.z, b.z), act_grad(a.w, b.w));
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 7680u) { return; }
  y[i] = act_grad4(dy_at4(i), saved[i]);
}
`,
  },
  {
    name: "linear1_grad_input_matmul",
    code: /* wgsl */ `
// gemm linear1_grad_input_matmul: C[256x400] = A[256x120] * B[120x400] (A, B)
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
  for (var k0 = 0u; k0 < 120u; k0 += 4u) {
    let a_0_0 = gemm_a[(row0 * 120u + k0) / 4u];
    let a_1_0 = gemm_a[((row0 + 1u) * 120u + k0) / 4u];
    let a_2_0 = gemm_a[((row0 + 2u) * 120u + k0) / 4u];
    let a_3_0 = gemm_a[((row0 + 3u) * 120u + k0) / 4u];
    let b_0_0 = gemm_b[(k0 * 400u + min(col0, 396u)) / 4u];
    let b_0_1 = gemm_b[(k0 * 400u + min(col0 + 4u, 396u)) / 4u];
    let b_1_0 = gemm_b[((k0 + 1u) * 400u + min(col0, 396u)) / 4u];
    let b_1_1 = gemm_b[((k0 + 1u) * 400u + min(col0 + 4u, 396u)) / 4u];
    let b_2_0 = gemm_b[((k0 + 2u) * 400u + min(col0, 396u)) / 4u];
    let b_2_1 = gemm_b[((k0 + 2u) * 400u + min(col0 + 4u, 396u)) / 4u];
    let b_3_0 = gemm_b[((k0 + 3u) * 400u + min(col0, 396u)) / 4u];
    let b_3_1 = gemm_b[((k0 + 3u) * 400u + min(col0 + 4u, 396u)) / 4u];
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
  if (col0 < 400u) { gemm_c[(row0 * 400u + col0) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  if (col0 + 4u < 400u) { gemm_c[(row0 * 400u + col0 + 4u) / 4u] = vec4<f32>(acc_0_4, acc_0_5, acc_0_6, acc_0_7); }
  if (col0 < 400u) { gemm_c[((row0 + 1u) * 400u + col0) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  if (col0 + 4u < 400u) { gemm_c[((row0 + 1u) * 400u + col0 + 4u) / 4u] = vec4<f32>(acc_1_4, acc_1_5, acc_1_6, acc_1_7); }
  if (col0 < 400u) { gemm_c[((row0 + 2u) * 400u + col0) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  if (col0 + 4u < 400u) { gemm_c[((row0 + 2u) * 400u + col0 + 4u) / 4u] = vec4<f32>(acc_2_4, acc_2_5, acc_2_6, acc_2_7); }
  if (col0 < 400u) { gemm_c[((row0 + 3u) * 400u + col0) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  if (col0 + 4u < 400u) { gemm_c[((row0 + 3u) * 400u + col0 + 4u) / 4u] = vec4<f32>(acc_3_4, acc_3_5, acc_3_6, acc_3_7); }
}
`,
  },
  {
    name: "linear1_grad_weight_matmul",
    code: /* wgsl */ `
// gemm linear1_grad_weight_matmul: C[120x400] = A[120x256] * B[256x400] (A stored transposed, B)
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
    let a_0_0 = gemm_a[(k0 * 120u + min(row0, 116u)) / 4u];
    let b_0_0 = gemm_b[(k0 * 400u + min(col0, 396u)) / 4u];
    let b_0_1 = gemm_b[(k0 * 400u + min(col0 + 4u, 396u)) / 4u];
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
  if (row0 < 120u && col0 < 400u) { gemm_c[(row0 * 400u + col0) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  if (row0 < 120u && col0 + 4u < 400u) { gemm_c[(row0 * 400u + col0 + 4u) / 4u] = vec4<f32>(acc_0_4, acc_0_5, acc_0_6, acc_0_7); }
  if (row0 + 1u < 120u && col0 < 400u) { gemm_c[((row0 + 1u) * 400u + col0) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  if (row0 + 1u < 120u && col0 + 4u < 400u) { gemm_c[((row0 + 1u) * 400u + col0 + 4u) / 4u] = vec4<f32>(acc_1_4, acc_1_5, acc_1_6, acc_1_7); }
  if (row0 + 2u < 120u && col0 < 400u) { gemm_c[((row0 + 2u) * 400u + col0) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  if (row0 + 2u < 120u && col0 + 4u < 400u) { gemm_c[((row0 + 2u) * 400u + col0 + 4u) / 4u] = vec4<f32>(acc_2_4, acc_2_5, acc_2_6, acc_2_7); }
  if (row0 + 3u < 120u && col0 < 400u) { gemm_c[((row0 + 3u) * 400u + col0) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  if (row0 + 3u < 120u && col0 + 4u < 400u) { gemm_c[((row0 + 3u) * 400u + col0 + 4u) / 4u] = vec4<f32>(acc_3_4, acc_3_5, acc_3_6, acc_3_7); }
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
  if (col >= 120u) { return; }
  var sum = 0.0;
  for (var row = 0u; row < 256u; row++) {
    sum += x[row * 120u + col];
  }
  y[col] = sum;
}
`,
  },
  {
    name: "features_sigmoid2_grad_input_grad",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> saved: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> y: array<vec4f>;
fn pooled_dy(k: u32) -> f32 {
  let h = (k / 10u) % 10u;
  let w = k % 10u;
  if (h >= 10u || w >= 10u) { return 0.0; }
  let plane = k / 100u;
  return dy[plane * 25u + (h / 2u) * 5u + w / 2u] / 4.0;
}

fn pooled_dy4(k: u32) -> vec4f {
  return vec4f(pooled_dy(4u * k), pooled_dy(4u * k + 1u), pooled_dy(4u * k + 2u), pooled_dy(4u * k + 3u));
}

fn dy_at4(k: u32) -> vec4f {
  return pooled_dy4(k);
}

fn act_grad(g: f32, s: f32) -> f32 {
  return g * s * (1.0 - s);
}

fn act_grad4(a: vec4f, b: vec4f) -> vec4f {
  return vec4f(act_grad(a.x, b.x), act_grad(a.y, b.y), act_grad(a.z, b.z), act_grad(a.w, b.w));
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 102400u) { return; }
  y[i] = act_grad4(dy_at4(i), saved[i]);
}
`,
  },
  {
    name: "features_conv2_grad_input_grad_input",
    code: /* wgsl */ `
// gemm features_conv2_grad_input_grad_input: C[6x50176] = A[6x400] * B[400x50176] (load_a, load_b)
// tile {"strategy":"register","threads":[8,1],"rows":6,"cols":16}
@group(0) @binding(0) var<storage, read_write> gemm_c: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
fn load_a(batch: u32, row: u32, col: u32) -> f32 {
  let o = col / 25u;
  let tap = col % 25u;
  return weight[(o * 6u + row) * 25u + tap];
}
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let tap = row % 25u;
  let pos = col % 196u;
  // The output row and column whose window puts this tap on the phase's position pos.
  let oh = i32(pos / 14u) - i32(tap / 5u);
  let ow = i32(pos % 14u) - i32(tap % 5u);
  let inside = (oh >= 0) & (oh < 10) & (ow >= 0) & (ow < 10);
  let o = (col / 196u) * 16u + row / 25u;
  return select(0.0, dy[select(0u, (o * 10u + u32(oh)) * 10u + u32(ow), inside)], inside);
}

@compute @workgroup_size(8, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let batch = wid.z;
  let row0 = tile_row * 6u + lid.y * 6u;
  let col0 = tile_col * 128u + lid.x * 16u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0; var acc_0_6 = 0.0; var acc_0_7 = 0.0; var acc_0_8 = 0.0; var acc_0_9 = 0.0; var acc_0_10 = 0.0; var acc_0_11 = 0.0; var acc_0_12 = 0.0; var acc_0_13 = 0.0; var acc_0_14 = 0.0; var acc_0_15 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0; var acc_1_6 = 0.0; var acc_1_7 = 0.0; var acc_1_8 = 0.0; var acc_1_9 = 0.0; var acc_1_10 = 0.0; var acc_1_11 = 0.0; var acc_1_12 = 0.0; var acc_1_13 = 0.0; var acc_1_14 = 0.0; var acc_1_15 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0; var acc_2_6 = 0.0; var acc_2_7 = 0.0; var acc_2_8 = 0.0; var acc_2_9 = 0.0; var acc_2_10 = 0.0; var acc_2_11 = 0.0; var acc_2_12 = 0.0; var acc_2_13 = 0.0; var acc_2_14 = 0.0; var acc_2_15 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0; var acc_3_6 = 0.0; var acc_3_7 = 0.0; var acc_3_8 = 0.0; var acc_3_9 = 0.0; var acc_3_10 = 0.0; var acc_3_11 = 0.0; var acc_3_12 = 0.0; var acc_3_13 = 0.0; var acc_3_14 = 0.0; var acc_3_15 = 0.0;
  var acc_4_0 = 0.0; var acc_4_1 = 0.0; var acc_4_2 = 0.0; var acc_4_3 = 0.0; var acc_4_4 = 0.0; var acc_4_5 = 0.0; var acc_4_6 = 0.0; var acc_4_7 = 0.0; var acc_4_8 = 0.0; var acc_4_9 = 0.0; var acc_4_10 = 0.0; var acc_4_11 = 0.0; var acc_4_12 = 0.0; var acc_4_13 = 0.0; var acc_4_14 = 0.0; var acc_4_15 = 0.0;
  var acc_5_0 = 0.0; var acc_5_1 = 0.0; var acc_5_2 = 0.0; var acc_5_3 = 0.0; var acc_5_4 = 0.0; var acc_5_5 = 0.0; var acc_5_6 = 0.0; var acc_5_7 = 0.0; var acc_5_8 = 0.0; var acc_5_9 = 0.0; var acc_5_10 = 0.0; var acc_5_11 = 0.0; var acc_5_12 = 0.0; var acc_5_13 = 0.0; var acc_5_14 = 0.0; var acc_5_15 = 0.0;
  for (var k0 = 0u; k0 < 400u; k0 += 1u) {
    let a_0_0 = load_a(batch, row0, k0);
    let a_1_0 = load_a(batch, row0 + 1u, k0);
    let a_2_0 = load_a(batch, row0 + 2u, k0);
    let a_3_0 = load_a(batch, row0 + 3u, k0);
    let a_4_0 = load_a(batch, row0 + 4u, k0);
    let a_5_0 = load_a(batch, row0 + 5u, k0);
    let b_0_0 = load_b(batch, k0, col0);
    let b_0_1 = load_b(batch, k0, col0 + 1u);
    let b_0_2 = load_b(batch, k0, col0 + 2u);
    let b_0_3 = load_b(batch, k0, col0 + 3u);
    let b_0_4 = load_b(batch, k0, col0 + 4u);
    let b_0_5 = load_b(batch, k0, col0 + 5u);
    let b_0_6 = load_b(batch, k0, col0 + 6u);
    let b_0_7 = load_b(batch, k0, col0 + 7u);
    let b_0_8 = load_b(batch, k0, col0 + 8u);
    let b_0_9 = load_b(batch, k0, col0 + 9u);
    let b_0_10 = load_b(batch, k0, col0 + 10u);
    let b_0_11 = load_b(batch, k0, col0 + 11u);
    let b_0_12 = load_b(batch, k0, col0 + 12u);
    let b_0_13 = load_b(batch, k0, col0 + 13u);
    let b_0_14 = load_b(batch, k0, col0 + 14u);
    let b_0_15 = load_b(batch, k0, col0 + 15u);
    acc_0_0 = fma(a_0_0, b_0_0, acc_0_0);
    acc_0_1 = fma(a_0_0, b_0_1, acc_0_1);
    acc_0_2 = fma(a_0_0, b_0_2, acc_0_2);
    acc_0_3 = fma(a_0_0, b_0_3, acc_0_3);
    acc_0_4 = fma(a_0_0, b_0_4, acc_0_4);
    acc_0_5 = fma(a_0_0, b_0_5, acc_0_5);
    acc_0_6 = fma(a_0_0, b_0_6, acc_0_6);
    acc_0_7 = fma(a_0_0, b_0_7, acc_0_7);
    acc_0_8 = fma(a_0_0, b_0_8, acc_0_8);
    acc_0_9 = fma(a_0_0, b_0_9, acc_0_9);
    acc_0_10 = fma(a_0_0, b_0_10, acc_0_10);
    acc_0_11 = fma(a_0_0, b_0_11, acc_0_11);
    acc_0_12 = fma(a_0_0, b_0_12, acc_0_12);
    acc_0_13 = fma(a_0_0, b_0_13, acc_0_13);
    acc_0_14 = fma(a_0_0, b_0_14, acc_0_14);
    acc_0_15 = fma(a_0_0, b_0_15, acc_0_15);
    acc_1_0 = fma(a_1_0, b_0_0, acc_1_0);
    acc_1_1 = fma(a_1_0, b_0_1, acc_1_1);
    acc_1_2 = fma(a_1_0, b_0_2, acc_1_2);
    acc_1_3 = fma(a_1_0, b_0_3, acc_1_3);
    acc_1_4 = fma(a_1_0, b_0_4, acc_1_4);
    acc_1_5 = fma(a_1_0, b_0_5, acc_1_5);
    acc_1_6 = fma(a_1_0, b_0_6, acc_1_6);
    acc_1_7 = fma(a_1_0, b_0_7, acc_1_7);
    acc_1_8 = fma(a_1_0, b_0_8, acc_1_8);
    acc_1_9 = fma(a_1_0, b_0_9, acc_1_9);
    acc_1_10 = fma(a_1_0, b_0_10, acc_1_10);
    acc_1_11 = fma(a_1_0, b_0_11, acc_1_11);
    acc_1_12 = fma(a_1_0, b_0_12, acc_1_12);
    acc_1_13 = fma(a_1_0, b_0_13, acc_1_13);
    acc_1_14 = fma(a_1_0, b_0_14, acc_1_14);
    acc_1_15 = fma(a_1_0, b_0_15, acc_1_15);
    acc_2_0 = fma(a_2_0, b_0_0, acc_2_0);
    acc_2_1 = fma(a_2_0, b_0_1, acc_2_1);
    acc_2_2 = fma(a_2_0, b_0_2, acc_2_2);
    acc_2_3 = fma(a_2_0, b_0_3, acc_2_3);
    acc_2_4 = fma(a_2_0, b_0_4, acc_2_4);
    acc_2_5 = fma(a_2_0, b_0_5, acc_2_5);
    acc_2_6 = fma(a_2_0, b_0_6, acc_2_6);
    acc_2_7 = fma(a_2_0, b_0_7, acc_2_7);
    acc_2_8 = fma(a_2_0, b_0_8, acc_2_8);
    acc_2_9 = fma(a_2_0, b_0_9, acc_2_9);
    acc_2_10 = fma(a_2_0, b_0_10, acc_2_10);
    acc_2_11 = fma(a_2_0, b_0_11, acc_2_11);
    acc_2_12 = fma(a_2_0, b_0_12, acc_2_12);
    acc_2_13 = fma(a_2_0, b_0_13, acc_2_13);
    acc_2_14 = fma(a_2_0, b_0_14, acc_2_14);
    acc_2_15 = fma(a_2_0, b_0_15, acc_2_15);
    acc_3_0 = fma(a_3_0, b_0_0, acc_3_0);
    acc_3_1 = fma(a_3_0, b_0_1, acc_3_1);
    acc_3_2 = fma(a_3_0, b_0_2, acc_3_2);
    acc_3_3 = fma(a_3_0, b_0_3, acc_3_3);
    acc_3_4 = fma(a_3_0, b_0_4, acc_3_4);
    acc_3_5 = fma(a_3_0, b_0_5, acc_3_5);
    acc_3_6 = fma(a_3_0, b_0_6, acc_3_6);
    acc_3_7 = fma(a_3_0, b_0_7, acc_3_7);
    acc_3_8 = fma(a_3_0, b_0_8, acc_3_8);
    acc_3_9 = fma(a_3_0, b_0_9, acc_3_9);
    acc_3_10 = fma(a_3_0, b_0_10, acc_3_10);
    acc_3_11 = fma(a_3_0, b_0_11, acc_3_11);
    acc_3_12 = fma(a_3_0, b_0_12, acc_3_12);
    acc_3_13 = fma(a_3_0, b_0_13, acc_3_13);
    acc_3_14 = fma(a_3_0, b_0_14, acc_3_14);
    acc_3_15 = fma(a_3_0, b_0_15, acc_3_15);
    acc_4_0 = fma(a_4_0, b_0_0, acc_4_0);
    acc_4_1 = fma(a_4_0, b_0_1, acc_4_1);
    acc_4_2 = fma(a_4_0, b_0_2, acc_4_2);
    acc_4_3 = fma(a_4_0, b_0_3, acc_4_3);
    acc_4_4 = fma(a_4_0, b_0_4, acc_4_4);
    acc_4_5 = fma(a_4_0, b_0_5, acc_4_5);
    acc_4_6 = fma(a_4_0, b_0_6, acc_4_6);
    acc_4_7 = fma(a_4_0, b_0_7, acc_4_7);
    acc_4_8 = fma(a_4_0, b_0_8, acc_4_8);
    acc_4_9 = fma(a_4_0, b_0_9, acc_4_9);
    acc_4_10 = fma(a_4_0, b_0_10, acc_4_10);
    acc_4_11 = fma(a_4_0, b_0_11, acc_4_11);
    acc_4_12 = fma(a_4_0, b_0_12, acc_4_12);
    acc_4_13 = fma(a_4_0, b_0_13, acc_4_13);
    acc_4_14 = fma(a_4_0, b_0_14, acc_4_14);
    acc_4_15 = fma(a_4_0, b_0_15, acc_4_15);
    acc_5_0 = fma(a_5_0, b_0_0, acc_5_0);
    acc_5_1 = fma(a_5_0, b_0_1, acc_5_1);
    acc_5_2 = fma(a_5_0, b_0_2, acc_5_2);
    acc_5_3 = fma(a_5_0, b_0_3, acc_5_3);
    acc_5_4 = fma(a_5_0, b_0_4, acc_5_4);
    acc_5_5 = fma(a_5_0, b_0_5, acc_5_5);
    acc_5_6 = fma(a_5_0, b_0_6, acc_5_6);
    acc_5_7 = fma(a_5_0, b_0_7, acc_5_7);
    acc_5_8 = fma(a_5_0, b_0_8, acc_5_8);
    acc_5_9 = fma(a_5_0, b_0_9, acc_5_9);
    acc_5_10 = fma(a_5_0, b_0_10, acc_5_10);
    acc_5_11 = fma(a_5_0, b_0_11, acc_5_11);
    acc_5_12 = fma(a_5_0, b_0_12, acc_5_12);
    acc_5_13 = fma(a_5_0, b_0_13, acc_5_13);
    acc_5_14 = fma(a_5_0, b_0_14, acc_5_14);
    acc_5_15 = fma(a_5_0, b_0_15, acc_5_15);
  }
  { gemm_c[((col0 / 196u) * 1176u + row0 * 196u + col0 % 196u) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  { gemm_c[(((col0 + 4u) / 196u) * 1176u + row0 * 196u + (col0 + 4u) % 196u) / 4u] = vec4<f32>(acc_0_4, acc_0_5, acc_0_6, acc_0_7); }
  { gemm_c[(((col0 + 8u) / 196u) * 1176u + row0 * 196u + (col0 + 8u) % 196u) / 4u] = vec4<f32>(acc_0_8, acc_0_9, acc_0_10, acc_0_11); }
  { gemm_c[(((col0 + 12u) / 196u) * 1176u + row0 * 196u + (col0 + 12u) % 196u) / 4u] = vec4<f32>(acc_0_12, acc_0_13, acc_0_14, acc_0_15); }
  { gemm_c[((col0 / 196u) * 1176u + (row0 + 1u) * 196u + col0 % 196u) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  { gemm_c[(((col0 + 4u) / 196u) * 1176u + (row0 + 1u) * 196u + (col0 + 4u) % 196u) / 4u] = vec4<f32>(acc_1_4, acc_1_5, acc_1_6, acc_1_7); }
  { gemm_c[(((col0 + 8u) / 196u) * 1176u + (row0 + 1u) * 196u + (col0 + 8u) % 196u) / 4u] = vec4<f32>(acc_1_8, acc_1_9, acc_1_10, acc_1_11); }
  { gemm_c[(((col0 + 12u) / 196u) * 1176u + (row0 + 1u) * 196u + (col0 + 12u) % 196u) / 4u] = vec4<f32>(acc_1_12, acc_1_13, acc_1_14, acc_1_15); }
  { gemm_c[((col0 / 196u) * 1176u + (row0 + 2u) * 196u + col0 % 196u) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  { gemm_c[(((col0 + 4u) / 196u) * 1176u + (row0 + 2u) * 196u + (col0 + 4u) % 196u) / 4u] = vec4<f32>(acc_2_4, acc_2_5, acc_2_6, acc_2_7); }
  { gemm_c[(((col0 + 8u) / 196u) * 1176u + (row0 + 2u) * 196u + (col0 + 8u) % 196u) / 4u] = vec4<f32>(acc_2_8, acc_2_9, acc_2_10, acc_2_11); }
  { gemm_c[(((col0 + 12u) / 196u) * 1176u + (row0 + 2u) * 196u + (col0 + 12u) % 196u) / 4u] = vec4<f32>(acc_2_12, acc_2_13, acc_2_14, acc_2_15); }
  { gemm_c[((col0 / 196u) * 1176u + (row0 + 3u) * 196u + col0 % 196u) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  { gemm_c[(((col0 + 4u) / 196u) * 1176u + (row0 + 3u) * 196u + (col0 + 4u) % 196u) / 4u] = vec4<f32>(acc_3_4, acc_3_5, acc_3_6, acc_3_7); }
  { gemm_c[(((col0 + 8u) / 196u) * 1176u + (row0 + 3u) * 196u + (col0 + 8u) % 196u) / 4u] = vec4<f32>(acc_3_8, acc_3_9, acc_3_10, acc_3_11); }
  { gemm_c[(((col0 + 12u) / 196u) * 1176u + (row0 + 3u) * 196u + (col0 + 12u) % 196u) / 4u] = vec4<f32>(acc_3_12, acc_3_13, acc_3_14, acc_3_15); }
  { gemm_c[((col0 / 196u) * 1176u + (row0 + 4u) * 196u + col0 % 196u) / 4u] = vec4<f32>(acc_4_0, acc_4_1, acc_4_2, acc_4_3); }
  { gemm_c[(((col0 + 4u) / 196u) * 1176u + (row0 + 4u) * 196u + (col0 + 4u) % 196u) / 4u] = vec4<f32>(acc_4_4, acc_4_5, acc_4_6, acc_4_7); }
  { gemm_c[(((col0 + 8u) / 196u) * 1176u + (row0 + 4u) * 196u + (col0 + 8u) % 196u) / 4u] = vec4<f32>(acc_4_8, acc_4_9, acc_4_10, acc_4_11); }
  { gemm_c[(((col0 + 12u) / 196u) * 1176u + (row0 + 4u) * 196u + (col0 + 12u) % 196u) / 4u] = vec4<f32>(acc_4_12, acc_4_13, acc_4_14, acc_4_15); }
  { gemm_c[((col0 / 196u) * 1176u + (row0 + 5u) * 196u + col0 % 196u) / 4u] = vec4<f32>(acc_5_0, acc_5_1, acc_5_2, acc_5_3); }
  { gemm_c[(((col0 + 4u) / 196u) * 1176u + (row0 + 5u) * 196u + (col0 + 4u) % 196u) / 4u] = vec4<f32>(acc_5_4, acc_5_5, acc_5_6, acc_5_7); }
  { gemm_c[(((col0 + 8u) / 196u) * 1176u + (row0 + 5u) * 196u + (col0 + 8u) % 196u) / 4u] = vec4<f32>(acc_5_8, acc_5_9, acc_5_10, acc_5_11); }
  { gemm_c[(((col0 + 12u) / 196u) * 1176u + (row0 + 5u) * 196u + (col0 + 12u) % 196u) / 4u] = vec4<f32>(acc_5_12, acc_5_13, acc_5_14, acc_5_15); }
}
`,
  },
  {
    name: "features_conv2_grad_weight_grad_weight_slices",
    code: /* wgsl */ `
// gemm features_conv2_grad_weight_grad_weight_slices: C[16x150] = A[16x256] * B[256x150] (load_a, load_b)
// tile {"strategy":"register","threads":[8,2],"rows":8,"cols":8,"splits":100}
@group(0) @binding(0) var<storage, read_write> gemm_c: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
fn load_a(batch: u32, row: u32, col: u32) -> f32 {
  return dy[((col / 100u) * 16u + row) * 100u + col % 100u];
}
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((row % 100u) / 10u + (col % 25u) / 5u);
  let w = i32((row % 100u) % 10u + (col % 25u) % 5u);
  let inside = (h >= 0) & (h < 14) & (w >= 0) & (w < 14);
  return select(0.0, x[select(0u, (((row / 100u) * 6u + col / 25u) * 14u + u32(h)) * 14u + u32(w), inside)], inside);
}

@compute @workgroup_size(8, 2, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let gemm_split = wid.z % 100u;
  let batch = wid.z / 100u;
  let row0 = tile_row * 16u + lid.y * 8u;
  let col0 = tile_col * 64u + lid.x * 8u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0; var acc_0_6 = 0.0; var acc_0_7 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0; var acc_1_6 = 0.0; var acc_1_7 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0; var acc_2_6 = 0.0; var acc_2_7 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0; var acc_3_6 = 0.0; var acc_3_7 = 0.0;
  var acc_4_0 = 0.0; var acc_4_1 = 0.0; var acc_4_2 = 0.0; var acc_4_3 = 0.0; var acc_4_4 = 0.0; var acc_4_5 = 0.0; var acc_4_6 = 0.0; var acc_4_7 = 0.0;
  var acc_5_0 = 0.0; var acc_5_1 = 0.0; var acc_5_2 = 0.0; var acc_5_3 = 0.0; var acc_5_4 = 0.0; var acc_5_5 = 0.0; var acc_5_6 = 0.0; var acc_5_7 = 0.0;
  var acc_6_0 = 0.0; var acc_6_1 = 0.0; var acc_6_2 = 0.0; var acc_6_3 = 0.0; var acc_6_4 = 0.0; var acc_6_5 = 0.0; var acc_6_6 = 0.0; var acc_6_7 = 0.0;
  var acc_7_0 = 0.0; var acc_7_1 = 0.0; var acc_7_2 = 0.0; var acc_7_3 = 0.0; var acc_7_4 = 0.0; var acc_7_5 = 0.0; var acc_7_6 = 0.0; var acc_7_7 = 0.0;
  for (var k0 = 0u; k0 < 256u; k0 += 1u) {
    let a_0_0 = load_a(batch, row0, k0 + gemm_split * 256u);
    let a_1_0 = load_a(batch, row0 + 1u, k0 + gemm_split * 256u);
    let a_2_0 = load_a(batch, row0 + 2u, k0 + gemm_split * 256u);
    let a_3_0 = load_a(batch, row0 + 3u, k0 + gemm_split * 256u);
    let a_4_0 = load_a(batch, row0 + 4u, k0 + gemm_split * 256u);
    let a_5_0 = load_a(batch, row0 + 5u, k0 + gemm_split * 256u);
    let a_6_0 = load_a(batch, row0 + 6u, k0 + gemm_split * 256u);
    let a_7_0 = load_a(batch, row0 + 7u, k0 + gemm_split * 256u);
    let b_0_0 = load_b(batch, k0 + gemm_split * 256u, min(col0, 149u));
    let b_0_1 = load_b(batch, k0 + gemm_split * 256u, min(col0 + 1u, 149u));
    let b_0_2 = load_b(batch, k0 + gemm_split * 256u, min(col0 + 2u, 149u));
    let b_0_3 = load_b(batch, k0 + gemm_split * 256u, min(col0 + 3u, 149u));
    let b_0_4 = load_b(batch, k0 + gemm_split * 256u, min(col0 + 4u, 149u));
    let b_0_5 = load_b(batch, k0 + gemm_split * 256u, min(col0 + 5u, 149u));
    let b_0_6 = load_b(batch, k0 + gemm_split * 256u, min(col0 + 6u, 149u));
    let b_0_7 = load_b(batch, k0 + gemm_split * 256u, min(col0 + 7u, 149u));
    acc_0_0 = fma(a_0_0, b_0_0, acc_0_0);
    acc_0_1 = fma(a_0_0, b_0_1, acc_0_1);
    acc_0_2 = fma(a_0_0, b_0_2, acc_0_2);
    acc_0_3 = fma(a_0_0, b_0_3, acc_0_3);
    acc_0_4 = fma(a_0_0, b_0_4, acc_0_4);
    acc_0_5 = fma(a_0_0, b_0_5, acc_0_5);
    acc_0_6 = fma(a_0_0, b_0_6, acc_0_6);
    acc_0_7 = fma(a_0_0, b_0_7, acc_0_7);
    acc_1_0 = fma(a_1_0, b_0_0, acc_1_0);
    acc_1_1 = fma(a_1_0, b_0_1, acc_1_1);
    acc_1_2 = fma(a_1_0, b_0_2, acc_1_2);
    acc_1_3 = fma(a_1_0, b_0_3, acc_1_3);
    acc_1_4 = fma(a_1_0, b_0_4, acc_1_4);
    acc_1_5 = fma(a_1_0, b_0_5, acc_1_5);
    acc_1_6 = fma(a_1_0, b_0_6, acc_1_6);
    acc_1_7 = fma(a_1_0, b_0_7, acc_1_7);
    acc_2_0 = fma(a_2_0, b_0_0, acc_2_0);
    acc_2_1 = fma(a_2_0, b_0_1, acc_2_1);
    acc_2_2 = fma(a_2_0, b_0_2, acc_2_2);
    acc_2_3 = fma(a_2_0, b_0_3, acc_2_3);
    acc_2_4 = fma(a_2_0, b_0_4, acc_2_4);
    acc_2_5 = fma(a_2_0, b_0_5, acc_2_5);
    acc_2_6 = fma(a_2_0, b_0_6, acc_2_6);
    acc_2_7 = fma(a_2_0, b_0_7, acc_2_7);
    acc_3_0 = fma(a_3_0, b_0_0, acc_3_0);
    acc_3_1 = fma(a_3_0, b_0_1, acc_3_1);
    acc_3_2 = fma(a_3_0, b_0_2, acc_3_2);
    acc_3_3 = fma(a_3_0, b_0_3, acc_3_3);
    acc_3_4 = fma(a_3_0, b_0_4, acc_3_4);
    acc_3_5 = fma(a_3_0, b_0_5, acc_3_5);
    acc_3_6 = fma(a_3_0, b_0_6, acc_3_6);
    acc_3_7 = fma(a_3_0, b_0_7, acc_3_7);
    acc_4_0 = fma(a_4_0, b_0_0, acc_4_0);
    acc_4_1 = fma(a_4_0, b_0_1, acc_4_1);
    acc_4_2 = fma(a_4_0, b_0_2, acc_4_2);
    acc_4_3 = fma(a_4_0, b_0_3, acc_4_3);
    acc_4_4 = fma(a_4_0, b_0_4, acc_4_4);
    acc_4_5 = fma(a_4_0, b_0_5, acc_4_5);
    acc_4_6 = fma(a_4_0, b_0_6, acc_4_6);
    acc_4_7 = fma(a_4_0, b_0_7, acc_4_7);
    acc_5_0 = fma(a_5_0, b_0_0, acc_5_0);
    acc_5_1 = fma(a_5_0, b_0_1, acc_5_1);
    acc_5_2 = fma(a_5_0, b_0_2, acc_5_2);
    acc_5_3 = fma(a_5_0, b_0_3, acc_5_3);
    acc_5_4 = fma(a_5_0, b_0_4, acc_5_4);
    acc_5_5 = fma(a_5_0, b_0_5, acc_5_5);
    acc_5_6 = fma(a_5_0, b_0_6, acc_5_6);
    acc_5_7 = fma(a_5_0, b_0_7, acc_5_7);
    acc_6_0 = fma(a_6_0, b_0_0, acc_6_0);
    acc_6_1 = fma(a_6_0, b_0_1, acc_6_1);
    acc_6_2 = fma(a_6_0, b_0_2, acc_6_2);
    acc_6_3 = fma(a_6_0, b_0_3, acc_6_3);
    acc_6_4 = fma(a_6_0, b_0_4, acc_6_4);
    acc_6_5 = fma(a_6_0, b_0_5, acc_6_5);
    acc_6_6 = fma(a_6_0, b_0_6, acc_6_6);
    acc_6_7 = fma(a_6_0, b_0_7, acc_6_7);
    acc_7_0 = fma(a_7_0, b_0_0, acc_7_0);
    acc_7_1 = fma(a_7_0, b_0_1, acc_7_1);
    acc_7_2 = fma(a_7_0, b_0_2, acc_7_2);
    acc_7_3 = fma(a_7_0, b_0_3, acc_7_3);
    acc_7_4 = fma(a_7_0, b_0_4, acc_7_4);
    acc_7_5 = fma(a_7_0, b_0_5, acc_7_5);
    acc_7_6 = fma(a_7_0, b_0_6, acc_7_6);
    acc_7_7 = fma(a_7_0, b_0_7, acc_7_7);
  }
  if (col0 < 150u) { gemm_c[gemm_split * 2400u + row0 * 150u + col0] = acc_0_0; }
  if (col0 + 1u < 150u) { gemm_c[gemm_split * 2400u + row0 * 150u + col0 + 1u] = acc_0_1; }
  if (col0 + 2u < 150u) { gemm_c[gemm_split * 2400u + row0 * 150u + col0 + 2u] = acc_0_2; }
  if (col0 + 3u < 150u) { gemm_c[gemm_split * 2400u + row0 * 150u + col0 + 3u] = acc_0_3; }
  if (col0 + 4u < 150u) { gemm_c[gemm_split * 2400u + row0 * 150u + col0 + 4u] = acc_0_4; }
  if (col0 + 5u < 150u) { gemm_c[gemm_split * 2400u + row0 * 150u + col0 + 5u] = acc_0_5; }
  if (col0 + 6u < 150u) { gemm_c[gemm_split * 2400u + row0 * 150u + col0 + 6u] = acc_0_6; }
  if (col0 + 7u < 150u) { gemm_c[gemm_split * 2400u + row0 * 150u + col0 + 7u] = acc_0_7; }
  if (col0 < 150u) { gemm_c[gemm_split * 2400u + (row0 + 1u) * 150u + col0] = acc_1_0; }
  if (col0 + 1u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 1u) * 150u + col0 + 1u] = acc_1_1; }
  if (col0 + 2u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 1u) * 150u + col0 + 2u] = acc_1_2; }
  if (col0 + 3u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 1u) * 150u + col0 + 3u] = acc_1_3; }
  if (col0 + 4u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 1u) * 150u + col0 + 4u] = acc_1_4; }
  if (col0 + 5u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 1u) * 150u + col0 + 5u] = acc_1_5; }
  if (col0 + 6u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 1u) * 150u + col0 + 6u] = acc_1_6; }
  if (col0 + 7u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 1u) * 150u + col0 + 7u] = acc_1_7; }
  if (col0 < 150u) { gemm_c[gemm_split * 2400u + (row0 + 2u) * 150u + col0] = acc_2_0; }
  if (col0 + 1u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 2u) * 150u + col0 + 1u] = acc_2_1; }
  if (col0 + 2u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 2u) * 150u + col0 + 2u] = acc_2_2; }
  if (col0 + 3u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 2u) * 150u + col0 + 3u] = acc_2_3; }
  if (col0 + 4u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 2u) * 150u + col0 + 4u] = acc_2_4; }
  if (col0 + 5u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 2u) * 150u + col0 + 5u] = acc_2_5; }
  if (col0 + 6u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 2u) * 150u + col0 + 6u] = acc_2_6; }
  if (col0 + 7u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 2u) * 150u + col0 + 7u] = acc_2_7; }
  if (col0 < 150u) { gemm_c[gemm_split * 2400u + (row0 + 3u) * 150u + col0] = acc_3_0; }
  if (col0 + 1u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 3u) * 150u + col0 + 1u] = acc_3_1; }
  if (col0 + 2u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 3u) * 150u + col0 + 2u] = acc_3_2; }
  if (col0 + 3u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 3u) * 150u + col0 + 3u] = acc_3_3; }
  if (col0 + 4u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 3u) * 150u + col0 + 4u] = acc_3_4; }
  if (col0 + 5u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 3u) * 150u + col0 + 5u] = acc_3_5; }
  if (col0 + 6u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 3u) * 150u + col0 + 6u] = acc_3_6; }
  if (col0 + 7u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 3u) * 150u + col0 + 7u] = acc_3_7; }
  if (col0 < 150u) { gemm_c[gemm_split * 2400u + (row0 + 4u) * 150u + col0] = acc_4_0; }
  if (col0 + 1u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 4u) * 150u + col0 + 1u] = acc_4_1; }
  if (col0 + 2u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 4u) * 150u + col0 + 2u] = acc_4_2; }
  if (col0 + 3u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 4u) * 150u + col0 + 3u] = acc_4_3; }
  if (col0 + 4u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 4u) * 150u + col0 + 4u] = acc_4_4; }
  if (col0 + 5u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 4u) * 150u + col0 + 5u] = acc_4_5; }
  if (col0 + 6u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 4u) * 150u + col0 + 6u] = acc_4_6; }
  if (col0 + 7u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 4u) * 150u + col0 + 7u] = acc_4_7; }
  if (col0 < 150u) { gemm_c[gemm_split * 2400u + (row0 + 5u) * 150u + col0] = acc_5_0; }
  if (col0 + 1u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 5u) * 150u + col0 + 1u] = acc_5_1; }
  if (col0 + 2u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 5u) * 150u + col0 + 2u] = acc_5_2; }
  if (col0 + 3u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 5u) * 150u + col0 + 3u] = acc_5_3; }
  if (col0 + 4u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 5u) * 150u + col0 + 4u] = acc_5_4; }
  if (col0 + 5u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 5u) * 150u + col0 + 5u] = acc_5_5; }
  if (col0 + 6u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 5u) * 150u + col0 + 6u] = acc_5_6; }
  if (col0 + 7u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 5u) * 150u + col0 + 7u] = acc_5_7; }
  if (col0 < 150u) { gemm_c[gemm_split * 2400u + (row0 + 6u) * 150u + col0] = acc_6_0; }
  if (col0 + 1u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 6u) * 150u + col0 + 1u] = acc_6_1; }
  if (col0 + 2u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 6u) * 150u + col0 + 2u] = acc_6_2; }
  if (col0 + 3u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 6u) * 150u + col0 + 3u] = acc_6_3; }
  if (col0 + 4u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 6u) * 150u + col0 + 4u] = acc_6_4; }
  if (col0 + 5u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 6u) * 150u + col0 + 5u] = acc_6_5; }
  if (col0 + 6u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 6u) * 150u + col0 + 6u] = acc_6_6; }
  if (col0 + 7u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 6u) * 150u + col0 + 7u] = acc_6_7; }
  if (col0 < 150u) { gemm_c[gemm_split * 2400u + (row0 + 7u) * 150u + col0] = acc_7_0; }
  if (col0 + 1u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 7u) * 150u + col0 + 1u] = acc_7_1; }
  if (col0 + 2u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 7u) * 150u + col0 + 2u] = acc_7_2; }
  if (col0 + 3u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 7u) * 150u + col0 + 3u] = acc_7_3; }
  if (col0 + 4u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 7u) * 150u + col0 + 4u] = acc_7_4; }
  if (col0 + 5u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 7u) * 150u + col0 + 5u] = acc_7_5; }
  if (col0 + 6u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 7u) * 150u + col0 + 6u] = acc_7_6; }
  if (col0 + 7u < 150u) { gemm_c[gemm_split * 2400u + (row0 + 7u) * 150u + col0 + 7u] = acc_7_7; }
}
`,
  },
  {
    name: "features_conv2_grad_weight_grad_weight",
    code: /* wgsl */ `
// gemm features_conv2_grad_weight_grad_weight: C[16x150] = the sum of 100 slices of k, each 256 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 2400u) { return; }
  let batch = i / 2400u;
  let row = (i / 150u) % 16u;
  let col = i % 150u;
  var sum = 0.0;
  for (var s = 0u; s < 100u; s++) { sum += gemm_partials[s * 2400u + row * 150u + col]; }
  gemm_c[row * 150u + col] = sum;
}
`,
  },
  {
    name: "features_conv2_grad_bias_channel_sum_sums",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> scratch: array<vec4f>;

const CHANNELS: u32 = 16u;
const AREA: u32 = 100u;
const TOTAL: u32 = 25600u;
const CHUNKS: u32 = 7u;
const VALUES: u32 = 112u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 1600u + c * AREA + j % AREA;
}

fn dy_at4(k: u32) -> vec4f {
  return dy[k];
}

var<workgroup> partial: array<vec4f, 64>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let chunk = wid.x;
  let c = wid.y;
  let count = TOTAL;

  var sum = vec4f(0.0);
  let block = chunk * 3660u + (t / 8u) * 460u;
  let end = min(min(block + 460u, (chunk + 1u) * 3660u), count);
  for (var j = block + 4u * (t % 8u); j < end; j += 32u) {
    let k = channel_element(c, j) / 4u;
    sum.x += dot(dy_at4(k), vec4f(1.0));
  }
  partial[t] = sum;
  workgroupBarrier();
  if (t == 0u) {
    var total = vec4f(0.0);
    for (var i = 0u; i < 64u; i++) {
      total += partial[i];
    }
    scratch[c * CHUNKS + chunk] = total;
  }
}
`,
  },
  {
    name: "features_conv2_grad_bias_channel_sum_totals",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> y: array<f32>;
@group(0) @binding(1) var<storage, read_write> scratch: array<vec4f>;

const CHANNELS: u32 = 16u;
const AREA: u32 = 100u;
const TOTAL: u32 = 25600u;
const CHUNKS: u32 = 7u;
const VALUES: u32 = 112u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 1600u + c * AREA + j % AREA;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  let count = TOTAL;
  var sums = vec4f(0.0);
  for (var chunk = 0u; chunk < CHUNKS; chunk++) {
    sums += scratch[c * CHUNKS + chunk];
  }
  y[c] = sums.x;
}
`,
  },
  {
    name: "features_sigmoid1_grad_input_grad",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<vec2f>;
@group(0) @binding(1) var<storage, read> saved: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> y: array<vec4f>;
fn pooled_dy4(k: u32) -> vec4f {
  let h = (4u * k / 28u) % 28u;
  let w = 4u * k % 28u;
  let row = 4u * k / 784u * 196u + (h / 2u) * 14u;
  let pair = dy[(row + w / 2u) / 2u];
  return vec4f(pair.x, pair.x, pair.y, pair.y) / 4.0;
}

fn dy_at4(k: u32) -> vec4f {
  return pooled_dy4(k);
}

fn act_grad(g: f32, s: f32) -> f32 {
  return g * s * (1.0 - s);
}

fn act_grad4(a: vec4f, b: vec4f) -> vec4f {
  return vec4f(act_grad(a.x, b.x), act_grad(a.y, b.y), act_grad(a.z, b.z), act_grad(a.w, b.w));
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 301056u) { return; }
  y[i] = act_grad4(dy_at4(i), saved[i]);
}
`,
  },
  {
    name: "features_conv1_grad_weight_grad_weight_slices",
    code: /* wgsl */ `
// gemm features_conv1_grad_weight_grad_weight_slices: C[6x25] = A[6x1568] * B[1568x25] (load_a, load_b)
// tile {"strategy":"splitk","threads":64,"rows":4,"cols":8,"splits":128}
@group(0) @binding(0) var<storage, read_write> gemm_c: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
fn load_a(batch: u32, row: u32, col: u32) -> f32 {
  return dy[((col / 784u) * 6u + row) * 784u + col % 784u];
}
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((row % 784u) / 28u + (col % 25u) / 5u) - 2;
  let w = i32((row % 784u) % 28u + (col % 25u) % 5u) - 2;
  let inside = (h >= 0) & (h < 28) & (w >= 0) & (w < 28);
  return select(0.0, x[select(0u, ((row / 784u + col / 25u) * 28u + u32(h)) * 28u + u32(w), inside)], inside);
}
var<workgroup> gemm_partial: array<f32, 2048>;

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let gemm_split = wid.z % 128u;
  let batch = wid.z / 128u;
  let row0 = tile_row * 4u;
  let col0 = tile_col * 8u;
  var acc_0_0 = 0.0; var acc_0_1 = 0.0; var acc_0_2 = 0.0; var acc_0_3 = 0.0; var acc_0_4 = 0.0; var acc_0_5 = 0.0; var acc_0_6 = 0.0; var acc_0_7 = 0.0;
  var acc_1_0 = 0.0; var acc_1_1 = 0.0; var acc_1_2 = 0.0; var acc_1_3 = 0.0; var acc_1_4 = 0.0; var acc_1_5 = 0.0; var acc_1_6 = 0.0; var acc_1_7 = 0.0;
  var acc_2_0 = 0.0; var acc_2_1 = 0.0; var acc_2_2 = 0.0; var acc_2_3 = 0.0; var acc_2_4 = 0.0; var acc_2_5 = 0.0; var acc_2_6 = 0.0; var acc_2_7 = 0.0;
  var acc_3_0 = 0.0; var acc_3_1 = 0.0; var acc_3_2 = 0.0; var acc_3_3 = 0.0; var acc_3_4 = 0.0; var acc_3_5 = 0.0; var acc_3_6 = 0.0; var acc_3_7 = 0.0;
  for (var k0 = 0u; k0 < 1536u; k0 += 64u) {
    let k = k0 + lid.x;
    let a_0_0 = load_a(batch, min(row0, 5u), k + gemm_split * 1568u);
    let a_1_0 = load_a(batch, min(row0 + 1u, 5u), k + gemm_split * 1568u);
    let a_2_0 = load_a(batch, min(row0 + 2u, 5u), k + gemm_split * 1568u);
    let a_3_0 = load_a(batch, min(row0 + 3u, 5u), k + gemm_split * 1568u);
    let b_0_0 = load_b(batch, k + gemm_split * 1568u, min(col0, 24u));
    let b_0_1 = load_b(batch, k + gemm_split * 1568u, min(col0 + 1u, 24u));
    let b_0_2 = load_b(batch, k + gemm_split * 1568u, min(col0 + 2u, 24u));
    let b_0_3 = load_b(batch, k + gemm_split * 1568u, min(col0 + 3u, 24u));
    let b_0_4 = load_b(batch, k + gemm_split * 1568u, min(col0 + 4u, 24u));
    let b_0_5 = load_b(batch, k + gemm_split * 1568u, min(col0 + 5u, 24u));
    let b_0_6 = load_b(batch, k + gemm_split * 1568u, min(col0 + 6u, 24u));
    let b_0_7 = load_b(batch, k + gemm_split * 1568u, min(col0 + 7u, 24u));
    acc_0_0 = fma(a_0_0, b_0_0, acc_0_0);
    acc_0_1 = fma(a_0_0, b_0_1, acc_0_1);
    acc_0_2 = fma(a_0_0, b_0_2, acc_0_2);
    acc_0_3 = fma(a_0_0, b_0_3, acc_0_3);
    acc_0_4 = fma(a_0_0, b_0_4, acc_0_4);
    acc_0_5 = fma(a_0_0, b_0_5, acc_0_5);
    acc_0_6 = fma(a_0_0, b_0_6, acc_0_6);
    acc_0_7 = fma(a_0_0, b_0_7, acc_0_7);
    acc_1_0 = fma(a_1_0, b_0_0, acc_1_0);
    acc_1_1 = fma(a_1_0, b_0_1, acc_1_1);
    acc_1_2 = fma(a_1_0, b_0_2, acc_1_2);
    acc_1_3 = fma(a_1_0, b_0_3, acc_1_3);
    acc_1_4 = fma(a_1_0, b_0_4, acc_1_4);
    acc_1_5 = fma(a_1_0, b_0_5, acc_1_5);
    acc_1_6 = fma(a_1_0, b_0_6, acc_1_6);
    acc_1_7 = fma(a_1_0, b_0_7, acc_1_7);
    acc_2_0 = fma(a_2_0, b_0_0, acc_2_0);
    acc_2_1 = fma(a_2_0, b_0_1, acc_2_1);
    acc_2_2 = fma(a_2_0, b_0_2, acc_2_2);
    acc_2_3 = fma(a_2_0, b_0_3, acc_2_3);
    acc_2_4 = fma(a_2_0, b_0_4, acc_2_4);
    acc_2_5 = fma(a_2_0, b_0_5, acc_2_5);
    acc_2_6 = fma(a_2_0, b_0_6, acc_2_6);
    acc_2_7 = fma(a_2_0, b_0_7, acc_2_7);
    acc_3_0 = fma(a_3_0, b_0_0, acc_3_0);
    acc_3_1 = fma(a_3_0, b_0_1, acc_3_1);
    acc_3_2 = fma(a_3_0, b_0_2, acc_3_2);
    acc_3_3 = fma(a_3_0, b_0_3, acc_3_3);
    acc_3_4 = fma(a_3_0, b_0_4, acc_3_4);
    acc_3_5 = fma(a_3_0, b_0_5, acc_3_5);
    acc_3_6 = fma(a_3_0, b_0_6, acc_3_6);
    acc_3_7 = fma(a_3_0, b_0_7, acc_3_7);
  }
  if (lid.x < 32u) {
    let k = 1536u + lid.x;
    let a_0_0 = load_a(batch, min(row0, 5u), k + gemm_split * 1568u);
    let a_1_0 = load_a(batch, min(row0 + 1u, 5u), k + gemm_split * 1568u);
    let a_2_0 = load_a(batch, min(row0 + 2u, 5u), k + gemm_split * 1568u);
    let a_3_0 = load_a(batch, min(row0 + 3u, 5u), k + gemm_split * 1568u);
    let b_0_0 = load_b(batch, k + gemm_split * 1568u, min(col0, 24u));
    let b_0_1 = load_b(batch, k + gemm_split * 1568u, min(col0 + 1u, 24u));
    let b_0_2 = load_b(batch, k + gemm_split * 1568u, min(col0 + 2u, 24u));
    let b_0_3 = load_b(batch, k + gemm_split * 1568u, min(col0 + 3u, 24u));
    let b_0_4 = load_b(batch, k + gemm_split * 1568u, min(col0 + 4u, 24u));
    let b_0_5 = load_b(batch, k + gemm_split * 1568u, min(col0 + 5u, 24u));
    let b_0_6 = load_b(batch, k + gemm_split * 1568u, min(col0 + 6u, 24u));
    let b_0_7 = load_b(batch, k + gemm_split * 1568u, min(col0 + 7u, 24u));
    acc_0_0 = fma(a_0_0, b_0_0, acc_0_0);
    acc_0_1 = fma(a_0_0, b_0_1, acc_0_1);
    acc_0_2 = fma(a_0_0, b_0_2, acc_0_2);
    acc_0_3 = fma(a_0_0, b_0_3, acc_0_3);
    acc_0_4 = fma(a_0_0, b_0_4, acc_0_4);
    acc_0_5 = fma(a_0_0, b_0_5, acc_0_5);
    acc_0_6 = fma(a_0_0, b_0_6, acc_0_6);
    acc_0_7 = fma(a_0_0, b_0_7, acc_0_7);
    acc_1_0 = fma(a_1_0, b_0_0, acc_1_0);
    acc_1_1 = fma(a_1_0, b_0_1, acc_1_1);
    acc_1_2 = fma(a_1_0, b_0_2, acc_1_2);
    acc_1_3 = fma(a_1_0, b_0_3, acc_1_3);
    acc_1_4 = fma(a_1_0, b_0_4, acc_1_4);
    acc_1_5 = fma(a_1_0, b_0_5, acc_1_5);
    acc_1_6 = fma(a_1_0, b_0_6, acc_1_6);
    acc_1_7 = fma(a_1_0, b_0_7, acc_1_7);
    acc_2_0 = fma(a_2_0, b_0_0, acc_2_0);
    acc_2_1 = fma(a_2_0, b_0_1, acc_2_1);
    acc_2_2 = fma(a_2_0, b_0_2, acc_2_2);
    acc_2_3 = fma(a_2_0, b_0_3, acc_2_3);
    acc_2_4 = fma(a_2_0, b_0_4, acc_2_4);
    acc_2_5 = fma(a_2_0, b_0_5, acc_2_5);
    acc_2_6 = fma(a_2_0, b_0_6, acc_2_6);
    acc_2_7 = fma(a_2_0, b_0_7, acc_2_7);
    acc_3_0 = fma(a_3_0, b_0_0, acc_3_0);
    acc_3_1 = fma(a_3_0, b_0_1, acc_3_1);
    acc_3_2 = fma(a_3_0, b_0_2, acc_3_2);
    acc_3_3 = fma(a_3_0, b_0_3, acc_3_3);
    acc_3_4 = fma(a_3_0, b_0_4, acc_3_4);
    acc_3_5 = fma(a_3_0, b_0_5, acc_3_5);
    acc_3_6 = fma(a_3_0, b_0_6, acc_3_6);
    acc_3_7 = fma(a_3_0, b_0_7, acc_3_7);
  }
  gemm_partial[lid.x * 32u] = acc_0_0; gemm_partial[lid.x * 32u + 1u] = acc_0_1; gemm_partial[lid.x * 32u + 2u] = acc_0_2; gemm_partial[lid.x * 32u + 3u] = acc_0_3; gemm_partial[lid.x * 32u + 4u] = acc_0_4; gemm_partial[lid.x * 32u + 5u] = acc_0_5; gemm_partial[lid.x * 32u + 6u] = acc_0_6; gemm_partial[lid.x * 32u + 7u] = acc_0_7;
  gemm_partial[lid.x * 32u + 8u] = acc_1_0; gemm_partial[lid.x * 32u + 9u] = acc_1_1; gemm_partial[lid.x * 32u + 10u] = acc_1_2; gemm_partial[lid.x * 32u + 11u] = acc_1_3; gemm_partial[lid.x * 32u + 12u] = acc_1_4; gemm_partial[lid.x * 32u + 13u] = acc_1_5; gemm_partial[lid.x * 32u + 14u] = acc_1_6; gemm_partial[lid.x * 32u + 15u] = acc_1_7;
  gemm_partial[lid.x * 32u + 16u] = acc_2_0; gemm_partial[lid.x * 32u + 17u] = acc_2_1; gemm_partial[lid.x * 32u + 18u] = acc_2_2; gemm_partial[lid.x * 32u + 19u] = acc_2_3; gemm_partial[lid.x * 32u + 20u] = acc_2_4; gemm_partial[lid.x * 32u + 21u] = acc_2_5; gemm_partial[lid.x * 32u + 22u] = acc_2_6; gemm_partial[lid.x * 32u + 23u] = acc_2_7;
  gemm_partial[lid.x * 32u + 24u] = acc_3_0; gemm_partial[lid.x * 32u + 25u] = acc_3_1; gemm_partial[lid.x * 32u + 26u] = acc_3_2; gemm_partial[lid.x * 32u + 27u] = acc_3_3; gemm_partial[lid.x * 32u + 28u] = acc_3_4; gemm_partial[lid.x * 32u + 29u] = acc_3_5; gemm_partial[lid.x * 32u + 30u] = acc_3_6; gemm_partial[lid.x * 32u + 31u] = acc_3_7;
  workgroupBarrier();
  for (var o = lid.x; o < 32u; o += 64u) {
    var sum = 0.0;
    for (var t = 0u; t < 64u; t++) { sum += gemm_partial[t * 32u + o]; }
    let row = row0 + o / 8u;
    let col = col0 + o % 8u;
    if (row < 6u && col < 25u) { gemm_c[gemm_split * 150u + row * 25u + col] = sum; }
  }
}
`,
  },
  {
    name: "features_conv1_grad_weight_grad_weight",
    code: /* wgsl */ `
// gemm features_conv1_grad_weight_grad_weight: C[6x25] = the sum of 128 slices of k, each 1568 long
@group(0) @binding(0) var<storage, read> gemm_partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= 150u) { return; }
  let batch = i / 150u;
  let row = (i / 25u) % 6u;
  let col = i % 25u;
  var sum = 0.0;
  for (var s = 0u; s < 128u; s++) { sum += gemm_partials[s * 150u + row * 25u + col]; }
  gemm_c[row * 25u + col] = sum;
}
`,
  },
  {
    name: "features_conv1_grad_bias_channel_sum_sums",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> dy: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> scratch: array<vec4f>;

const CHANNELS: u32 = 6u;
const AREA: u32 = 784u;
const TOTAL: u32 = 200704u;
const CHUNKS: u32 = 49u;
const VALUES: u32 = 294u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 4704u + c * AREA + j % AREA;
}

fn dy_at4(k: u32) -> vec4f {
  return dy[k];
}

var<workgroup> partial: array<vec4f, 64>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let chunk = wid.x;
  let c = wid.y;
  let count = TOTAL;

  var sum = vec4f(0.0);
  let block = chunk * 4096u + (t / 8u) * 512u;
  let end = min(min(block + 512u, (chunk + 1u) * 4096u), count);
  for (var j = block + 4u * (t % 8u); j < end; j += 32u) {
    let k = channel_element(c, j) / 4u;
    sum.x += dot(dy_at4(k), vec4f(1.0));
  }
  partial[t] = sum;
  workgroupBarrier();
  if (t == 0u) {
    var total = vec4f(0.0);
    for (var i = 0u; i < 64u; i++) {
      total += partial[i];
    }
    scratch[c * CHUNKS + chunk] = total;
  }
}
`,
  },
  {
    name: "features_conv1_grad_bias_channel_sum_totals",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> y: array<f32>;
@group(0) @binding(1) var<storage, read_write> scratch: array<vec4f>;

const CHANNELS: u32 = 6u;
const AREA: u32 = 784u;
const TOTAL: u32 = 200704u;
const CHUNKS: u32 = 49u;
const VALUES: u32 = 294u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 4704u + c * AREA + j % AREA;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  let count = TOTAL;
  var sums = vec4f(0.0);
  for (var chunk = 0u; chunk < CHUNKS; chunk++) {
    sums += scratch[c * CHUNKS + chunk];
  }
  y[c] = sums.x;
}
`,
  },
  {
    name: "features_conv1_weight_to_features_conv2_bias_sgd",
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
@group(0) @binding(4) var<storage, read_write> param2: array<vec4f>;
@group(0) @binding(5) var<storage, read> grad2: array<vec4f>;
@group(0) @binding(6) var<storage, read_write> param3: array<vec4f>;
@group(0) @binding(7) var<storage, read> grad3: array<vec4f>;
@group(0) @binding(8) var<uniform> step: Step;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 760u) { return; }
  if (i < 150u) {
    // features.conv1.weight
    let k = i;
    param0[k] = param0[k] - step.lr * (grad0[k]);
  } else if (i < 156u) {
    // features.conv1.bias
    let k = i - 150u;
    param1[k] = param1[k] - step.lr * (grad1[k]);
  } else if (i < 756u) {
    // features.conv2.weight
    let k = i - 156u;
    param2[k] = param2[k] - step.lr * (grad2[k]);
  } else {
    // features.conv2.bias
    let k = i - 756u;
    param3[k] = param3[k] - step.lr * (grad3[k]);
  }
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
  if (i >= 14571u) { return; }
  if (i < 12000u) {
    // linear1.weight
    let k = i;
    param0[k] = param0[k] - step.lr * (grad0[k]);
  } else if (i < 12030u) {
    // linear1.bias
    let k = i - 12000u;
    param1[k] = param1[k] - step.lr * (grad1[k]);
  } else if (i < 14550u) {
    // linear2.weight
    let k = i - 12030u;
    param2[k] = param2[k] - step.lr * (grad2[k]);
  } else {
    // linear2.bias
    let k = i - 14550u;
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
  if (i >= 220u) { return; }
  if (i < 210u) {
    // linear3.weight
    let k = i;
    param0[k] = param0[k] - step.lr * (grad0[k]);
  } else {
    // linear3.bias
    let k = i - 210u;
    param1[k] = param1[k] - step.lr * (grad1[k]);
  }
}
`,
  },
];

export const plan: ModelPlan = {
  model: "lenet",
  source: "../../specs/lenet.net",
  batch: 256,
  input: { name: "x", buffer: 0, shape: [256, 1, 28, 28] },
  target: { buffer: 1, shape: [256], kind: "class" },
  output: { buffer: 20, shape: [256, 10] },
  loss: "cross_entropy",
  buffers: [
    { name: "x", bytes: 802816, kind: "input" },
    { name: "target", bytes: 1024, kind: "target" },
    { name: "features.conv1.weight", bytes: 600, kind: "param" },
    { name: "features.conv1.bias", bytes: 24, kind: "param" },
    { name: "features.conv2.weight", bytes: 9600, kind: "param" },
    { name: "features.conv2.bias", bytes: 64, kind: "param" },
    { name: "linear1.weight", bytes: 192000, kind: "param" },
    { name: "linear1.bias", bytes: 480, kind: "param" },
    { name: "linear2.weight", bytes: 40320, kind: "param" },
    { name: "linear2.bias", bytes: 336, kind: "param" },
    { name: "linear3.weight", bytes: 3360, kind: "param" },
    { name: "linear3.bias", bytes: 40, kind: "param" },
    { name: "step", bytes: 32, kind: "step" },
    { name: "metrics", bytes: 256, kind: "metrics" },
    { name: "features.conv1, features.conv1.grad_bias", bytes: 4816896, kind: "pool" },
    { name: "features.avgpool1, features.conv2.grad_bias", bytes: 1204224, kind: "pool" },
    { name: "features.conv2, features.conv2.grad_input, features.conv1.grad_weight", bytes: 1638400, kind: "pool" },
    { name: "features.avgpool2, linear1.grad_bias", bytes: 409600, kind: "pool" },
    { name: "linear1, linear1.grad_weight", bytes: 192000, kind: "pool" },
    { name: "linear2, linear2.grad_weight", bytes: 86016, kind: "pool" },
    {
      name: "linear3, linear3.grad_input, linear2.grad_input, linear1.grad_input, features.conv2.grad_weight",
      bytes: 409600,
      kind: "pool",
    },
    {
      name: "loss, loss.grad_logits, sigmoid2.grad_input, sigmoid1.grad_input, features.sigmoid2.grad_input, features.sigmoid1.grad_input",
      bytes: 4816896,
      kind: "pool",
    },
    { name: "linear3.grad_weight", bytes: 3360, kind: "pool" },
    { name: "linear3.grad_bias", bytes: 40, kind: "pool" },
    { name: "linear2.grad_bias", bytes: 336, kind: "pool" },
    { name: "scratch", bytes: 960000, kind: "scratch" },
  ],
  stepBuffer: 12,
  metricsBuffer: 13,
  metricsSlots: 16,
  tensors: [
    {
      name: "features.conv1.weight",
      shape: [6, 1, 5, 5],
      buffer: 2,
      kind: "param",
      role: "weight",
      init: { kind: "xavier_uniform" },
      fill: 0,
      fanIn: 25,
      fanOut: 150,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "features.conv1.bias",
      shape: [6],
      buffer: 3,
      kind: "param",
      role: "bias",
      init: { kind: "default" },
      fill: 0,
      fanIn: 25,
      fanOut: 150,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "features.conv2.weight",
      shape: [16, 6, 5, 5],
      buffer: 4,
      kind: "param",
      role: "weight",
      init: { kind: "xavier_uniform" },
      fill: 0,
      fanIn: 150,
      fanOut: 400,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "features.conv2.bias",
      shape: [16],
      buffer: 5,
      kind: "param",
      role: "bias",
      init: { kind: "default" },
      fill: 0,
      fanIn: 150,
      fanOut: 400,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "linear1.weight",
      shape: [120, 400],
      buffer: 6,
      kind: "param",
      role: "weight",
      init: { kind: "xavier_uniform" },
      fill: 0,
      fanIn: 400,
      fanOut: 120,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "linear1.bias",
      shape: [120],
      buffer: 7,
      kind: "param",
      role: "bias",
      init: { kind: "default" },
      fill: 0,
      fanIn: 400,
      fanOut: 120,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "linear2.weight",
      shape: [84, 120],
      buffer: 8,
      kind: "param",
      role: "weight",
      init: { kind: "xavier_uniform" },
      fill: 0,
      fanIn: 120,
      fanOut: 84,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "linear2.bias",
      shape: [84],
      buffer: 9,
      kind: "param",
      role: "bias",
      init: { kind: "default" },
      fill: 0,
      fanIn: 120,
      fanOut: 84,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "linear3.weight",
      shape: [10, 84],
      buffer: 10,
      kind: "param",
      role: "weight",
      init: { kind: "xavier_uniform" },
      fill: 0,
      fanIn: 84,
      fanOut: 10,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "linear3.bias",
      shape: [10],
      buffer: 11,
      kind: "param",
      role: "bias",
      init: { kind: "default" },
      fill: 0,
      fanIn: 84,
      fanOut: 10,
      trainable: true,
      optimizerBuffers: [],
    },
  ],
  train: [
    {
      label: "features.conv1 + features.sigmoid1",
      kernel: 0,
      bindings: [2, 14, 0, 3],
      workgroups: [1568, 1, 1],
      flops: 62619648,
      bytes: 5620336,
    },
    {
      label: "features.avgpool1",
      kernel: 1,
      bindings: [14, 15],
      workgroups: [588, 1, 1],
      flops: 1204224,
      bytes: 6021120,
    },
    {
      label: "features.conv2 + features.sigmoid2",
      kernel: 2,
      bindings: [4, 16, 15, 5],
      workgroups: [400, 1, 1],
      flops: 123699200,
      bytes: 2852288,
    },
    {
      label: "features.avgpool2",
      kernel: 3,
      bindings: [16, 17],
      workgroups: [400, 1, 1],
      flops: 409600,
      bytes: 2048000,
    },
    {
      label: "linear1 + sigmoid1",
      kernel: 4,
      bindings: [17, 6, 18, 7],
      workgroups: [2, 8, 1],
      flops: 24637440,
      bytes: 724960,
    },
    {
      label: "linear2 + sigmoid2",
      kernel: 5,
      bindings: [18, 8, 19, 9],
      workgroups: [2, 8, 1],
      flops: 5203968,
      bytes: 249552,
    },
    { label: "linear3", kernel: 6, bindings: [19, 10, 20, 11], workgroups: [2, 1, 1], flops: 432640, bytes: 99656 },
    { label: "loss", kernel: 7, bindings: [20, 1, 21, 13, 12], workgroups: [1, 1, 1], flops: 10240, bytes: 11316 },
    {
      label: "loss.grad_logits",
      kernel: 8,
      bindings: [20, 1, 21, 12],
      workgroups: [1, 1, 1],
      flops: 10240,
      bytes: 21536,
    },
    {
      label: "linear3.grad_input",
      kernel: 9,
      bindings: [21, 10, 20],
      workgroups: [2, 8, 1],
      flops: 430080,
      bytes: 99616,
    },
    {
      label: "linear3.grad_weight",
      kernel: 10,
      bindings: [21, 19, 22],
      workgroups: [1, 1, 1],
      flops: 430080,
      bytes: 99616,
    },
    { label: "linear3.grad_bias", kernel: 11, bindings: [21, 23], workgroups: [1, 1, 1], flops: 2560, bytes: 10280 },
    {
      label: "sigmoid2.grad_input",
      kernel: 12,
      bindings: [20, 19, 21],
      workgroups: [21, 1, 1],
      flops: 21504,
      bytes: 258048,
    },
    {
      label: "linear2.grad_input",
      kernel: 13,
      bindings: [21, 8, 20],
      workgroups: [2, 8, 1],
      flops: 5160960,
      bytes: 249216,
    },
    {
      label: "linear2.grad_weight",
      kernel: 14,
      bindings: [21, 18, 19],
      workgroups: [2, 3, 1],
      flops: 5160960,
      bytes: 249216,
    },
    { label: "linear2.grad_bias", kernel: 15, bindings: [21, 24], workgroups: [1, 1, 1], flops: 21504, bytes: 86352 },
    {
      label: "sigmoid1.grad_input",
      kernel: 16,
      bindings: [20, 18, 21],
      workgroups: [30, 1, 1],
      flops: 30720,
      bytes: 368640,
    },
    {
      label: "linear1.grad_input",
      kernel: 17,
      bindings: [21, 6, 20],
      workgroups: [7, 8, 1],
      flops: 24576000,
      bytes: 724480,
    },
    {
      label: "linear1.grad_weight",
      kernel: 18,
      bindings: [21, 17, 18],
      workgroups: [7, 4, 1],
      flops: 24576000,
      bytes: 724480,
    },
    { label: "linear1.grad_bias", kernel: 19, bindings: [21, 17], workgroups: [1, 1, 1], flops: 30720, bytes: 123360 },
    {
      label: "features.sigmoid2.grad_input + features.avgpool2.grad_input",
      kernel: 20,
      bindings: [20, 16, 21],
      workgroups: [400, 1, 1],
      flops: 819200,
      bytes: 3686400,
    },
    {
      label: "features.conv2.grad_input",
      kernel: 21,
      bindings: [16, 4, 21],
      workgroups: [392, 1, 1],
      flops: 122880000,
      bytes: 2852224,
    },
    {
      label: "features.conv2.grad_weight",
      kernel: 22,
      bindings: [25, 21, 15],
      workgroups: [3, 1, 100],
      flops: 122880000,
      bytes: 3802624,
    },
    {
      label: "features.conv2.grad_weight",
      kernel: 23,
      bindings: [25, 20],
      workgroups: [10, 1, 1],
      flops: 0,
      bytes: 969600,
    },
    {
      label: "features.conv2.grad_bias",
      kernel: 24,
      bindings: [21, 25],
      workgroups: [7, 16, 1],
      flops: 409600,
      bytes: 1640448,
    },
    { label: "features.conv2.grad_bias", kernel: 25, bindings: [15, 25], workgroups: [1, 1, 1], flops: 0, bytes: 2112 },
    {
      label: "features.sigmoid1.grad_input + features.avgpool1.grad_input",
      kernel: 26,
      bindings: [16, 14, 21],
      workgroups: [1176, 1, 1],
      flops: 2408448,
      bytes: 10838016,
    },
    {
      label: "features.conv1.grad_weight",
      kernel: 27,
      bindings: [25, 21, 0],
      workgroups: [4, 2, 128],
      flops: 60211200,
      bytes: 5696512,
    },
    {
      label: "features.conv1.grad_weight",
      kernel: 28,
      bindings: [25, 16],
      workgroups: [1, 1, 1],
      flops: 0,
      bytes: 77400,
    },
    {
      label: "features.conv1.grad_bias",
      kernel: 29,
      bindings: [21, 25],
      workgroups: [49, 6, 1],
      flops: 1204224,
      bytes: 4821696,
    },
    { label: "features.conv1.grad_bias", kernel: 30, bindings: [14, 25], workgroups: [1, 1, 1], flops: 0, bytes: 4824 },
    {
      label: "features.conv1.weight + features.conv1.bias + features.conv2.weight + features.conv2.bias update",
      kernel: 31,
      bindings: [2, 16, 3, 14, 4, 20, 5, 15, 12],
      workgroups: [3, 1, 1],
      flops: 5144,
      bytes: 20608,
    },
    {
      label: "linear1.weight + linear1.bias + linear2.weight + linear2.bias update",
      kernel: 32,
      bindings: [6, 18, 7, 17, 8, 19, 9, 24, 12],
      workgroups: [57, 1, 1],
      flops: 116568,
      bytes: 466304,
    },
    {
      label: "linear3.weight + linear3.bias update",
      kernel: 33,
      bindings: [10, 22, 11, 23, 12],
      workgroups: [1, 1, 1],
      flops: 1700,
      bytes: 6832,
    },
  ],
  evaluate: [
    {
      label: "features.conv1 + features.sigmoid1",
      kernel: 0,
      bindings: [2, 14, 0, 3],
      workgroups: [1568, 1, 1],
      flops: 62619648,
      bytes: 5620336,
    },
    {
      label: "features.avgpool1",
      kernel: 1,
      bindings: [14, 15],
      workgroups: [588, 1, 1],
      flops: 1204224,
      bytes: 6021120,
    },
    {
      label: "features.conv2 + features.sigmoid2",
      kernel: 2,
      bindings: [4, 16, 15, 5],
      workgroups: [400, 1, 1],
      flops: 123699200,
      bytes: 2852288,
    },
    {
      label: "features.avgpool2",
      kernel: 3,
      bindings: [16, 17],
      workgroups: [400, 1, 1],
      flops: 409600,
      bytes: 2048000,
    },
    {
      label: "linear1 + sigmoid1",
      kernel: 4,
      bindings: [17, 6, 18, 7],
      workgroups: [2, 8, 1],
      flops: 24637440,
      bytes: 724960,
    },
    {
      label: "linear2 + sigmoid2",
      kernel: 5,
      bindings: [18, 8, 19, 9],
      workgroups: [2, 8, 1],
      flops: 5203968,
      bytes: 249552,
    },
    { label: "linear3", kernel: 6, bindings: [19, 10, 20, 11], workgroups: [2, 1, 1], flops: 432640, bytes: 99656 },
    { label: "loss", kernel: 7, bindings: [20, 1, 21, 13, 12], workgroups: [1, 1, 1], flops: 10240, bytes: 11316 },
  ],
  predict: [
    {
      label: "features.conv1 + features.sigmoid1",
      kernel: 0,
      bindings: [2, 14, 0, 3],
      workgroups: [1568, 1, 1],
      flops: 62619648,
      bytes: 5620336,
    },
    {
      label: "features.avgpool1",
      kernel: 1,
      bindings: [14, 15],
      workgroups: [588, 1, 1],
      flops: 1204224,
      bytes: 6021120,
    },
    {
      label: "features.conv2 + features.sigmoid2",
      kernel: 2,
      bindings: [4, 16, 15, 5],
      workgroups: [400, 1, 1],
      flops: 123699200,
      bytes: 2852288,
    },
    {
      label: "features.avgpool2",
      kernel: 3,
      bindings: [16, 17],
      workgroups: [400, 1, 1],
      flops: 409600,
      bytes: 2048000,
    },
    {
      label: "linear1 + sigmoid1",
      kernel: 4,
      bindings: [17, 6, 18, 7],
      workgroups: [2, 8, 1],
      flops: 24637440,
      bytes: 724960,
    },
    {
      label: "linear2 + sigmoid2",
      kernel: 5,
      bindings: [18, 8, 19, 9],
      workgroups: [2, 8, 1],
      flops: 5203968,
      bytes: 249552,
    },
    { label: "linear3", kernel: 6, bindings: [19, 10, 20, 11], workgroups: [2, 1, 1], flops: 432640, bytes: 99656 },
  ],
  statistics: 0,
  optimizer: { kind: "sgd", lr: 0.9, momentum: 0, weightDecay: 0, nesterov: false },
  schedule: { kind: "constant" },
  bnStatistics: { kind: "running" },
  epochs: 10,
  seed: 0,
  data: { source: "fashion_mnist" },
  kernels,
};

/** The lenet model on `device`: parameters initialised, ready to train or load weights. */
export function createLenet(device: GPUDevice, options?: ModelOptions): Promise<Model> {
  return Model.create(device, plan, options);
}
