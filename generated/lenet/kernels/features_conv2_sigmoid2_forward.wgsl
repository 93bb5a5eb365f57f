// features_conv2_sigmoid2_forward: lenet, compiled by netc from ../../specs/lenet.net
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
