// linear2_sigmoid2_forward: lenet, compiled by netc from ../../specs/lenet.net
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
