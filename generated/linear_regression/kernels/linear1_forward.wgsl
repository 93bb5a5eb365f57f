// linear1_forward: linear_regression, compiled by netc from ../../specs/linear_regression.net
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
