// conv1_bn1_sigmoid1_forward: bn_lenet, compiled by netc from ../../specs/bn_lenet.net
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
