// bn_lenet: compiled by netc from ../../specs/bn_lenet.net. Do not edit: change the spec and run `netc compile`.
// A training step is 50 dispatches, evaluation 10, prediction 9, of 56 kernels in all; 52 buffers.

import { Model, type ModelOptions } from "../../runtime/engine.js";
import type { KernelPlan, ModelPlan } from "../../runtime/plan.js";

const kernels: KernelPlan[] = [
  {
    name: "conv1_forward",
    code: /* wgsl */ `
// gemm conv1_forward: C[6x147456] = A[6x25] * B[25x147456] (A, load_b; epilogue)
// tile {"strategy":"register","threads":[8,1],"rows":6,"cols":16}
@group(0) @binding(0) var<storage, read> gemm_a: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((col % 576u) / 24u + (row % 25u) / 5u);
  let w = i32((col % 576u) % 24u + (row % 25u) % 5u);
  let inside = (h >= 0) & (h < 28) & (w >= 0) & (w < 28);
  return select(0.0, x[select(0u, ((col / 576u + row / 25u) * 28u + u32(h)) * 28u + u32(w), inside)], inside);
}
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
  { gemm_c[((col0 / 576u) * 3456u + row0 * 576u + col0 % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_0, feature_0), gemm_epilogue(acc_0_1, feature_0), gemm_epilogue(acc_0_2, feature_0), gemm_epilogue(acc_0_3, feature_0)); }
  { gemm_c[(((col0 + 4u) / 576u) * 3456u + row0 * 576u + (col0 + 4u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_4, feature_0), gemm_epilogue(acc_0_5, feature_0), gemm_epilogue(acc_0_6, feature_0), gemm_epilogue(acc_0_7, feature_0)); }
  { gemm_c[(((col0 + 8u) / 576u) * 3456u + row0 * 576u + (col0 + 8u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_8, feature_0), gemm_epilogue(acc_0_9, feature_0), gemm_epilogue(acc_0_10, feature_0), gemm_epilogue(acc_0_11, feature_0)); }
  { gemm_c[(((col0 + 12u) / 576u) * 3456u + row0 * 576u + (col0 + 12u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_12, feature_0), gemm_epilogue(acc_0_13, feature_0), gemm_epilogue(acc_0_14, feature_0), gemm_epilogue(acc_0_15, feature_0)); }
  let feature_1 = gemm_feature(row0 + 1u, batch);
  { gemm_c[((col0 / 576u) * 3456u + (row0 + 1u) * 576u + col0 % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_0, feature_1), gemm_epilogue(acc_1_1, feature_1), gemm_epilogue(acc_1_2, feature_1), gemm_epilogue(acc_1_3, feature_1)); }
  { gemm_c[(((col0 + 4u) / 576u) * 3456u + (row0 + 1u) * 576u + (col0 + 4u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_4, feature_1), gemm_epilogue(acc_1_5, feature_1), gemm_epilogue(acc_1_6, feature_1), gemm_epilogue(acc_1_7, feature_1)); }
  { gemm_c[(((col0 + 8u) / 576u) * 3456u + (row0 + 1u) * 576u + (col0 + 8u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_8, feature_1), gemm_epilogue(acc_1_9, feature_1), gemm_epilogue(acc_1_10, feature_1), gemm_epilogue(acc_1_11, feature_1)); }
  { gemm_c[(((col0 + 12u) / 576u) * 3456u + (row0 + 1u) * 576u + (col0 + 12u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_12, feature_1), gemm_epilogue(acc_1_13, feature_1), gemm_epilogue(acc_1_14, feature_1), gemm_epilogue(acc_1_15, feature_1)); }
  let feature_2 = gemm_feature(row0 + 2u, batch);
  { gemm_c[((col0 / 576u) * 3456u + (row0 + 2u) * 576u + col0 % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_0, feature_2), gemm_epilogue(acc_2_1, feature_2), gemm_epilogue(acc_2_2, feature_2), gemm_epilogue(acc_2_3, feature_2)); }
  { gemm_c[(((col0 + 4u) / 576u) * 3456u + (row0 + 2u) * 576u + (col0 + 4u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_4, feature_2), gemm_epilogue(acc_2_5, feature_2), gemm_epilogue(acc_2_6, feature_2), gemm_epilogue(acc_2_7, feature_2)); }
  { gemm_c[(((col0 + 8u) / 576u) * 3456u + (row0 + 2u) * 576u + (col0 + 8u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_8, feature_2), gemm_epilogue(acc_2_9, feature_2), gemm_epilogue(acc_2_10, feature_2), gemm_epilogue(acc_2_11, feature_2)); }
  { gemm_c[(((col0 + 12u) / 576u) * 3456u + (row0 + 2u) * 576u + (col0 + 12u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_12, feature_2), gemm_epilogue(acc_2_13, feature_2), gemm_epilogue(acc_2_14, feature_2), gemm_epilogue(acc_2_15, feature_2)); }
  let feature_3 = gemm_feature(row0 + 3u, batch);
  { gemm_c[((col0 / 576u) * 3456u + (row0 + 3u) * 576u + col0 % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_0, feature_3), gemm_epilogue(acc_3_1, feature_3), gemm_epilogue(acc_3_2, feature_3), gemm_epilogue(acc_3_3, feature_3)); }
  { gemm_c[(((col0 + 4u) / 576u) * 3456u + (row0 + 3u) * 576u + (col0 + 4u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_4, feature_3), gemm_epilogue(acc_3_5, feature_3), gemm_epilogue(acc_3_6, feature_3), gemm_epilogue(acc_3_7, feature_3)); }
  { gemm_c[(((col0 + 8u) / 576u) * 3456u + (row0 + 3u) * 576u + (col0 + 8u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_8, feature_3), gemm_epilogue(acc_3_9, feature_3), gemm_epilogue(acc_3_10, feature_3), gemm_epilogue(acc_3_11, feature_3)); }
  { gemm_c[(((col0 + 12u) / 576u) * 3456u + (row0 + 3u) * 576u + (col0 + 12u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_12, feature_3), gemm_epilogue(acc_3_13, feature_3), gemm_epilogue(acc_3_14, feature_3), gemm_epilogue(acc_3_15, feature_3)); }
  let feature_4 = gemm_feature(row0 + 4u, batch);
  { gemm_c[((col0 / 576u) * 3456u + (row0 + 4u) * 576u + col0 % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_0, feature_4), gemm_epilogue(acc_4_1, feature_4), gemm_epilogue(acc_4_2, feature_4), gemm_epilogue(acc_4_3, feature_4)); }
  { gemm_c[(((col0 + 4u) / 576u) * 3456u + (row0 + 4u) * 576u + (col0 + 4u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_4, feature_4), gemm_epilogue(acc_4_5, feature_4), gemm_epilogue(acc_4_6, feature_4), gemm_epilogue(acc_4_7, feature_4)); }
  { gemm_c[(((col0 + 8u) / 576u) * 3456u + (row0 + 4u) * 576u + (col0 + 8u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_8, feature_4), gemm_epilogue(acc_4_9, feature_4), gemm_epilogue(acc_4_10, feature_4), gemm_epilogue(acc_4_11, feature_4)); }
  { gemm_c[(((col0 + 12u) / 576u) * 3456u + (row0 + 4u) * 576u + (col0 + 12u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_12, feature_4), gemm_epilogue(acc_4_13, feature_4), gemm_epilogue(acc_4_14, feature_4), gemm_epilogue(acc_4_15, feature_4)); }
  let feature_5 = gemm_feature(row0 + 5u, batch);
  { gemm_c[((col0 / 576u) * 3456u + (row0 + 5u) * 576u + col0 % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_0, feature_5), gemm_epilogue(acc_5_1, feature_5), gemm_epilogue(acc_5_2, feature_5), gemm_epilogue(acc_5_3, feature_5)); }
  { gemm_c[(((col0 + 4u) / 576u) * 3456u + (row0 + 5u) * 576u + (col0 + 4u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_4, feature_5), gemm_epilogue(acc_5_5, feature_5), gemm_epilogue(acc_5_6, feature_5), gemm_epilogue(acc_5_7, feature_5)); }
  { gemm_c[(((col0 + 8u) / 576u) * 3456u + (row0 + 5u) * 576u + (col0 + 8u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_8, feature_5), gemm_epilogue(acc_5_9, feature_5), gemm_epilogue(acc_5_10, feature_5), gemm_epilogue(acc_5_11, feature_5)); }
  { gemm_c[(((col0 + 12u) / 576u) * 3456u + (row0 + 5u) * 576u + (col0 + 12u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_12, feature_5), gemm_epilogue(acc_5_13, feature_5), gemm_epilogue(acc_5_14, feature_5), gemm_epilogue(acc_5_15, feature_5)); }
}
`,
  },
  {
    name: "bn1_sigmoid1_avgpool1_forward_sums",
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
@group(0) @binding(1) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(2) var<uniform> step: Step;

const CHANNELS: u32 = 6u;
const AREA: u32 = 576u;
const TOTAL: u32 = 147456u;
const CHUNKS: u32 = 36u;
const VALUES: u32 = 216u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 3456u + c * AREA + j % AREA;
}

var<workgroup> partial: array<vec4f, 64>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let chunk = wid.x;
  let c = wid.y;
  let count = min(step.rows, 256u) * AREA;
  let shift = x[channel_element(c, 0u) / 4u].x;
  var sum = vec4f(0.0);
  let block = chunk * 4096u + (t / 8u) * 512u;
  let end = min(min(block + 512u, (chunk + 1u) * 4096u), count);
  for (var j = block + 4u * (t % 8u); j < end; j += 32u) {
    let k = channel_element(c, j) / 4u;
    let d = x[k] - shift;
    sum += vec4f(dot(d, vec4f(1.0)), dot(d, d), 0.0, 0.0);
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
    name: "bn1_sigmoid1_avgpool1_forward_totals",
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
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> running_mean: array<f32>;
@group(0) @binding(4) var<storage, read_write> running_var: array<f32>;
@group(0) @binding(5) var<storage, read_write> y: array<vec4f>;
@group(0) @binding(6) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(7) var<uniform> step: Step;

const CHANNELS: u32 = 6u;
const AREA: u32 = 576u;
const TOTAL: u32 = 147456u;
const CHUNKS: u32 = 36u;
const VALUES: u32 = 216u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 3456u + c * AREA + j % AREA;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  let count = min(step.rows, 256u) * AREA;
  var sums = vec4f(0.0);
  for (var chunk = 0u; chunk < CHUNKS; chunk++) {
    sums += scratch[c * CHUNKS + chunk];
  }
  let shift = x[channel_element(c, 0u) / 4u].x;
  let centred = sums.x / f32(count);
  let mean = shift + centred;
  let variance = max(sums.y / f32(count) - centred * centred, 0.0);
  let scale = weight[c] / sqrt(variance + 0.000009999999747378752);
  scratch[VALUES + c] = vec4f(scale, bias[c] - mean * scale, 0.0, 0.0);
  y[c] = scratch[VALUES + c];
  // The running variance is unbiased, as PyTorch keeps it. A recomputation of the statistics sets
  // the rate: 1 / (its batch number) averages its batches.
  let unbiased = variance * f32(count) / f32(max(count, 2u) - 1u);
  let rate = select(0.10000000149011612, step.statistics_rate, step.statistics_rate > 0.0);
  running_mean[c] = (1.0 - rate) * running_mean[c] + rate * mean;
  running_var[c] = (1.0 - rate) * running_var[c] + rate * unbiased;
}
`,
  },
  {
    name: "bn1_sigmoid1_avgpool1_forward",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> pooled: array<vec2f>;
@group(0) @binding(2) var<storage, read> scratch: array<vec4f>;

const CHANNELS: u32 = 6u;
const AREA: u32 = 576u;
const TOTAL: u32 = 147456u;
const CHUNKS: u32 = 36u;
const VALUES: u32 = 216u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 3456u + c * AREA + j % AREA;
}

fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}

fn act_sigmoid4(a: vec4f) -> vec4f {
  return vec4f(act_sigmoid(a.x), act_sigmoid(a.y), act_sigmoid(a.z), act_sigmoid(a.w));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 110592u) { return; }
  const ROW: u32 = 6u;
  let k = (i / ROW) * 12u + i % ROW;
  let c = (i / 72u) % CHANNELS;
  let v = scratch[VALUES + c];
  var window = vec4f(0.0);
  for (var r = 0u; r < 2u; r++) {
    let e = k + r * ROW;
    let a = act_sigmoid4(x[e] * v.x + v.y);
    window += a;
  }
  pooled[i] = (window.xz + window.yw) / 4.0;
}
`,
  },
  {
    name: "conv2_forward",
    code: /* wgsl */ `
// gemm conv2_forward: C[16x16384] = A[16x150] * B[150x16384] (A, load_b; epilogue)
// tile {"strategy":"register","threads":[8,2],"rows":8,"cols":8}
@group(0) @binding(0) var<storage, read> gemm_a: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((col % 64u) / 8u + (row % 25u) / 5u);
  let w = i32((col % 64u) % 8u + (row % 25u) % 5u);
  let inside = (h >= 0) & (h < 12) & (w >= 0) & (w < 12);
  return select(0.0, x[select(0u, (((col / 64u) * 6u + row / 25u) * 12u + u32(h)) * 12u + u32(w), inside)], inside);
}
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
  { gemm_c[((col0 / 64u) * 1024u + row0 * 64u + col0 % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_0, feature_0), gemm_epilogue(acc_0_1, feature_0), gemm_epilogue(acc_0_2, feature_0), gemm_epilogue(acc_0_3, feature_0)); }
  { gemm_c[(((col0 + 4u) / 64u) * 1024u + row0 * 64u + (col0 + 4u) % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_4, feature_0), gemm_epilogue(acc_0_5, feature_0), gemm_epilogue(acc_0_6, feature_0), gemm_epilogue(acc_0_7, feature_0)); }
  let feature_1 = gemm_feature(row0 + 1u, batch);
  { gemm_c[((col0 / 64u) * 1024u + (row0 + 1u) * 64u + col0 % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_0, feature_1), gemm_epilogue(acc_1_1, feature_1), gemm_epilogue(acc_1_2, feature_1), gemm_epilogue(acc_1_3, feature_1)); }
  { gemm_c[(((col0 + 4u) / 64u) * 1024u + (row0 + 1u) * 64u + (col0 + 4u) % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_4, feature_1), gemm_epilogue(acc_1_5, feature_1), gemm_epilogue(acc_1_6, feature_1), gemm_epilogue(acc_1_7, feature_1)); }
  let feature_2 = gemm_feature(row0 + 2u, batch);
  { gemm_c[((col0 / 64u) * 1024u + (row0 + 2u) * 64u + col0 % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_0, feature_2), gemm_epilogue(acc_2_1, feature_2), gemm_epilogue(acc_2_2, feature_2), gemm_epilogue(acc_2_3, feature_2)); }
  { gemm_c[(((col0 + 4u) / 64u) * 1024u + (row0 + 2u) * 64u + (col0 + 4u) % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_4, feature_2), gemm_epilogue(acc_2_5, feature_2), gemm_epilogue(acc_2_6, feature_2), gemm_epilogue(acc_2_7, feature_2)); }
  let feature_3 = gemm_feature(row0 + 3u, batch);
  { gemm_c[((col0 / 64u) * 1024u + (row0 + 3u) * 64u + col0 % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_0, feature_3), gemm_epilogue(acc_3_1, feature_3), gemm_epilogue(acc_3_2, feature_3), gemm_epilogue(acc_3_3, feature_3)); }
  { gemm_c[(((col0 + 4u) / 64u) * 1024u + (row0 + 3u) * 64u + (col0 + 4u) % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_4, feature_3), gemm_epilogue(acc_3_5, feature_3), gemm_epilogue(acc_3_6, feature_3), gemm_epilogue(acc_3_7, feature_3)); }
  let feature_4 = gemm_feature(row0 + 4u, batch);
  { gemm_c[((col0 / 64u) * 1024u + (row0 + 4u) * 64u + col0 % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_0, feature_4), gemm_epilogue(acc_4_1, feature_4), gemm_epilogue(acc_4_2, feature_4), gemm_epilogue(acc_4_3, feature_4)); }
  { gemm_c[(((col0 + 4u) / 64u) * 1024u + (row0 + 4u) * 64u + (col0 + 4u) % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_4, feature_4), gemm_epilogue(acc_4_5, feature_4), gemm_epilogue(acc_4_6, feature_4), gemm_epilogue(acc_4_7, feature_4)); }
  let feature_5 = gemm_feature(row0 + 5u, batch);
  { gemm_c[((col0 / 64u) * 1024u + (row0 + 5u) * 64u + col0 % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_0, feature_5), gemm_epilogue(acc_5_1, feature_5), gemm_epilogue(acc_5_2, feature_5), gemm_epilogue(acc_5_3, feature_5)); }
  { gemm_c[(((col0 + 4u) / 64u) * 1024u + (row0 + 5u) * 64u + (col0 + 4u) % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_4, feature_5), gemm_epilogue(acc_5_5, feature_5), gemm_epilogue(acc_5_6, feature_5), gemm_epilogue(acc_5_7, feature_5)); }
  let feature_6 = gemm_feature(row0 + 6u, batch);
  { gemm_c[((col0 / 64u) * 1024u + (row0 + 6u) * 64u + col0 % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_6_0, feature_6), gemm_epilogue(acc_6_1, feature_6), gemm_epilogue(acc_6_2, feature_6), gemm_epilogue(acc_6_3, feature_6)); }
  { gemm_c[(((col0 + 4u) / 64u) * 1024u + (row0 + 6u) * 64u + (col0 + 4u) % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_6_4, feature_6), gemm_epilogue(acc_6_5, feature_6), gemm_epilogue(acc_6_6, feature_6), gemm_epilogue(acc_6_7, feature_6)); }
  let feature_7 = gemm_feature(row0 + 7u, batch);
  { gemm_c[((col0 / 64u) * 1024u + (row0 + 7u) * 64u + col0 % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_7_0, feature_7), gemm_epilogue(acc_7_1, feature_7), gemm_epilogue(acc_7_2, feature_7), gemm_epilogue(acc_7_3, feature_7)); }
  { gemm_c[(((col0 + 4u) / 64u) * 1024u + (row0 + 7u) * 64u + (col0 + 4u) % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_7_4, feature_7), gemm_epilogue(acc_7_5, feature_7), gemm_epilogue(acc_7_6, feature_7), gemm_epilogue(acc_7_7, feature_7)); }
}
`,
  },
  {
    name: "bn2_sigmoid2_avgpool2_forward_sums",
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
@group(0) @binding(1) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(2) var<uniform> step: Step;

const CHANNELS: u32 = 16u;
const AREA: u32 = 64u;
const TOTAL: u32 = 16384u;
const CHUNKS: u32 = 4u;
const VALUES: u32 = 64u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 1024u + c * AREA + j % AREA;
}

var<workgroup> partial: array<vec4f, 64>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let chunk = wid.x;
  let c = wid.y;
  let count = min(step.rows, 256u) * AREA;
  let shift = x[channel_element(c, 0u) / 4u].x;
  var sum = vec4f(0.0);
  let block = chunk * 4096u + (t / 8u) * 512u;
  let end = min(min(block + 512u, (chunk + 1u) * 4096u), count);
  for (var j = block + 4u * (t % 8u); j < end; j += 32u) {
    let k = channel_element(c, j) / 4u;
    let d = x[k] - shift;
    sum += vec4f(dot(d, vec4f(1.0)), dot(d, d), 0.0, 0.0);
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
    name: "bn2_sigmoid2_avgpool2_forward_totals",
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
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> running_mean: array<f32>;
@group(0) @binding(4) var<storage, read_write> running_var: array<f32>;
@group(0) @binding(5) var<storage, read_write> y: array<vec4f>;
@group(0) @binding(6) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(7) var<uniform> step: Step;

const CHANNELS: u32 = 16u;
const AREA: u32 = 64u;
const TOTAL: u32 = 16384u;
const CHUNKS: u32 = 4u;
const VALUES: u32 = 64u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 1024u + c * AREA + j % AREA;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  let count = min(step.rows, 256u) * AREA;
  var sums = vec4f(0.0);
  for (var chunk = 0u; chunk < CHUNKS; chunk++) {
    sums += scratch[c * CHUNKS + chunk];
  }
  let shift = x[channel_element(c, 0u) / 4u].x;
  let centred = sums.x / f32(count);
  let mean = shift + centred;
  let variance = max(sums.y / f32(count) - centred * centred, 0.0);
  let scale = weight[c] / sqrt(variance + 0.000009999999747378752);
  scratch[VALUES + c] = vec4f(scale, bias[c] - mean * scale, 0.0, 0.0);
  y[c] = scratch[VALUES + c];
  // The running variance is unbiased, as PyTorch keeps it. A recomputation of the statistics sets
  // the rate: 1 / (its batch number) averages its batches.
  let unbiased = variance * f32(count) / f32(max(count, 2u) - 1u);
  let rate = select(0.10000000149011612, step.statistics_rate, step.statistics_rate > 0.0);
  running_mean[c] = (1.0 - rate) * running_mean[c] + rate * mean;
  running_var[c] = (1.0 - rate) * running_var[c] + rate * unbiased;
}
`,
  },
  {
    name: "bn2_sigmoid2_avgpool2_forward",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> pooled: array<vec2f>;
@group(0) @binding(2) var<storage, read> scratch: array<vec4f>;

const CHANNELS: u32 = 16u;
const AREA: u32 = 64u;
const TOTAL: u32 = 16384u;
const CHUNKS: u32 = 4u;
const VALUES: u32 = 64u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 1024u + c * AREA + j % AREA;
}

fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}

fn act_sigmoid4(a: vec4f) -> vec4f {
  return vec4f(act_sigmoid(a.x), act_sigmoid(a.y), act_sigmoid(a.z), act_sigmoid(a.w));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 32768u) { return; }
  const ROW: u32 = 2u;
  let k = (i / ROW) * 4u + i % ROW;
  let c = (i / 8u) % CHANNELS;
  let v = scratch[VALUES + c];
  var window = vec4f(0.0);
  for (var r = 0u; r < 2u; r++) {
    let e = k + r * ROW;
    let a = act_sigmoid4(x[e] * v.x + v.y);
    window += a;
  }
  pooled[i] = (window.xz + window.yw) / 4.0;
}
`,
  },
  {
    name: "linear1_forward",
    code: /* wgsl */ `
// gemm linear1_forward: C[256x120] = A[256x256] * B[256x120] (A, B stored transposed; epilogue)
// tile {"strategy":"register","threads":[8,8],"rows":4,"cols":8}
@group(0) @binding(0) var<storage, read> gemm_a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> gemm_b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gemm_c: array<vec4<f32>>;
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
    let b_0_0 = gemm_b[(min(col0, 119u) * 256u + k0) / 4u];
    let b_0_1 = gemm_b[(min(col0 + 1u, 119u) * 256u + k0) / 4u];
    let b_0_2 = gemm_b[(min(col0 + 2u, 119u) * 256u + k0) / 4u];
    let b_0_3 = gemm_b[(min(col0 + 3u, 119u) * 256u + k0) / 4u];
    let b_0_4 = gemm_b[(min(col0 + 4u, 119u) * 256u + k0) / 4u];
    let b_0_5 = gemm_b[(min(col0 + 5u, 119u) * 256u + k0) / 4u];
    let b_0_6 = gemm_b[(min(col0 + 6u, 119u) * 256u + k0) / 4u];
    let b_0_7 = gemm_b[(min(col0 + 7u, 119u) * 256u + k0) / 4u];
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
    name: "bn3_sigmoid3_forward_sums",
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

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(2) var<uniform> step: Step;

const CHANNELS: u32 = 120u;
const AREA: u32 = 1u;
const TOTAL: u32 = 256u;
const CHUNKS: u32 = 1u;
const VALUES: u32 = 120u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 120u + c * AREA + j % AREA;
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let chunk = wid.x;
  let c = wid.y * 64u + t;
  if (c >= CHANNELS) { return; }
  let count = min(step.rows, 256u) * AREA;
  let shift = x[channel_element(c, 0u)];
  var sum = vec4f(0.0);
  let end = min((chunk + 1u) * 256u, count);
  for (var j = chunk * 256u; j < end; j++) {
    let k = channel_element(c, j);
    let d = x[k] - shift;
    sum += vec4f(d, d * d, 0.0, 0.0);
  }
  scratch[c * CHUNKS + chunk] = sum;
}
`,
  },
  {
    name: "bn3_sigmoid3_forward_totals",
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

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> running_mean: array<f32>;
@group(0) @binding(4) var<storage, read_write> running_var: array<f32>;
@group(0) @binding(5) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(6) var<uniform> step: Step;

const CHANNELS: u32 = 120u;
const AREA: u32 = 1u;
const TOTAL: u32 = 256u;
const CHUNKS: u32 = 1u;
const VALUES: u32 = 120u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 120u + c * AREA + j % AREA;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  let count = min(step.rows, 256u) * AREA;
  var sums = vec4f(0.0);
  for (var chunk = 0u; chunk < CHUNKS; chunk++) {
    sums += scratch[c * CHUNKS + chunk];
  }
  let shift = x[channel_element(c, 0u)];
  let centred = sums.x / f32(count);
  let mean = shift + centred;
  let variance = max(sums.y / f32(count) - centred * centred, 0.0);
  let scale = weight[c] / sqrt(variance + 0.000009999999747378752);
  scratch[VALUES + c] = vec4f(scale, bias[c] - mean * scale, 0.0, 0.0);
  // The running variance is unbiased, as PyTorch keeps it. A recomputation of the statistics sets
  // the rate: 1 / (its batch number) averages its batches.
  let unbiased = variance * f32(count) / f32(max(count, 2u) - 1u);
  let rate = select(0.10000000149011612, step.statistics_rate, step.statistics_rate > 0.0);
  running_mean[c] = (1.0 - rate) * running_mean[c] + rate * mean;
  running_var[c] = (1.0 - rate) * running_var[c] + rate * unbiased;
}
`,
  },
  {
    name: "bn3_sigmoid3_forward",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read> scratch: array<vec4f>;

const CHANNELS: u32 = 120u;
const AREA: u32 = 1u;
const TOTAL: u32 = 256u;
const CHUNKS: u32 = 1u;
const VALUES: u32 = 120u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 120u + c * AREA + j % AREA;
}

fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 30720u) { return; }
  let c = (i / AREA) % CHANNELS;
  let v = scratch[VALUES + c];
  y[i] = act_sigmoid(x[i] * v.x + v.y);
}
`,
  },
  {
    name: "linear2_forward",
    code: /* wgsl */ `
// gemm linear2_forward: C[256x84] = A[256x120] * B[120x84] (A, B stored transposed; epilogue)
// tile {"strategy":"register","threads":[8,8],"rows":4,"cols":8}
@group(0) @binding(0) var<storage, read> gemm_a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> gemm_b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> gemm_c: array<vec4<f32>>;
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
    name: "bn4_sigmoid4_forward_sums",
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

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(2) var<uniform> step: Step;

const CHANNELS: u32 = 84u;
const AREA: u32 = 1u;
const TOTAL: u32 = 256u;
const CHUNKS: u32 = 1u;
const VALUES: u32 = 84u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 84u + c * AREA + j % AREA;
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let chunk = wid.x;
  let c = wid.y * 64u + t;
  if (c >= CHANNELS) { return; }
  let count = min(step.rows, 256u) * AREA;
  let shift = x[channel_element(c, 0u)];
  var sum = vec4f(0.0);
  let end = min((chunk + 1u) * 256u, count);
  for (var j = chunk * 256u; j < end; j++) {
    let k = channel_element(c, j);
    let d = x[k] - shift;
    sum += vec4f(d, d * d, 0.0, 0.0);
  }
  scratch[c * CHUNKS + chunk] = sum;
}
`,
  },
  {
    name: "bn4_sigmoid4_forward_totals",
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

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> running_mean: array<f32>;
@group(0) @binding(4) var<storage, read_write> running_var: array<f32>;
@group(0) @binding(5) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(6) var<uniform> step: Step;

const CHANNELS: u32 = 84u;
const AREA: u32 = 1u;
const TOTAL: u32 = 256u;
const CHUNKS: u32 = 1u;
const VALUES: u32 = 84u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 84u + c * AREA + j % AREA;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  let count = min(step.rows, 256u) * AREA;
  var sums = vec4f(0.0);
  for (var chunk = 0u; chunk < CHUNKS; chunk++) {
    sums += scratch[c * CHUNKS + chunk];
  }
  let shift = x[channel_element(c, 0u)];
  let centred = sums.x / f32(count);
  let mean = shift + centred;
  let variance = max(sums.y / f32(count) - centred * centred, 0.0);
  let scale = weight[c] / sqrt(variance + 0.000009999999747378752);
  scratch[VALUES + c] = vec4f(scale, bias[c] - mean * scale, 0.0, 0.0);
  // The running variance is unbiased, as PyTorch keeps it. A recomputation of the statistics sets
  // the rate: 1 / (its batch number) averages its batches.
  let unbiased = variance * f32(count) / f32(max(count, 2u) - 1u);
  let rate = select(0.10000000149011612, step.statistics_rate, step.statistics_rate > 0.0);
  running_mean[c] = (1.0 - rate) * running_mean[c] + rate * mean;
  running_var[c] = (1.0 - rate) * running_var[c] + rate * unbiased;
}
`,
  },
  {
    name: "bn4_sigmoid4_forward",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read> scratch: array<vec4f>;

const CHANNELS: u32 = 84u;
const AREA: u32 = 1u;
const TOTAL: u32 = 256u;
const CHUNKS: u32 = 1u;
const VALUES: u32 = 84u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 84u + c * AREA + j % AREA;
}

fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 21504u) { return; }
  let c = (i / AREA) % CHANNELS;
  let v = scratch[VALUES + c];
  y[i] = act_sigmoid(x[i] * v.x + v.y);
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
    name: "bn4_grad_input_grad_input_sums",
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

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> act_saved: array<f32>;
@group(0) @binding(3) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(4) var<uniform> step: Step;

const CHANNELS: u32 = 84u;
const AREA: u32 = 1u;
const TOTAL: u32 = 256u;
const CHUNKS: u32 = 1u;
const VALUES: u32 = 84u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 84u + c * AREA + j % AREA;
}

fn act_grad(g: f32, s: f32) -> f32 {
  return g * s * (1.0 - s);
}

fn dy_at(k: u32) -> f32 {
  return act_grad(dy[k], act_saved[k]);
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let chunk = wid.x;
  let c = wid.y * 64u + t;
  if (c >= CHANNELS) { return; }
  let count = min(step.rows, 256u) * AREA;
  let shift = x[channel_element(c, 0u)];
  var sum = vec4f(0.0);
  let end = min((chunk + 1u) * 256u, count);
  for (var j = chunk * 256u; j < end; j++) {
    let k = channel_element(c, j);
    let x_k = x[k];
    let d = x_k - shift;
    let g = dy_at(k);
    sum += vec4f(d, d * d, g * d, g);
  }
  scratch[c * CHUNKS + chunk] = sum;
}
`,
  },
  {
    name: "bn4_grad_input_grad_input_totals",
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

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read_write> grad_weight: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(5) var<uniform> step: Step;

const CHANNELS: u32 = 84u;
const AREA: u32 = 1u;
const TOTAL: u32 = 256u;
const CHUNKS: u32 = 1u;
const VALUES: u32 = 84u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 84u + c * AREA + j % AREA;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  let count = min(step.rows, 256u) * AREA;
  var sums = vec4f(0.0);
  for (var chunk = 0u; chunk < CHUNKS; chunk++) {
    sums += scratch[c * CHUNKS + chunk];
  }
  let shift = x[channel_element(c, 0u)];
  let centred = sums.x / f32(count);
  let mean = shift + centred;
  let variance = max(sums.y / f32(count) - centred * centred, 0.0);
  grad_weight[c] = (sums.z - centred * sums.w) / sqrt(variance + 0.000009999999747378752);
  grad_bias[c] = sums.w;
  let invstd = 1.0 / sqrt(variance + 0.000009999999747378752);
  scratch[VALUES + c] = vec4f(weight[c] * invstd, mean, invstd * grad_weight[c] / f32(count), grad_bias[c] / f32(count));
}
`,
  },
  {
    name: "bn4_grad_input_grad_input",
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

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> act_saved: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<storage, read> scratch: array<vec4f>;
@group(0) @binding(5) var<uniform> step: Step;

const CHANNELS: u32 = 84u;
const AREA: u32 = 1u;
const TOTAL: u32 = 256u;
const CHUNKS: u32 = 1u;
const VALUES: u32 = 84u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 84u + c * AREA + j % AREA;
}

fn act_grad(g: f32, s: f32) -> f32 {
  return g * s * (1.0 - s);
}

fn dy_at(k: u32) -> f32 {
  return act_grad(dy[k], act_saved[k]);
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 21504u) { return; }
  let c = (i / AREA) % CHANNELS;
  let v = scratch[VALUES + c];
  let valid = i / 84u < step.rows;
  let x_i = x[i];
  y[i] = select(0.0, v.x * (dy_at(i) - v.w - (x_i - v.y) * v.z), valid);
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
    name: "bn3_grad_input_grad_input_sums",
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

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> act_saved: array<f32>;
@group(0) @binding(3) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(4) var<uniform> step: Step;

const CHANNELS: u32 = 120u;
const AREA: u32 = 1u;
const TOTAL: u32 = 256u;
const CHUNKS: u32 = 1u;
const VALUES: u32 = 120u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 120u + c * AREA + j % AREA;
}

fn act_grad(g: f32, s: f32) -> f32 {
  return g * s * (1.0 - s);
}

fn dy_at(k: u32) -> f32 {
  return act_grad(dy[k], act_saved[k]);
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let chunk = wid.x;
  let c = wid.y * 64u + t;
  if (c >= CHANNELS) { return; }
  let count = min(step.rows, 256u) * AREA;
  let shift = x[channel_element(c, 0u)];
  var sum = vec4f(0.0);
  let end = min((chunk + 1u) * 256u, count);
  for (var j = chunk * 256u; j < end; j++) {
    let k = channel_element(c, j);
    let x_k = x[k];
    let d = x_k - shift;
    let g = dy_at(k);
    sum += vec4f(d, d * d, g * d, g);
  }
  scratch[c * CHUNKS + chunk] = sum;
}
`,
  },
  {
    name: "bn3_grad_input_grad_input_totals",
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

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read_write> grad_weight: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(5) var<uniform> step: Step;

const CHANNELS: u32 = 120u;
const AREA: u32 = 1u;
const TOTAL: u32 = 256u;
const CHUNKS: u32 = 1u;
const VALUES: u32 = 120u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 120u + c * AREA + j % AREA;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  let count = min(step.rows, 256u) * AREA;
  var sums = vec4f(0.0);
  for (var chunk = 0u; chunk < CHUNKS; chunk++) {
    sums += scratch[c * CHUNKS + chunk];
  }
  let shift = x[channel_element(c, 0u)];
  let centred = sums.x / f32(count);
  let mean = shift + centred;
  let variance = max(sums.y / f32(count) - centred * centred, 0.0);
  grad_weight[c] = (sums.z - centred * sums.w) / sqrt(variance + 0.000009999999747378752);
  grad_bias[c] = sums.w;
  let invstd = 1.0 / sqrt(variance + 0.000009999999747378752);
  scratch[VALUES + c] = vec4f(weight[c] * invstd, mean, invstd * grad_weight[c] / f32(count), grad_bias[c] / f32(count));
}
`,
  },
  {
    name: "bn3_grad_input_grad_input",
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

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> act_saved: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<storage, read> scratch: array<vec4f>;
@group(0) @binding(5) var<uniform> step: Step;

const CHANNELS: u32 = 120u;
const AREA: u32 = 1u;
const TOTAL: u32 = 256u;
const CHUNKS: u32 = 1u;
const VALUES: u32 = 120u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 120u + c * AREA + j % AREA;
}

fn act_grad(g: f32, s: f32) -> f32 {
  return g * s * (1.0 - s);
}

fn dy_at(k: u32) -> f32 {
  return act_grad(dy[k], act_saved[k]);
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 30720u) { return; }
  let c = (i / AREA) % CHANNELS;
  let v = scratch[VALUES + c];
  let valid = i / 120u < step.rows;
  let x_i = x[i];
  y[i] = select(0.0, v.x * (dy_at(i) - v.w - (x_i - v.y) * v.z), valid);
}
`,
  },
  {
    name: "linear1_grad_input_matmul",
    code: /* wgsl */ `
// gemm linear1_grad_input_matmul: C[256x256] = A[256x120] * B[120x256] (A, B)
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
    name: "linear1_grad_weight_matmul",
    code: /* wgsl */ `
// gemm linear1_grad_weight_matmul: C[120x256] = A[120x256] * B[256x256] (A stored transposed, B)
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
  if (row0 < 120u) { gemm_c[(row0 * 256u + col0) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  if (row0 < 120u) { gemm_c[(row0 * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_0_4, acc_0_5, acc_0_6, acc_0_7); }
  if (row0 + 1u < 120u) { gemm_c[((row0 + 1u) * 256u + col0) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  if (row0 + 1u < 120u) { gemm_c[((row0 + 1u) * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_1_4, acc_1_5, acc_1_6, acc_1_7); }
  if (row0 + 2u < 120u) { gemm_c[((row0 + 2u) * 256u + col0) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  if (row0 + 2u < 120u) { gemm_c[((row0 + 2u) * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_2_4, acc_2_5, acc_2_6, acc_2_7); }
  if (row0 + 3u < 120u) { gemm_c[((row0 + 3u) * 256u + col0) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  if (row0 + 3u < 120u) { gemm_c[((row0 + 3u) * 256u + col0 + 4u) / 4u] = vec4<f32>(acc_3_4, acc_3_5, acc_3_6, acc_3_7); }
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
    name: "bn2_grad_input_grad_input_sums",
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

@group(0) @binding(0) var<storage, read> dy: array<vec2f>;
@group(0) @binding(1) var<storage, read> x: array<vec4f>;
@group(0) @binding(2) var<storage, read> act_saved: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(4) var<uniform> step: Step;

const CHANNELS: u32 = 16u;
const AREA: u32 = 64u;
const TOTAL: u32 = 16384u;
const CHUNKS: u32 = 4u;
const VALUES: u32 = 64u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 1024u + c * AREA + j % AREA;
}

fn pooled_dy4(k: u32) -> vec4f {
  let h = (4u * k / 8u) % 8u;
  let w = 4u * k % 8u;
  let row = 4u * k / 64u * 16u + (h / 2u) * 4u;
  let pair = dy[(row + w / 2u) / 2u];
  return vec4f(pair.x, pair.x, pair.y, pair.y) / 4.0;
}

fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}

fn act_sigmoid4(a: vec4f) -> vec4f {
  return vec4f(act_sigmoid(a.x), act_sigmoid(a.y), act_sigmoid(a.z), act_sigmoid(a.w));
}

fn act_grad(g: f32, s: f32) -> f32 {
  return g * s * (1.0 - s);
}

fn act_grad4(a: vec4f, b: vec4f) -> vec4f {
  return vec4f(act_grad(a.x, b.x), act_grad(a.y, b.y), act_grad(a.z, b.z), act_grad(a.w, b.w));
}

fn dy_at4(k: u32, x_k: vec4f, norm: vec4f) -> vec4f {
  return act_grad4(pooled_dy4(k), act_sigmoid4(x_k * norm.x + norm.y));
}

var<workgroup> partial: array<vec4f, 64>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let chunk = wid.x;
  let c = wid.y;
  let count = min(step.rows, 256u) * AREA;
  let shift = x[channel_element(c, 0u) / 4u].x;
  let norm = act_saved[c];
  var sum = vec4f(0.0);
  let block = chunk * 4096u + (t / 8u) * 512u;
  let end = min(min(block + 512u, (chunk + 1u) * 4096u), count);
  for (var j = block + 4u * (t % 8u); j < end; j += 32u) {
    let k = channel_element(c, j) / 4u;
    let x_k = x[k];
    let d = x_k - shift;
    let g = dy_at4(k, x_k, norm);
    sum += vec4f(dot(d, vec4f(1.0)), dot(d, d), dot(g, d), dot(g, vec4f(1.0)));
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
    name: "bn2_grad_input_grad_input_totals",
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
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read_write> grad_weight: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> grad_input_sum: array<f32>;
@group(0) @binding(5) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(6) var<uniform> step: Step;

const CHANNELS: u32 = 16u;
const AREA: u32 = 64u;
const TOTAL: u32 = 16384u;
const CHUNKS: u32 = 4u;
const VALUES: u32 = 64u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 1024u + c * AREA + j % AREA;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  let count = min(step.rows, 256u) * AREA;
  var sums = vec4f(0.0);
  for (var chunk = 0u; chunk < CHUNKS; chunk++) {
    sums += scratch[c * CHUNKS + chunk];
  }
  let shift = x[channel_element(c, 0u) / 4u].x;
  let centred = sums.x / f32(count);
  let mean = shift + centred;
  let variance = max(sums.y / f32(count) - centred * centred, 0.0);
  grad_weight[c] = (sums.z - centred * sums.w) / sqrt(variance + 0.000009999999747378752);
  grad_bias[c] = sums.w;
  let invstd = 1.0 / sqrt(variance + 0.000009999999747378752);
  scratch[VALUES + c] = vec4f(weight[c] * invstd, mean, invstd * grad_weight[c] / f32(count), grad_bias[c] / f32(count));
  grad_input_sum[c] = -weight[c] * invstd * invstd * (sums.x - f32(count) * centred) * grad_weight[c] / f32(count);
}
`,
  },
  {
    name: "bn2_grad_input_grad_input",
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

@group(0) @binding(0) var<storage, read> dy: array<vec2f>;
@group(0) @binding(1) var<storage, read> x: array<vec4f>;
@group(0) @binding(2) var<storage, read> act_saved: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> y: array<vec4f>;
@group(0) @binding(4) var<storage, read> scratch: array<vec4f>;
@group(0) @binding(5) var<uniform> step: Step;

const CHANNELS: u32 = 16u;
const AREA: u32 = 64u;
const TOTAL: u32 = 16384u;
const CHUNKS: u32 = 4u;
const VALUES: u32 = 64u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 1024u + c * AREA + j % AREA;
}

fn pooled_dy4(k: u32) -> vec4f {
  let h = (4u * k / 8u) % 8u;
  let w = 4u * k % 8u;
  let row = 4u * k / 64u * 16u + (h / 2u) * 4u;
  let pair = dy[(row + w / 2u) / 2u];
  return vec4f(pair.x, pair.x, pair.y, pair.y) / 4.0;
}

fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}

fn act_sigmoid4(a: vec4f) -> vec4f {
  return vec4f(act_sigmoid(a.x), act_sigmoid(a.y), act_sigmoid(a.z), act_sigmoid(a.w));
}

fn act_grad(g: f32, s: f32) -> f32 {
  return g * s * (1.0 - s);
}

fn act_grad4(a: vec4f, b: vec4f) -> vec4f {
  return vec4f(act_grad(a.x, b.x), act_grad(a.y, b.y), act_grad(a.z, b.z), act_grad(a.w, b.w));
}

fn dy_at4(k: u32, x_k: vec4f, norm: vec4f) -> vec4f {
  return act_grad4(pooled_dy4(k), act_sigmoid4(x_k * norm.x + norm.y));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 65536u) { return; }
  let c = (4u * i / AREA) % CHANNELS;
  let v = scratch[VALUES + c];
  let norm = act_saved[c];
  let valid = 4u * i / 1024u < step.rows;
  let x_i = x[i];
  y[i] = select(vec4f(0.0), v.x * (dy_at4(i, x_i, norm) - v.w - (x_i - v.y) * v.z), valid);
}
`,
  },
  {
    name: "conv2_grad_input_grad_input",
    code: /* wgsl */ `
// gemm conv2_grad_input_grad_input: C[6x36864] = A[6x400] * B[400x36864] (load_a, load_b)
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
  let pos = col % 144u;
  // The output row and column whose window puts this tap on the phase's position pos.
  let oh = i32(pos / 12u) - i32(tap / 5u);
  let ow = i32(pos % 12u) - i32(tap % 5u);
  let inside = (oh >= 0) & (oh < 8) & (ow >= 0) & (ow < 8);
  let o = (col / 144u) * 16u + row / 25u;
  return select(0.0, dy[select(0u, (o * 8u + u32(oh)) * 8u + u32(ow), inside)], inside);
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
  { gemm_c[((col0 / 144u) * 864u + row0 * 144u + col0 % 144u) / 4u] = vec4<f32>(acc_0_0, acc_0_1, acc_0_2, acc_0_3); }
  { gemm_c[(((col0 + 4u) / 144u) * 864u + row0 * 144u + (col0 + 4u) % 144u) / 4u] = vec4<f32>(acc_0_4, acc_0_5, acc_0_6, acc_0_7); }
  { gemm_c[(((col0 + 8u) / 144u) * 864u + row0 * 144u + (col0 + 8u) % 144u) / 4u] = vec4<f32>(acc_0_8, acc_0_9, acc_0_10, acc_0_11); }
  { gemm_c[(((col0 + 12u) / 144u) * 864u + row0 * 144u + (col0 + 12u) % 144u) / 4u] = vec4<f32>(acc_0_12, acc_0_13, acc_0_14, acc_0_15); }
  { gemm_c[((col0 / 144u) * 864u + (row0 + 1u) * 144u + col0 % 144u) / 4u] = vec4<f32>(acc_1_0, acc_1_1, acc_1_2, acc_1_3); }
  { gemm_c[(((col0 + 4u) / 144u) * 864u + (row0 + 1u) * 144u + (col0 + 4u) % 144u) / 4u] = vec4<f32>(acc_1_4, acc_1_5, acc_1_6, acc_1_7); }
  { gemm_c[(((col0 + 8u) / 144u) * 864u + (row0 + 1u) * 144u + (col0 + 8u) % 144u) / 4u] = vec4<f32>(acc_1_8, acc_1_9, acc_1_10, acc_1_11); }
  { gemm_c[(((col0 + 12u) / 144u) * 864u + (row0 + 1u) * 144u + (col0 + 12u) % 144u) / 4u] = vec4<f32>(acc_1_12, acc_1_13, acc_1_14, acc_1_15); }
  { gemm_c[((col0 / 144u) * 864u + (row0 + 2u) * 144u + col0 % 144u) / 4u] = vec4<f32>(acc_2_0, acc_2_1, acc_2_2, acc_2_3); }
  { gemm_c[(((col0 + 4u) / 144u) * 864u + (row0 + 2u) * 144u + (col0 + 4u) % 144u) / 4u] = vec4<f32>(acc_2_4, acc_2_5, acc_2_6, acc_2_7); }
  { gemm_c[(((col0 + 8u) / 144u) * 864u + (row0 + 2u) * 144u + (col0 + 8u) % 144u) / 4u] = vec4<f32>(acc_2_8, acc_2_9, acc_2_10, acc_2_11); }
  { gemm_c[(((col0 + 12u) / 144u) * 864u + (row0 + 2u) * 144u + (col0 + 12u) % 144u) / 4u] = vec4<f32>(acc_2_12, acc_2_13, acc_2_14, acc_2_15); }
  { gemm_c[((col0 / 144u) * 864u + (row0 + 3u) * 144u + col0 % 144u) / 4u] = vec4<f32>(acc_3_0, acc_3_1, acc_3_2, acc_3_3); }
  { gemm_c[(((col0 + 4u) / 144u) * 864u + (row0 + 3u) * 144u + (col0 + 4u) % 144u) / 4u] = vec4<f32>(acc_3_4, acc_3_5, acc_3_6, acc_3_7); }
  { gemm_c[(((col0 + 8u) / 144u) * 864u + (row0 + 3u) * 144u + (col0 + 8u) % 144u) / 4u] = vec4<f32>(acc_3_8, acc_3_9, acc_3_10, acc_3_11); }
  { gemm_c[(((col0 + 12u) / 144u) * 864u + (row0 + 3u) * 144u + (col0 + 12u) % 144u) / 4u] = vec4<f32>(acc_3_12, acc_3_13, acc_3_14, acc_3_15); }
  { gemm_c[((col0 / 144u) * 864u + (row0 + 4u) * 144u + col0 % 144u) / 4u] = vec4<f32>(acc_4_0, acc_4_1, acc_4_2, acc_4_3); }
  { gemm_c[(((col0 + 4u) / 144u) * 864u + (row0 + 4u) * 144u + (col0 + 4u) % 144u) / 4u] = vec4<f32>(acc_4_4, acc_4_5, acc_4_6, acc_4_7); }
  { gemm_c[(((col0 + 8u) / 144u) * 864u + (row0 + 4u) * 144u + (col0 + 8u) % 144u) / 4u] = vec4<f32>(acc_4_8, acc_4_9, acc_4_10, acc_4_11); }
  { gemm_c[(((col0 + 12u) / 144u) * 864u + (row0 + 4u) * 144u + (col0 + 12u) % 144u) / 4u] = vec4<f32>(acc_4_12, acc_4_13, acc_4_14, acc_4_15); }
  { gemm_c[((col0 / 144u) * 864u + (row0 + 5u) * 144u + col0 % 144u) / 4u] = vec4<f32>(acc_5_0, acc_5_1, acc_5_2, acc_5_3); }
  { gemm_c[(((col0 + 4u) / 144u) * 864u + (row0 + 5u) * 144u + (col0 + 4u) % 144u) / 4u] = vec4<f32>(acc_5_4, acc_5_5, acc_5_6, acc_5_7); }
  { gemm_c[(((col0 + 8u) / 144u) * 864u + (row0 + 5u) * 144u + (col0 + 8u) % 144u) / 4u] = vec4<f32>(acc_5_8, acc_5_9, acc_5_10, acc_5_11); }
  { gemm_c[(((col0 + 12u) / 144u) * 864u + (row0 + 5u) * 144u + (col0 + 12u) % 144u) / 4u] = vec4<f32>(acc_5_12, acc_5_13, acc_5_14, acc_5_15); }
}
`,
  },
  {
    name: "conv2_grad_weight_grad_weight_slices",
    code: /* wgsl */ `
// gemm conv2_grad_weight_grad_weight_slices: C[16x150] = A[16x256] * B[256x150] (load_a, load_b)
// tile {"strategy":"register","threads":[8,2],"rows":8,"cols":8,"splits":64}
@group(0) @binding(0) var<storage, read_write> gemm_c: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
fn load_a(batch: u32, row: u32, col: u32) -> f32 {
  return dy[((col / 64u) * 16u + row) * 64u + col % 64u];
}
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((row % 64u) / 8u + (col % 25u) / 5u);
  let w = i32((row % 64u) % 8u + (col % 25u) % 5u);
  let inside = (h >= 0) & (h < 12) & (w >= 0) & (w < 12);
  return select(0.0, x[select(0u, (((row / 64u) * 6u + col / 25u) * 12u + u32(h)) * 12u + u32(w), inside)], inside);
}

@compute @workgroup_size(8, 2, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tile_col = wid.x;
  let tile_row = wid.y;
  let gemm_split = wid.z % 64u;
  let batch = wid.z / 64u;
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
    name: "conv2_grad_weight_grad_weight",
    code: /* wgsl */ `
// gemm conv2_grad_weight_grad_weight: C[16x150] = the sum of 64 slices of k, each 256 long
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
  for (var s = 0u; s < 64u; s++) { sum += gemm_partials[s * 2400u + row * 150u + col]; }
  gemm_c[row * 150u + col] = sum;
}
`,
  },
  {
    name: "bn1_grad_input_grad_input_sums",
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

@group(0) @binding(0) var<storage, read> dy: array<vec2f>;
@group(0) @binding(1) var<storage, read> x: array<vec4f>;
@group(0) @binding(2) var<storage, read> act_saved: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(4) var<uniform> step: Step;

const CHANNELS: u32 = 6u;
const AREA: u32 = 576u;
const TOTAL: u32 = 147456u;
const CHUNKS: u32 = 36u;
const VALUES: u32 = 216u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 3456u + c * AREA + j % AREA;
}

fn pooled_dy4(k: u32) -> vec4f {
  let h = (4u * k / 24u) % 24u;
  let w = 4u * k % 24u;
  let row = 4u * k / 576u * 144u + (h / 2u) * 12u;
  let pair = dy[(row + w / 2u) / 2u];
  return vec4f(pair.x, pair.x, pair.y, pair.y) / 4.0;
}

fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}

fn act_sigmoid4(a: vec4f) -> vec4f {
  return vec4f(act_sigmoid(a.x), act_sigmoid(a.y), act_sigmoid(a.z), act_sigmoid(a.w));
}

fn act_grad(g: f32, s: f32) -> f32 {
  return g * s * (1.0 - s);
}

fn act_grad4(a: vec4f, b: vec4f) -> vec4f {
  return vec4f(act_grad(a.x, b.x), act_grad(a.y, b.y), act_grad(a.z, b.z), act_grad(a.w, b.w));
}

fn dy_at4(k: u32, x_k: vec4f, norm: vec4f) -> vec4f {
  return act_grad4(pooled_dy4(k), act_sigmoid4(x_k * norm.x + norm.y));
}

var<workgroup> partial: array<vec4f, 64>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let chunk = wid.x;
  let c = wid.y;
  let count = min(step.rows, 256u) * AREA;
  let shift = x[channel_element(c, 0u) / 4u].x;
  let norm = act_saved[c];
  var sum = vec4f(0.0);
  let block = chunk * 4096u + (t / 8u) * 512u;
  let end = min(min(block + 512u, (chunk + 1u) * 4096u), count);
  for (var j = block + 4u * (t % 8u); j < end; j += 32u) {
    let k = channel_element(c, j) / 4u;
    let x_k = x[k];
    let d = x_k - shift;
    let g = dy_at4(k, x_k, norm);
    sum += vec4f(dot(d, vec4f(1.0)), dot(d, d), dot(g, d), dot(g, vec4f(1.0)));
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
    name: "bn1_grad_input_grad_input_totals",
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
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read_write> grad_weight: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> grad_input_sum: array<f32>;
@group(0) @binding(5) var<storage, read_write> scratch: array<vec4f>;
@group(0) @binding(6) var<uniform> step: Step;

const CHANNELS: u32 = 6u;
const AREA: u32 = 576u;
const TOTAL: u32 = 147456u;
const CHUNKS: u32 = 36u;
const VALUES: u32 = 216u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 3456u + c * AREA + j % AREA;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= CHANNELS) { return; }
  let count = min(step.rows, 256u) * AREA;
  var sums = vec4f(0.0);
  for (var chunk = 0u; chunk < CHUNKS; chunk++) {
    sums += scratch[c * CHUNKS + chunk];
  }
  let shift = x[channel_element(c, 0u) / 4u].x;
  let centred = sums.x / f32(count);
  let mean = shift + centred;
  let variance = max(sums.y / f32(count) - centred * centred, 0.0);
  grad_weight[c] = (sums.z - centred * sums.w) / sqrt(variance + 0.000009999999747378752);
  grad_bias[c] = sums.w;
  let invstd = 1.0 / sqrt(variance + 0.000009999999747378752);
  scratch[VALUES + c] = vec4f(weight[c] * invstd, mean, invstd * grad_weight[c] / f32(count), grad_bias[c] / f32(count));
  grad_input_sum[c] = -weight[c] * invstd * invstd * (sums.x - f32(count) * centred) * grad_weight[c] / f32(count);
}
`,
  },
  {
    name: "bn1_grad_input_grad_input",
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

@group(0) @binding(0) var<storage, read> dy: array<vec2f>;
@group(0) @binding(1) var<storage, read> x: array<vec4f>;
@group(0) @binding(2) var<storage, read> act_saved: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> y: array<vec4f>;
@group(0) @binding(4) var<storage, read> scratch: array<vec4f>;
@group(0) @binding(5) var<uniform> step: Step;

const CHANNELS: u32 = 6u;
const AREA: u32 = 576u;
const TOTAL: u32 = 147456u;
const CHUNKS: u32 = 36u;
const VALUES: u32 = 216u;

fn channel_element(c: u32, j: u32) -> u32 {
  return (j / AREA) * 3456u + c * AREA + j % AREA;
}

fn pooled_dy4(k: u32) -> vec4f {
  let h = (4u * k / 24u) % 24u;
  let w = 4u * k % 24u;
  let row = 4u * k / 576u * 144u + (h / 2u) * 12u;
  let pair = dy[(row + w / 2u) / 2u];
  return vec4f(pair.x, pair.x, pair.y, pair.y) / 4.0;
}

fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}

fn act_sigmoid4(a: vec4f) -> vec4f {
  return vec4f(act_sigmoid(a.x), act_sigmoid(a.y), act_sigmoid(a.z), act_sigmoid(a.w));
}

fn act_grad(g: f32, s: f32) -> f32 {
  return g * s * (1.0 - s);
}

fn act_grad4(a: vec4f, b: vec4f) -> vec4f {
  return vec4f(act_grad(a.x, b.x), act_grad(a.y, b.y), act_grad(a.z, b.z), act_grad(a.w, b.w));
}

fn dy_at4(k: u32, x_k: vec4f, norm: vec4f) -> vec4f {
  return act_grad4(pooled_dy4(k), act_sigmoid4(x_k * norm.x + norm.y));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 221184u) { return; }
  let c = (4u * i / AREA) % CHANNELS;
  let v = scratch[VALUES + c];
  let norm = act_saved[c];
  let valid = 4u * i / 3456u < step.rows;
  let x_i = x[i];
  y[i] = select(vec4f(0.0), v.x * (dy_at4(i, x_i, norm) - v.w - (x_i - v.y) * v.z), valid);
}
`,
  },
  {
    name: "conv1_grad_weight_grad_weight_slices",
    code: /* wgsl */ `
// gemm conv1_grad_weight_grad_weight_slices: C[6x25] = A[6x1152] * B[1152x25] (load_a, load_b)
// tile {"strategy":"splitk","threads":64,"rows":4,"cols":8,"splits":128}
@group(0) @binding(0) var<storage, read_write> gemm_c: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
fn load_a(batch: u32, row: u32, col: u32) -> f32 {
  return dy[((col / 576u) * 6u + row) * 576u + col % 576u];
}
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((row % 576u) / 24u + (col % 25u) / 5u);
  let w = i32((row % 576u) % 24u + (col % 25u) % 5u);
  let inside = (h >= 0) & (h < 28) & (w >= 0) & (w < 28);
  return select(0.0, x[select(0u, ((row / 576u + col / 25u) * 28u + u32(h)) * 28u + u32(w), inside)], inside);
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
  for (var k0 = 0u; k0 < 1152u; k0 += 64u) {
    let k = k0 + lid.x;
    let a_0_0 = load_a(batch, min(row0, 5u), k + gemm_split * 1152u);
    let a_1_0 = load_a(batch, min(row0 + 1u, 5u), k + gemm_split * 1152u);
    let a_2_0 = load_a(batch, min(row0 + 2u, 5u), k + gemm_split * 1152u);
    let a_3_0 = load_a(batch, min(row0 + 3u, 5u), k + gemm_split * 1152u);
    let b_0_0 = load_b(batch, k + gemm_split * 1152u, min(col0, 24u));
    let b_0_1 = load_b(batch, k + gemm_split * 1152u, min(col0 + 1u, 24u));
    let b_0_2 = load_b(batch, k + gemm_split * 1152u, min(col0 + 2u, 24u));
    let b_0_3 = load_b(batch, k + gemm_split * 1152u, min(col0 + 3u, 24u));
    let b_0_4 = load_b(batch, k + gemm_split * 1152u, min(col0 + 4u, 24u));
    let b_0_5 = load_b(batch, k + gemm_split * 1152u, min(col0 + 5u, 24u));
    let b_0_6 = load_b(batch, k + gemm_split * 1152u, min(col0 + 6u, 24u));
    let b_0_7 = load_b(batch, k + gemm_split * 1152u, min(col0 + 7u, 24u));
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
    name: "conv1_grad_weight_grad_weight",
    code: /* wgsl */ `
// gemm conv1_grad_weight_grad_weight: C[6x25] = the sum of 128 slices of k, each 1152 long
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
    name: "conv1_bn1_sigmoid1_forward",
    code: /* wgsl */ `
// gemm conv1_bn1_sigmoid1_forward: C[6x147456] = A[6x25] * B[25x147456] (A, load_b; epilogue)
// tile {"strategy":"register","threads":[8,1],"rows":6,"cols":16}
@group(0) @binding(0) var<storage, read> gemm_a: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read> bn_weight: array<f32>;
@group(0) @binding(5) var<storage, read> bn_bias: array<f32>;
@group(0) @binding(6) var<storage, read> bn_mean: array<f32>;
@group(0) @binding(7) var<storage, read> bn_var: array<f32>;
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((col % 576u) / 24u + (row % 25u) / 5u);
  let w = i32((col % 576u) % 24u + (row % 25u) % 5u);
  let inside = (h >= 0) & (h < 28) & (w >= 0) & (w < 28);
  return select(0.0, x[select(0u, ((col / 576u + row / 25u) * 28u + u32(h)) * 28u + u32(w), inside)], inside);
}
fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}
struct GemmFeature {
  bias: f32,
  bn_weight: f32,
  bn_bias: f32,
  bn_mean: f32,
  bn_var: f32,
}
fn gemm_feature(i: u32, batch: u32) -> GemmFeature {
  let feature = i;
  return GemmFeature(bias[feature], bn_weight[feature], bn_bias[feature], bn_mean[feature], bn_var[feature]);
}
fn gemm_epilogue(value: f32, at: GemmFeature) -> f32 {
  return act_sigmoid(((value + at.bias) - at.bn_mean) * (at.bn_weight / sqrt(at.bn_var + 0.000009999999747378752)) + at.bn_bias);
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
  { gemm_c[((col0 / 576u) * 3456u + row0 * 576u + col0 % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_0, feature_0), gemm_epilogue(acc_0_1, feature_0), gemm_epilogue(acc_0_2, feature_0), gemm_epilogue(acc_0_3, feature_0)); }
  { gemm_c[(((col0 + 4u) / 576u) * 3456u + row0 * 576u + (col0 + 4u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_4, feature_0), gemm_epilogue(acc_0_5, feature_0), gemm_epilogue(acc_0_6, feature_0), gemm_epilogue(acc_0_7, feature_0)); }
  { gemm_c[(((col0 + 8u) / 576u) * 3456u + row0 * 576u + (col0 + 8u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_8, feature_0), gemm_epilogue(acc_0_9, feature_0), gemm_epilogue(acc_0_10, feature_0), gemm_epilogue(acc_0_11, feature_0)); }
  { gemm_c[(((col0 + 12u) / 576u) * 3456u + row0 * 576u + (col0 + 12u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_12, feature_0), gemm_epilogue(acc_0_13, feature_0), gemm_epilogue(acc_0_14, feature_0), gemm_epilogue(acc_0_15, feature_0)); }
  let feature_1 = gemm_feature(row0 + 1u, batch);
  { gemm_c[((col0 / 576u) * 3456u + (row0 + 1u) * 576u + col0 % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_0, feature_1), gemm_epilogue(acc_1_1, feature_1), gemm_epilogue(acc_1_2, feature_1), gemm_epilogue(acc_1_3, feature_1)); }
  { gemm_c[(((col0 + 4u) / 576u) * 3456u + (row0 + 1u) * 576u + (col0 + 4u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_4, feature_1), gemm_epilogue(acc_1_5, feature_1), gemm_epilogue(acc_1_6, feature_1), gemm_epilogue(acc_1_7, feature_1)); }
  { gemm_c[(((col0 + 8u) / 576u) * 3456u + (row0 + 1u) * 576u + (col0 + 8u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_8, feature_1), gemm_epilogue(acc_1_9, feature_1), gemm_epilogue(acc_1_10, feature_1), gemm_epilogue(acc_1_11, feature_1)); }
  { gemm_c[(((col0 + 12u) / 576u) * 3456u + (row0 + 1u) * 576u + (col0 + 12u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_12, feature_1), gemm_epilogue(acc_1_13, feature_1), gemm_epilogue(acc_1_14, feature_1), gemm_epilogue(acc_1_15, feature_1)); }
  let feature_2 = gemm_feature(row0 + 2u, batch);
  { gemm_c[((col0 / 576u) * 3456u + (row0 + 2u) * 576u + col0 % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_0, feature_2), gemm_epilogue(acc_2_1, feature_2), gemm_epilogue(acc_2_2, feature_2), gemm_epilogue(acc_2_3, feature_2)); }
  { gemm_c[(((col0 + 4u) / 576u) * 3456u + (row0 + 2u) * 576u + (col0 + 4u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_4, feature_2), gemm_epilogue(acc_2_5, feature_2), gemm_epilogue(acc_2_6, feature_2), gemm_epilogue(acc_2_7, feature_2)); }
  { gemm_c[(((col0 + 8u) / 576u) * 3456u + (row0 + 2u) * 576u + (col0 + 8u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_8, feature_2), gemm_epilogue(acc_2_9, feature_2), gemm_epilogue(acc_2_10, feature_2), gemm_epilogue(acc_2_11, feature_2)); }
  { gemm_c[(((col0 + 12u) / 576u) * 3456u + (row0 + 2u) * 576u + (col0 + 12u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_12, feature_2), gemm_epilogue(acc_2_13, feature_2), gemm_epilogue(acc_2_14, feature_2), gemm_epilogue(acc_2_15, feature_2)); }
  let feature_3 = gemm_feature(row0 + 3u, batch);
  { gemm_c[((col0 / 576u) * 3456u + (row0 + 3u) * 576u + col0 % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_0, feature_3), gemm_epilogue(acc_3_1, feature_3), gemm_epilogue(acc_3_2, feature_3), gemm_epilogue(acc_3_3, feature_3)); }
  { gemm_c[(((col0 + 4u) / 576u) * 3456u + (row0 + 3u) * 576u + (col0 + 4u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_4, feature_3), gemm_epilogue(acc_3_5, feature_3), gemm_epilogue(acc_3_6, feature_3), gemm_epilogue(acc_3_7, feature_3)); }
  { gemm_c[(((col0 + 8u) / 576u) * 3456u + (row0 + 3u) * 576u + (col0 + 8u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_8, feature_3), gemm_epilogue(acc_3_9, feature_3), gemm_epilogue(acc_3_10, feature_3), gemm_epilogue(acc_3_11, feature_3)); }
  { gemm_c[(((col0 + 12u) / 576u) * 3456u + (row0 + 3u) * 576u + (col0 + 12u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_12, feature_3), gemm_epilogue(acc_3_13, feature_3), gemm_epilogue(acc_3_14, feature_3), gemm_epilogue(acc_3_15, feature_3)); }
  let feature_4 = gemm_feature(row0 + 4u, batch);
  { gemm_c[((col0 / 576u) * 3456u + (row0 + 4u) * 576u + col0 % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_0, feature_4), gemm_epilogue(acc_4_1, feature_4), gemm_epilogue(acc_4_2, feature_4), gemm_epilogue(acc_4_3, feature_4)); }
  { gemm_c[(((col0 + 4u) / 576u) * 3456u + (row0 + 4u) * 576u + (col0 + 4u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_4, feature_4), gemm_epilogue(acc_4_5, feature_4), gemm_epilogue(acc_4_6, feature_4), gemm_epilogue(acc_4_7, feature_4)); }
  { gemm_c[(((col0 + 8u) / 576u) * 3456u + (row0 + 4u) * 576u + (col0 + 8u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_8, feature_4), gemm_epilogue(acc_4_9, feature_4), gemm_epilogue(acc_4_10, feature_4), gemm_epilogue(acc_4_11, feature_4)); }
  { gemm_c[(((col0 + 12u) / 576u) * 3456u + (row0 + 4u) * 576u + (col0 + 12u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_12, feature_4), gemm_epilogue(acc_4_13, feature_4), gemm_epilogue(acc_4_14, feature_4), gemm_epilogue(acc_4_15, feature_4)); }
  let feature_5 = gemm_feature(row0 + 5u, batch);
  { gemm_c[((col0 / 576u) * 3456u + (row0 + 5u) * 576u + col0 % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_0, feature_5), gemm_epilogue(acc_5_1, feature_5), gemm_epilogue(acc_5_2, feature_5), gemm_epilogue(acc_5_3, feature_5)); }
  { gemm_c[(((col0 + 4u) / 576u) * 3456u + (row0 + 5u) * 576u + (col0 + 4u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_4, feature_5), gemm_epilogue(acc_5_5, feature_5), gemm_epilogue(acc_5_6, feature_5), gemm_epilogue(acc_5_7, feature_5)); }
  { gemm_c[(((col0 + 8u) / 576u) * 3456u + (row0 + 5u) * 576u + (col0 + 8u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_8, feature_5), gemm_epilogue(acc_5_9, feature_5), gemm_epilogue(acc_5_10, feature_5), gemm_epilogue(acc_5_11, feature_5)); }
  { gemm_c[(((col0 + 12u) / 576u) * 3456u + (row0 + 5u) * 576u + (col0 + 12u) % 576u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_12, feature_5), gemm_epilogue(acc_5_13, feature_5), gemm_epilogue(acc_5_14, feature_5), gemm_epilogue(acc_5_15, feature_5)); }
}
`,
  },
  {
    name: "avgpool1_forward",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> y: array<vec2f>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 110592u) { return; }
  // The 2 rows of one vec4 under this item's windows.
  let k = (i / 6u) * 12u + i % 6u;
  var window = vec4f(0.0);
  for (var r = 0u; r < 2u; r++) {
    window += x[k + r * 6u];
  }
  y[i] = (window.xz + window.yw) / 4.0;
}
`,
  },
  {
    name: "conv2_bn2_sigmoid2_forward",
    code: /* wgsl */ `
// gemm conv2_bn2_sigmoid2_forward: C[16x16384] = A[16x150] * B[150x16384] (A, load_b; epilogue)
// tile {"strategy":"register","threads":[8,2],"rows":8,"cols":8}
@group(0) @binding(0) var<storage, read> gemm_a: array<f32>;
@group(0) @binding(1) var<storage, read_write> gemm_c: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read> bn_weight: array<f32>;
@group(0) @binding(5) var<storage, read> bn_bias: array<f32>;
@group(0) @binding(6) var<storage, read> bn_mean: array<f32>;
@group(0) @binding(7) var<storage, read> bn_var: array<f32>;
fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  let h = i32((col % 64u) / 8u + (row % 25u) / 5u);
  let w = i32((col % 64u) % 8u + (row % 25u) % 5u);
  let inside = (h >= 0) & (h < 12) & (w >= 0) & (w < 12);
  return select(0.0, x[select(0u, (((col / 64u) * 6u + row / 25u) * 12u + u32(h)) * 12u + u32(w), inside)], inside);
}
fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}
struct GemmFeature {
  bias: f32,
  bn_weight: f32,
  bn_bias: f32,
  bn_mean: f32,
  bn_var: f32,
}
fn gemm_feature(i: u32, batch: u32) -> GemmFeature {
  let feature = i;
  return GemmFeature(bias[feature], bn_weight[feature], bn_bias[feature], bn_mean[feature], bn_var[feature]);
}
fn gemm_epilogue(value: f32, at: GemmFeature) -> f32 {
  return act_sigmoid(((value + at.bias) - at.bn_mean) * (at.bn_weight / sqrt(at.bn_var + 0.000009999999747378752)) + at.bn_bias);
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
  { gemm_c[((col0 / 64u) * 1024u + row0 * 64u + col0 % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_0, feature_0), gemm_epilogue(acc_0_1, feature_0), gemm_epilogue(acc_0_2, feature_0), gemm_epilogue(acc_0_3, feature_0)); }
  { gemm_c[(((col0 + 4u) / 64u) * 1024u + row0 * 64u + (col0 + 4u) % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_0_4, feature_0), gemm_epilogue(acc_0_5, feature_0), gemm_epilogue(acc_0_6, feature_0), gemm_epilogue(acc_0_7, feature_0)); }
  let feature_1 = gemm_feature(row0 + 1u, batch);
  { gemm_c[((col0 / 64u) * 1024u + (row0 + 1u) * 64u + col0 % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_0, feature_1), gemm_epilogue(acc_1_1, feature_1), gemm_epilogue(acc_1_2, feature_1), gemm_epilogue(acc_1_3, feature_1)); }
  { gemm_c[(((col0 + 4u) / 64u) * 1024u + (row0 + 1u) * 64u + (col0 + 4u) % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_1_4, feature_1), gemm_epilogue(acc_1_5, feature_1), gemm_epilogue(acc_1_6, feature_1), gemm_epilogue(acc_1_7, feature_1)); }
  let feature_2 = gemm_feature(row0 + 2u, batch);
  { gemm_c[((col0 / 64u) * 1024u + (row0 + 2u) * 64u + col0 % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_0, feature_2), gemm_epilogue(acc_2_1, feature_2), gemm_epilogue(acc_2_2, feature_2), gemm_epilogue(acc_2_3, feature_2)); }
  { gemm_c[(((col0 + 4u) / 64u) * 1024u + (row0 + 2u) * 64u + (col0 + 4u) % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_2_4, feature_2), gemm_epilogue(acc_2_5, feature_2), gemm_epilogue(acc_2_6, feature_2), gemm_epilogue(acc_2_7, feature_2)); }
  let feature_3 = gemm_feature(row0 + 3u, batch);
  { gemm_c[((col0 / 64u) * 1024u + (row0 + 3u) * 64u + col0 % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_0, feature_3), gemm_epilogue(acc_3_1, feature_3), gemm_epilogue(acc_3_2, feature_3), gemm_epilogue(acc_3_3, feature_3)); }
  { gemm_c[(((col0 + 4u) / 64u) * 1024u + (row0 + 3u) * 64u + (col0 + 4u) % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_3_4, feature_3), gemm_epilogue(acc_3_5, feature_3), gemm_epilogue(acc_3_6, feature_3), gemm_epilogue(acc_3_7, feature_3)); }
  let feature_4 = gemm_feature(row0 + 4u, batch);
  { gemm_c[((col0 / 64u) * 1024u + (row0 + 4u) * 64u + col0 % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_0, feature_4), gemm_epilogue(acc_4_1, feature_4), gemm_epilogue(acc_4_2, feature_4), gemm_epilogue(acc_4_3, feature_4)); }
  { gemm_c[(((col0 + 4u) / 64u) * 1024u + (row0 + 4u) * 64u + (col0 + 4u) % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_4_4, feature_4), gemm_epilogue(acc_4_5, feature_4), gemm_epilogue(acc_4_6, feature_4), gemm_epilogue(acc_4_7, feature_4)); }
  let feature_5 = gemm_feature(row0 + 5u, batch);
  { gemm_c[((col0 / 64u) * 1024u + (row0 + 5u) * 64u + col0 % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_0, feature_5), gemm_epilogue(acc_5_1, feature_5), gemm_epilogue(acc_5_2, feature_5), gemm_epilogue(acc_5_3, feature_5)); }
  { gemm_c[(((col0 + 4u) / 64u) * 1024u + (row0 + 5u) * 64u + (col0 + 4u) % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_5_4, feature_5), gemm_epilogue(acc_5_5, feature_5), gemm_epilogue(acc_5_6, feature_5), gemm_epilogue(acc_5_7, feature_5)); }
  let feature_6 = gemm_feature(row0 + 6u, batch);
  { gemm_c[((col0 / 64u) * 1024u + (row0 + 6u) * 64u + col0 % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_6_0, feature_6), gemm_epilogue(acc_6_1, feature_6), gemm_epilogue(acc_6_2, feature_6), gemm_epilogue(acc_6_3, feature_6)); }
  { gemm_c[(((col0 + 4u) / 64u) * 1024u + (row0 + 6u) * 64u + (col0 + 4u) % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_6_4, feature_6), gemm_epilogue(acc_6_5, feature_6), gemm_epilogue(acc_6_6, feature_6), gemm_epilogue(acc_6_7, feature_6)); }
  let feature_7 = gemm_feature(row0 + 7u, batch);
  { gemm_c[((col0 / 64u) * 1024u + (row0 + 7u) * 64u + col0 % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_7_0, feature_7), gemm_epilogue(acc_7_1, feature_7), gemm_epilogue(acc_7_2, feature_7), gemm_epilogue(acc_7_3, feature_7)); }
  { gemm_c[(((col0 + 4u) / 64u) * 1024u + (row0 + 7u) * 64u + (col0 + 4u) % 64u) / 4u] = vec4<f32>(gemm_epilogue(acc_7_4, feature_7), gemm_epilogue(acc_7_5, feature_7), gemm_epilogue(acc_7_6, feature_7), gemm_epilogue(acc_7_7, feature_7)); }
}
`,
  },
  {
    name: "avgpool2_forward",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<vec4f>;
@group(0) @binding(1) var<storage, read_write> y: array<vec2f>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 32768u) { return; }
  // The 2 rows of one vec4 under this item's windows.
  let k = (i / 2u) * 4u + i % 2u;
  var window = vec4f(0.0);
  for (var r = 0u; r < 2u; r++) {
    window += x[k + r * 2u];
  }
  y[i] = (window.xz + window.yw) / 4.0;
}
`,
  },
  {
    name: "bn3_sigmoid3_forward_eval",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read> running_mean: array<f32>;
@group(0) @binding(4) var<storage, read> running_var: array<f32>;
@group(0) @binding(5) var<storage, read_write> y: array<f32>;
fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 30720u) { return; }
  let c = i % 120u;
  y[i] = act_sigmoid((x[i] - running_mean[c]) * (weight[c] / sqrt(running_var[c] + 0.000009999999747378752)) + bias[c]);
}
`,
  },
  {
    name: "bn4_sigmoid4_forward_eval",
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read> running_mean: array<f32>;
@group(0) @binding(4) var<storage, read> running_var: array<f32>;
@group(0) @binding(5) var<storage, read_write> y: array<f32>;
fn act_sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 21504u) { return; }
  let c = i % 84u;
  y[i] = act_sigmoid((x[i] - running_mean[c]) * (weight[c] / sqrt(running_var[c] + 0.000009999999747378752)) + bias[c]);
}
`,
  },
  {
    name: "conv1_weight_to_bn1_bias_sgd",
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
@group(0) @binding(4) var<storage, read_write> param2: array<f32>;
@group(0) @binding(5) var<storage, read> grad2: array<f32>;
@group(0) @binding(6) var<storage, read_write> param3: array<f32>;
@group(0) @binding(7) var<storage, read> grad3: array<f32>;
@group(0) @binding(8) var<uniform> step: Step;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= 168u) { return; }
  if (i < 150u) {
    // conv1.weight
    let k = i;
    param0[k] = param0[k] - step.lr * (grad0[k]);
  } else if (i < 156u) {
    // conv1.bias
    let k = i - 150u;
    param1[k] = param1[k] - step.lr * (grad1[k]);
  } else if (i < 162u) {
    // bn1.weight
    let k = i - 156u;
    param2[k] = param2[k] - step.lr * (grad2[k]);
  } else {
    // bn1.bias
    let k = i - 162u;
    param3[k] = param3[k] - step.lr * (grad3[k]);
  }
}
`,
  },
  {
    name: "conv2_weight_to_bn2_bias_sgd",
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
  if (i >= 612u) { return; }
  if (i < 600u) {
    // conv2.weight
    let k = i;
    param0[k] = param0[k] - step.lr * (grad0[k]);
  } else if (i < 604u) {
    // conv2.bias
    let k = i - 600u;
    param1[k] = param1[k] - step.lr * (grad1[k]);
  } else if (i < 608u) {
    // bn2.weight
    let k = i - 604u;
    param2[k] = param2[k] - step.lr * (grad2[k]);
  } else {
    // bn2.bias
    let k = i - 608u;
    param3[k] = param3[k] - step.lr * (grad3[k]);
  }
}
`,
  },
  {
    name: "linear1_weight_to_bn3_bias_sgd",
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
  if (i >= 7770u) { return; }
  if (i < 7680u) {
    // linear1.weight
    let k = i;
    param0[k] = param0[k] - step.lr * (grad0[k]);
  } else if (i < 7710u) {
    // linear1.bias
    let k = i - 7680u;
    param1[k] = param1[k] - step.lr * (grad1[k]);
  } else if (i < 7740u) {
    // bn3.weight
    let k = i - 7710u;
    param2[k] = param2[k] - step.lr * (grad2[k]);
  } else {
    // bn3.bias
    let k = i - 7740u;
    param3[k] = param3[k] - step.lr * (grad3[k]);
  }
}
`,
  },
  {
    name: "linear2_weight_to_bn4_bias_sgd",
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
  if (i >= 2583u) { return; }
  if (i < 2520u) {
    // linear2.weight
    let k = i;
    param0[k] = param0[k] - step.lr * (grad0[k]);
  } else if (i < 2541u) {
    // linear2.bias
    let k = i - 2520u;
    param1[k] = param1[k] - step.lr * (grad1[k]);
  } else if (i < 2562u) {
    // bn4.weight
    let k = i - 2541u;
    param2[k] = param2[k] - step.lr * (grad2[k]);
  } else {
    // bn4.bias
    let k = i - 2562u;
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
  model: "bn_lenet",
  source: "../../specs/bn_lenet.net",
  batch: 256,
  input: { name: "x", buffer: 0, shape: [256, 1, 28, 28] },
  target: { buffer: 1, shape: [256], kind: "class" },
  output: { buffer: 40, shape: [256, 10] },
  loss: "cross_entropy",
  buffers: [
    { name: "x", bytes: 802816, kind: "input" },
    { name: "target", bytes: 1024, kind: "target" },
    { name: "conv1.weight", bytes: 600, kind: "param" },
    { name: "conv1.bias", bytes: 24, kind: "param" },
    { name: "bn1.weight", bytes: 24, kind: "param" },
    { name: "bn1.bias", bytes: 24, kind: "param" },
    { name: "bn1.running_mean", bytes: 24, kind: "state" },
    { name: "bn1.running_var", bytes: 24, kind: "state" },
    { name: "conv2.weight", bytes: 9600, kind: "param" },
    { name: "conv2.bias", bytes: 64, kind: "param" },
    { name: "bn2.weight", bytes: 64, kind: "param" },
    { name: "bn2.bias", bytes: 64, kind: "param" },
    { name: "bn2.running_mean", bytes: 64, kind: "state" },
    { name: "bn2.running_var", bytes: 64, kind: "state" },
    { name: "linear1.weight", bytes: 122880, kind: "param" },
    { name: "linear1.bias", bytes: 480, kind: "param" },
    { name: "bn3.weight", bytes: 480, kind: "param" },
    { name: "bn3.bias", bytes: 480, kind: "param" },
    { name: "bn3.running_mean", bytes: 480, kind: "state" },
    { name: "bn3.running_var", bytes: 480, kind: "state" },
    { name: "linear2.weight", bytes: 40320, kind: "param" },
    { name: "linear2.bias", bytes: 336, kind: "param" },
    { name: "bn4.weight", bytes: 336, kind: "param" },
    { name: "bn4.bias", bytes: 336, kind: "param" },
    { name: "bn4.running_mean", bytes: 336, kind: "state" },
    { name: "bn4.running_var", bytes: 336, kind: "state" },
    { name: "linear3.weight", bytes: 3360, kind: "param" },
    { name: "linear3.bias", bytes: 40, kind: "param" },
    { name: "step", bytes: 32, kind: "step" },
    { name: "metrics", bytes: 256, kind: "metrics" },
    { name: "conv1", bytes: 3538944, kind: "pool" },
    { name: "bn1", bytes: 96, kind: "pool" },
    { name: "avgpool1, bn1.grad_weight", bytes: 884736, kind: "pool" },
    { name: "conv2, conv2.grad_input, conv1.grad_weight", bytes: 1048576, kind: "pool" },
    { name: "bn2, bn1.grad_bias", bytes: 256, kind: "pool" },
    { name: "avgpool2, bn2.grad_weight", bytes: 262144, kind: "pool" },
    { name: "linear1, linear1.grad_bias", bytes: 122880, kind: "pool" },
    { name: "bn3, linear1.grad_weight", bytes: 122880, kind: "pool" },
    { name: "linear2, linear2.grad_bias", bytes: 86016, kind: "pool" },
    { name: "bn4, linear2.grad_weight", bytes: 86016, kind: "pool" },
    {
      name: "linear3, linear3.grad_input, linear2.grad_input, linear1.grad_input, conv2.grad_weight",
      bytes: 262144,
      kind: "pool",
    },
    { name: "loss, loss.grad_logits, bn4.grad_bias", bytes: 10240, kind: "pool" },
    { name: "linear3.grad_weight", bytes: 3360, kind: "pool" },
    { name: "linear3.grad_bias", bytes: 40, kind: "pool" },
    { name: "bn4.grad_weight", bytes: 336, kind: "pool" },
    { name: "bn4.grad_input, bn3.grad_bias", bytes: 86016, kind: "pool" },
    { name: "bn3.grad_weight", bytes: 480, kind: "pool" },
    { name: "bn3.grad_input, bn2.grad_bias", bytes: 122880, kind: "pool" },
    { name: "bn2.grad_input, bn1.grad_input", bytes: 3538944, kind: "pool" },
    { name: "conv2.grad_bias", bytes: 64, kind: "pool" },
    { name: "conv1.grad_bias", bytes: 24, kind: "pool" },
    { name: "scratch", bytes: 614400, kind: "scratch" },
  ],
  stepBuffer: 28,
  metricsBuffer: 29,
  metricsSlots: 16,
  tensors: [
    {
      name: "conv1.weight",
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
      name: "conv1.bias",
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
      name: "bn1.weight",
      shape: [6],
      buffer: 4,
      kind: "param",
      role: "weight",
      init: { kind: "ones" },
      fill: 0,
      fanIn: 6,
      fanOut: 6,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "bn1.bias",
      shape: [6],
      buffer: 5,
      kind: "param",
      role: "bias",
      init: { kind: "zeros" },
      fill: 0,
      fanIn: 6,
      fanOut: 6,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "bn1.running_mean",
      shape: [6],
      buffer: 6,
      kind: "state",
      role: "running_mean",
      init: { kind: "default" },
      fill: 0,
      fanIn: 6,
      fanOut: 6,
      trainable: false,
      optimizerBuffers: [],
    },
    {
      name: "bn1.running_var",
      shape: [6],
      buffer: 7,
      kind: "state",
      role: "running_var",
      init: { kind: "default" },
      fill: 1,
      fanIn: 6,
      fanOut: 6,
      trainable: false,
      optimizerBuffers: [],
    },
    {
      name: "conv2.weight",
      shape: [16, 6, 5, 5],
      buffer: 8,
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
      name: "conv2.bias",
      shape: [16],
      buffer: 9,
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
      name: "bn2.weight",
      shape: [16],
      buffer: 10,
      kind: "param",
      role: "weight",
      init: { kind: "ones" },
      fill: 0,
      fanIn: 16,
      fanOut: 16,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "bn2.bias",
      shape: [16],
      buffer: 11,
      kind: "param",
      role: "bias",
      init: { kind: "zeros" },
      fill: 0,
      fanIn: 16,
      fanOut: 16,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "bn2.running_mean",
      shape: [16],
      buffer: 12,
      kind: "state",
      role: "running_mean",
      init: { kind: "default" },
      fill: 0,
      fanIn: 16,
      fanOut: 16,
      trainable: false,
      optimizerBuffers: [],
    },
    {
      name: "bn2.running_var",
      shape: [16],
      buffer: 13,
      kind: "state",
      role: "running_var",
      init: { kind: "default" },
      fill: 1,
      fanIn: 16,
      fanOut: 16,
      trainable: false,
      optimizerBuffers: [],
    },
    {
      name: "linear1.weight",
      shape: [120, 256],
      buffer: 14,
      kind: "param",
      role: "weight",
      init: { kind: "xavier_uniform" },
      fill: 0,
      fanIn: 256,
      fanOut: 120,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "linear1.bias",
      shape: [120],
      buffer: 15,
      kind: "param",
      role: "bias",
      init: { kind: "default" },
      fill: 0,
      fanIn: 256,
      fanOut: 120,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "bn3.weight",
      shape: [120],
      buffer: 16,
      kind: "param",
      role: "weight",
      init: { kind: "ones" },
      fill: 0,
      fanIn: 120,
      fanOut: 120,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "bn3.bias",
      shape: [120],
      buffer: 17,
      kind: "param",
      role: "bias",
      init: { kind: "zeros" },
      fill: 0,
      fanIn: 120,
      fanOut: 120,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "bn3.running_mean",
      shape: [120],
      buffer: 18,
      kind: "state",
      role: "running_mean",
      init: { kind: "default" },
      fill: 0,
      fanIn: 120,
      fanOut: 120,
      trainable: false,
      optimizerBuffers: [],
    },
    {
      name: "bn3.running_var",
      shape: [120],
      buffer: 19,
      kind: "state",
      role: "running_var",
      init: { kind: "default" },
      fill: 1,
      fanIn: 120,
      fanOut: 120,
      trainable: false,
      optimizerBuffers: [],
    },
    {
      name: "linear2.weight",
      shape: [84, 120],
      buffer: 20,
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
      buffer: 21,
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
      name: "bn4.weight",
      shape: [84],
      buffer: 22,
      kind: "param",
      role: "weight",
      init: { kind: "ones" },
      fill: 0,
      fanIn: 84,
      fanOut: 84,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "bn4.bias",
      shape: [84],
      buffer: 23,
      kind: "param",
      role: "bias",
      init: { kind: "zeros" },
      fill: 0,
      fanIn: 84,
      fanOut: 84,
      trainable: true,
      optimizerBuffers: [],
    },
    {
      name: "bn4.running_mean",
      shape: [84],
      buffer: 24,
      kind: "state",
      role: "running_mean",
      init: { kind: "default" },
      fill: 0,
      fanIn: 84,
      fanOut: 84,
      trainable: false,
      optimizerBuffers: [],
    },
    {
      name: "bn4.running_var",
      shape: [84],
      buffer: 25,
      kind: "state",
      role: "running_var",
      init: { kind: "default" },
      fill: 1,
      fanIn: 84,
      fanOut: 84,
      trainable: false,
      optimizerBuffers: [],
    },
    {
      name: "linear3.weight",
      shape: [10, 84],
      buffer: 26,
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
      buffer: 27,
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
    { label: "conv1", kernel: 0, bindings: [2, 30, 0, 3], workgroups: [1152, 1, 1], flops: 45121536, bytes: 4342384 },
    {
      label: "bn1 + sigmoid1 + avgpool1",
      kernel: 1,
      bindings: [30, 51, 28],
      workgroups: [36, 6, 1],
      flops: 2654208,
      bytes: 3542528,
    },
    {
      label: "bn1 + sigmoid1 + avgpool1",
      kernel: 2,
      bindings: [30, 4, 5, 6, 7, 31, 51, 28],
      workgroups: [1, 1, 1],
      flops: 0,
      bytes: 3542720,
    },
    {
      label: "bn1 + sigmoid1 + avgpool1",
      kernel: 3,
      bindings: [30, 32, 51],
      workgroups: [432, 1, 1],
      flops: 2654208,
      bytes: 4427232,
    },
    { label: "conv2", kernel: 4, bindings: [8, 33, 32, 9], workgroups: [256, 1, 1], flops: 78905344, bytes: 1942976 },
    {
      label: "bn2 + sigmoid2 + avgpool2",
      kernel: 5,
      bindings: [33, 51, 28],
      workgroups: [4, 16, 1],
      flops: 786432,
      bytes: 1049888,
    },
    {
      label: "bn2 + sigmoid2 + avgpool2",
      kernel: 6,
      bindings: [33, 10, 11, 12, 13, 34, 51, 28],
      workgroups: [1, 1, 1],
      flops: 0,
      bytes: 1050400,
    },
    {
      label: "bn2 + sigmoid2 + avgpool2",
      kernel: 7,
      bindings: [33, 35, 51],
      workgroups: [128, 1, 1],
      flops: 786432,
      bytes: 1312000,
    },
    { label: "linear1", kernel: 8, bindings: [35, 14, 36, 15], workgroups: [2, 8, 1], flops: 15759360, bytes: 508384 },
    { label: "bn3 + sigmoid3", kernel: 9, bindings: [36, 51, 28], workgroups: [1, 2, 1], flops: 76800, bytes: 126752 },
    {
      label: "bn3 + sigmoid3",
      kernel: 10,
      bindings: [36, 16, 17, 18, 19, 51, 28],
      workgroups: [2, 1, 1],
      flops: 0,
      bytes: 128672,
    },
    {
      label: "bn3 + sigmoid3",
      kernel: 11,
      bindings: [36, 37, 51],
      workgroups: [120, 1, 1],
      flops: 76800,
      bytes: 249600,
    },
    { label: "linear2", kernel: 12, bindings: [37, 20, 38, 21], workgroups: [2, 8, 1], flops: 5182464, bytes: 249552 },
    { label: "bn4 + sigmoid4", kernel: 13, bindings: [38, 51, 28], workgroups: [1, 2, 1], flops: 53760, bytes: 88736 },
    {
      label: "bn4 + sigmoid4",
      kernel: 14,
      bindings: [38, 22, 23, 24, 25, 51, 28],
      workgroups: [2, 1, 1],
      flops: 0,
      bytes: 90080,
    },
    {
      label: "bn4 + sigmoid4",
      kernel: 15,
      bindings: [38, 39, 51],
      workgroups: [84, 1, 1],
      flops: 53760,
      bytes: 174720,
    },
    { label: "linear3", kernel: 16, bindings: [39, 26, 40, 27], workgroups: [2, 1, 1], flops: 432640, bytes: 99656 },
    { label: "loss", kernel: 17, bindings: [40, 1, 41, 29, 28], workgroups: [1, 1, 1], flops: 10240, bytes: 11316 },
    {
      label: "loss.grad_logits",
      kernel: 18,
      bindings: [40, 1, 41, 28],
      workgroups: [1, 1, 1],
      flops: 10240,
      bytes: 21536,
    },
    {
      label: "linear3.grad_input",
      kernel: 19,
      bindings: [41, 26, 40],
      workgroups: [2, 8, 1],
      flops: 430080,
      bytes: 99616,
    },
    {
      label: "linear3.grad_weight",
      kernel: 20,
      bindings: [41, 39, 42],
      workgroups: [1, 1, 1],
      flops: 430080,
      bytes: 99616,
    },
    { label: "linear3.grad_bias", kernel: 21, bindings: [41, 43], workgroups: [1, 1, 1], flops: 2560, bytes: 10280 },
    {
      label: "bn4.grad_input + sigmoid4.grad_input + bn4.grad_bias + bn4.grad_weight",
      kernel: 22,
      bindings: [40, 38, 39, 51, 28],
      workgroups: [1, 2, 1],
      flops: 129024,
      bytes: 260768,
    },
    {
      label: "bn4.grad_input + sigmoid4.grad_input + bn4.grad_bias + bn4.grad_weight",
      kernel: 23,
      bindings: [38, 22, 44, 41, 51, 28],
      workgroups: [2, 1, 1],
      flops: 0,
      bytes: 89744,
    },
    {
      label: "bn4.grad_input + sigmoid4.grad_input + bn4.grad_bias + bn4.grad_weight",
      kernel: 24,
      bindings: [40, 38, 39, 45, 51, 28],
      workgroups: [84, 1, 1],
      flops: 129024,
      bytes: 346784,
    },
    {
      label: "linear2.grad_input",
      kernel: 25,
      bindings: [45, 20, 40],
      workgroups: [2, 8, 1],
      flops: 5160960,
      bytes: 249216,
    },
    {
      label: "linear2.grad_weight",
      kernel: 26,
      bindings: [45, 37, 39],
      workgroups: [2, 3, 1],
      flops: 5160960,
      bytes: 249216,
    },
    { label: "linear2.grad_bias", kernel: 27, bindings: [45, 38], workgroups: [1, 1, 1], flops: 21504, bytes: 86352 },
    {
      label: "bn3.grad_input + sigmoid3.grad_input + bn3.grad_bias + bn3.grad_weight",
      kernel: 28,
      bindings: [40, 36, 37, 51, 28],
      workgroups: [1, 2, 1],
      flops: 184320,
      bytes: 372512,
    },
    {
      label: "bn3.grad_input + sigmoid3.grad_input + bn3.grad_bias + bn3.grad_weight",
      kernel: 29,
      bindings: [36, 16, 46, 45, 51, 28],
      workgroups: [2, 1, 1],
      flops: 0,
      bytes: 128192,
    },
    {
      label: "bn3.grad_input + sigmoid3.grad_input + bn3.grad_bias + bn3.grad_weight",
      kernel: 30,
      bindings: [40, 36, 37, 47, 51, 28],
      workgroups: [120, 1, 1],
      flops: 184320,
      bytes: 495392,
    },
    {
      label: "linear1.grad_input",
      kernel: 31,
      bindings: [47, 14, 40],
      workgroups: [4, 8, 1],
      flops: 15728640,
      bytes: 507904,
    },
    {
      label: "linear1.grad_weight",
      kernel: 32,
      bindings: [47, 35, 37],
      workgroups: [4, 4, 1],
      flops: 15728640,
      bytes: 507904,
    },
    { label: "linear1.grad_bias", kernel: 33, bindings: [47, 36], workgroups: [1, 1, 1], flops: 30720, bytes: 123360 },
    {
      label:
        "bn2.grad_input + avgpool2.grad_input + sigmoid2.grad_input + bn2.grad_bias + bn2.grad_weight + conv2.grad_bias",
      kernel: 34,
      bindings: [40, 33, 34, 51, 28],
      workgroups: [4, 16, 1],
      flops: 753664,
      bytes: 1312288,
    },
    {
      label:
        "bn2.grad_input + avgpool2.grad_input + sigmoid2.grad_input + bn2.grad_bias + bn2.grad_weight + conv2.grad_bias",
      kernel: 35,
      bindings: [33, 10, 35, 47, 49, 51, 28],
      workgroups: [1, 1, 1],
      flops: 0,
      bytes: 1050144,
    },
    {
      label:
        "bn2.grad_input + avgpool2.grad_input + sigmoid2.grad_input + bn2.grad_bias + bn2.grad_weight + conv2.grad_bias",
      kernel: 36,
      bindings: [40, 33, 34, 48, 51, 28],
      workgroups: [256, 1, 1],
      flops: 753664,
      bytes: 2360864,
    },
    {
      label: "conv2.grad_input",
      kernel: 37,
      bindings: [33, 8, 48],
      workgroups: [288, 1, 1],
      flops: 78643200,
      bytes: 1942912,
    },
    {
      label: "conv2.grad_weight",
      kernel: 38,
      bindings: [51, 48, 32],
      workgroups: [3, 1, 64],
      flops: 78643200,
      bytes: 2547712,
    },
    { label: "conv2.grad_weight", kernel: 39, bindings: [51, 40], workgroups: [10, 1, 1], flops: 0, bytes: 624000 },
    {
      label:
        "bn1.grad_input + avgpool1.grad_input + sigmoid1.grad_input + bn1.grad_bias + bn1.grad_weight + conv1.grad_bias",
      kernel: 40,
      bindings: [33, 30, 31, 51, 28],
      workgroups: [36, 6, 1],
      flops: 2543616,
      bytes: 4427360,
    },
    {
      label:
        "bn1.grad_input + avgpool1.grad_input + sigmoid1.grad_input + bn1.grad_bias + bn1.grad_weight + conv1.grad_bias",
      kernel: 41,
      bindings: [30, 4, 32, 34, 50, 51, 28],
      workgroups: [1, 1, 1],
      flops: 0,
      bytes: 3542624,
    },
    {
      label:
        "bn1.grad_input + avgpool1.grad_input + sigmoid1.grad_input + bn1.grad_bias + bn1.grad_weight + conv1.grad_bias",
      kernel: 42,
      bindings: [33, 30, 31, 48, 51, 28],
      workgroups: [864, 1, 1],
      flops: 2543616,
      bytes: 7966304,
    },
    {
      label: "conv1.grad_weight",
      kernel: 43,
      bindings: [51, 48, 0],
      workgroups: [4, 2, 128],
      flops: 44236800,
      bytes: 4418560,
    },
    { label: "conv1.grad_weight", kernel: 44, bindings: [51, 33], workgroups: [1, 1, 1], flops: 0, bytes: 77400 },
    {
      label: "conv1.weight + conv1.bias + bn1.weight + bn1.bias update",
      kernel: 51,
      bindings: [2, 33, 3, 50, 4, 32, 5, 34, 28],
      workgroups: [1, 1, 1],
      flops: 336,
      bytes: 1376,
    },
    {
      label: "conv2.weight + conv2.bias + bn2.weight + bn2.bias update",
      kernel: 52,
      bindings: [8, 40, 9, 49, 10, 35, 11, 47, 28],
      workgroups: [3, 1, 1],
      flops: 4896,
      bytes: 19616,
    },
    {
      label: "linear1.weight + linear1.bias + bn3.weight + bn3.bias update",
      kernel: 53,
      bindings: [14, 37, 15, 36, 16, 46, 17, 45, 28],
      workgroups: [31, 1, 1],
      flops: 62160,
      bytes: 248672,
    },
    {
      label: "linear2.weight + linear2.bias + bn4.weight + bn4.bias update",
      kernel: 54,
      bindings: [20, 39, 21, 38, 22, 44, 23, 41, 28],
      workgroups: [11, 1, 1],
      flops: 20664,
      bytes: 82688,
    },
    {
      label: "linear3.weight + linear3.bias update",
      kernel: 55,
      bindings: [26, 42, 27, 43, 28],
      workgroups: [1, 1, 1],
      flops: 1700,
      bytes: 6832,
    },
  ],
  evaluate: [
    {
      label: "conv1 + bn1 + sigmoid1",
      kernel: 45,
      bindings: [2, 30, 0, 3, 4, 5, 6, 7],
      workgroups: [1152, 1, 1],
      flops: 49545216,
      bytes: 4342480,
    },
    { label: "avgpool1", kernel: 46, bindings: [30, 32], workgroups: [432, 1, 1], flops: 884736, bytes: 4423680 },
    {
      label: "conv2 + bn2 + sigmoid2",
      kernel: 47,
      bindings: [8, 33, 32, 9, 10, 11, 12, 13],
      workgroups: [256, 1, 1],
      flops: 80216064,
      bytes: 1943232,
    },
    { label: "avgpool2", kernel: 48, bindings: [33, 35], workgroups: [128, 1, 1], flops: 262144, bytes: 1310720 },
    { label: "linear1", kernel: 8, bindings: [35, 14, 36, 15], workgroups: [2, 8, 1], flops: 15759360, bytes: 508384 },
    {
      label: "bn3 + sigmoid3",
      kernel: 49,
      bindings: [36, 16, 17, 18, 19, 37],
      workgroups: [120, 1, 1],
      flops: 153600,
      bytes: 247680,
    },
    { label: "linear2", kernel: 12, bindings: [37, 20, 38, 21], workgroups: [2, 8, 1], flops: 5182464, bytes: 249552 },
    {
      label: "bn4 + sigmoid4",
      kernel: 50,
      bindings: [38, 22, 23, 24, 25, 39],
      workgroups: [84, 1, 1],
      flops: 107520,
      bytes: 173376,
    },
    { label: "linear3", kernel: 16, bindings: [39, 26, 40, 27], workgroups: [2, 1, 1], flops: 432640, bytes: 99656 },
    { label: "loss", kernel: 17, bindings: [40, 1, 41, 29, 28], workgroups: [1, 1, 1], flops: 10240, bytes: 11316 },
  ],
  predict: [
    {
      label: "conv1 + bn1 + sigmoid1",
      kernel: 45,
      bindings: [2, 30, 0, 3, 4, 5, 6, 7],
      workgroups: [1152, 1, 1],
      flops: 49545216,
      bytes: 4342480,
    },
    { label: "avgpool1", kernel: 46, bindings: [30, 32], workgroups: [432, 1, 1], flops: 884736, bytes: 4423680 },
    {
      label: "conv2 + bn2 + sigmoid2",
      kernel: 47,
      bindings: [8, 33, 32, 9, 10, 11, 12, 13],
      workgroups: [256, 1, 1],
      flops: 80216064,
      bytes: 1943232,
    },
    { label: "avgpool2", kernel: 48, bindings: [33, 35], workgroups: [128, 1, 1], flops: 262144, bytes: 1310720 },
    { label: "linear1", kernel: 8, bindings: [35, 14, 36, 15], workgroups: [2, 8, 1], flops: 15759360, bytes: 508384 },
    {
      label: "bn3 + sigmoid3",
      kernel: 49,
      bindings: [36, 16, 17, 18, 19, 37],
      workgroups: [120, 1, 1],
      flops: 153600,
      bytes: 247680,
    },
    { label: "linear2", kernel: 12, bindings: [37, 20, 38, 21], workgroups: [2, 8, 1], flops: 5182464, bytes: 249552 },
    {
      label: "bn4 + sigmoid4",
      kernel: 50,
      bindings: [38, 22, 23, 24, 25, 39],
      workgroups: [84, 1, 1],
      flops: 107520,
      bytes: 173376,
    },
    { label: "linear3", kernel: 16, bindings: [39, 26, 40, 27], workgroups: [2, 1, 1], flops: 432640, bytes: 99656 },
  ],
  statistics: 16,
  optimizer: { kind: "sgd", lr: 1, momentum: 0, weightDecay: 0, nesterov: false },
  schedule: { kind: "constant" },
  bnStatistics: { kind: "recomputed", batches: 50 },
  epochs: 10,
  seed: 0,
  data: { source: "fashion_mnist" },
  kernels,
};

/** The bn_lenet model on `device`: parameters initialised, ready to train or load weights. */
export function createBnLenet(device: GPUDevice, options?: ModelOptions): Promise<Model> {
  return Model.create(device, plan, options);
}
